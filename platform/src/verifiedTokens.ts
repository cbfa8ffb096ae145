/**
 * Tokens already verified, by their exact text: a caller sends the same token
 * with every request, and checking its ES256 signature is the largest CPU cost of
 * a small request. Only a token that passed every check is kept (refusals are
 * checked and explained afresh every time), and only what is a function of the
 * token's text: whatever a request adds (purpose, case reference, the gateway's
 * assertion and its nonce) is checked per request by the caller of `verify`.
 *
 * An entry lasts at most `ttlSeconds` (a key withdrawn from the JWKS, or a
 * changed binding, takes effect within it) and never past the token's own expiry,
 * to the second (the signature check allows 30 s of clock skew; the cache does
 * not). Bounded: past `maxEntries`, the least recently used token goes first.
 */

export interface VerifiedTokenOptions {
  /** How long a verified token is taken on trust without checking it again (default 60 s). */
  ttlSeconds?: number;
  /** The most tokens kept at once (default 10,000). */
  maxEntries?: number;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
}

const VERIFIED_TOKEN_SECONDS = 60;
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export class VerifiedTokens<T> {
  /** In order of last use, oldest first (a Map keeps insertion order). */
  private readonly entries = new Map<string, { value: T; until: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: VerifiedTokenOptions = {}) {
    this.ttlMs = (options.ttlSeconds ?? VERIFIED_TOKEN_SECONDS) * 1000;
    this.maxEntries = Math.max(1, options.maxEntries ?? VERIFIED_TOKEN_CACHE_SIZE);
    this.now = options.now ?? (() => Date.now());
  }

  /** What `token` was verified as, while its entry lasts; undefined when it must be verified (again). */
  get(token: string): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (entry.until <= this.now()) return undefined;
    this.entries.set(token, entry); // most recently used now
    return entry.value;
  }

  /** Keeps `token`, verified as `value`, whose `exp` claim (seconds since the epoch) is `exp`. */
  set(token: string, value: T, exp: number): void {
    const now = this.now();
    const until = Math.min(now + this.ttlMs, exp * 1000);
    if (!(until > now)) return; // expired already (or no usable exp): never kept
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { value, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
