/** Pseudonyms for hit/no-hit (docs/PSEUDONYMS.md): the oblivious PRF, for Node and for a browser. */
export {
  decodeElement, encodeElement, P256_N, P256_P, PRF_ELEMENT_BYTES, PrfInputError, type BlindedBatch,
} from './oprfShared';
export { blindForPseudonyms, createPrfKeyFile, PrfKey, prfKeyFromFile } from './oprf';
export { blindForPseudonymsInBrowser } from './oprfBrowser';
