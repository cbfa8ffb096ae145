/** Pseudonyms for hit/no-hit (docs/PSEUDONYMS.md): the oblivious PRF, for Node and for a browser, and what is pseudonymised. */
export {
  decodeElement, encodeElement, P256_N, P256_P, PRF_ELEMENT_BYTES, PrfInputError, type BlindedBatch,
} from './oprfShared';
export { blindForPseudonyms, createPrfKeyFile, PrfKey, prfKeyFromFile } from './oprf';
export { blindForPseudonymsInBrowser } from './oprfBrowser';
export {
  obtainPseudonyms, PseudonymKeyChanged, PSEUDONYMS_PATH, PseudonymsRefused, PseudonymsUnreachable, type EvaluatorAccess, type Pseudonymised,
} from './client';
export {
  accountIdentifier, accountIdentifiers, documentIdentifier, IDENTIFIER_KINDS, identifierCharacters, MAX_NAME_CHECK_KEYS, nameCheckIdentifiers,
  personIdentifiers, type IdentifierKind, type NameCheck, type PersonForIdentifiers,
} from './identifiers';
