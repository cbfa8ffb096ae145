/** @cloudflare/voprf-ts publishes its @noble/curves provider as a subpath export, which this project's module resolution (node10) does not read. */
declare module '@cloudflare/voprf-ts/crypto-noble' {
  export const CryptoNoble: import('@cloudflare/voprf-ts').CryptoProvider;
}
