/**
 * The harness's GraphQL client: one request, timed, and what came of it as error
 * codes. Protocol refusals and a full store queue are answers the network is
 * meant to give under load (acceptable); anything else (a timeout, a member
 * unavailable, an internal error, a broken connection) is a failure.
 */
import type { Role } from '@enlace/platform';
import { mintToken, type DevIssuer } from '../devIssuer';

/** Codes a sound network may answer under load: protocol refusals, and a store queue that is full. */
export const ACCEPTABLE_CODES: ReadonlySet<string> = new Set(['FORBIDDEN', 'PURPOSE_REQUIRED', 'RATE_LIMITED', 'STORE_BUSY']);

/** The code's name without a detail in brackets: `MEMBER_UNAVAILABLE(timeout)` → `MEMBER_UNAVAILABLE`. */
export const baseCode = (code: string) => code.replace(/\(.*\)$/, '');
export const isAcceptable = (code: string) => ACCEPTABLE_CODES.has(baseCode(code));

export interface Outcome {
  /** What the request was, e.g. 'rename' or 'searchName'. */
  kind: string;
  ms: number;
  data: Record<string, any> | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * One per error, in order: the GraphQL code (MEMBER_UNAVAILABLE with its reason in
   * brackets), or TIMEOUT (no answer within the client's time), TRANSPORT (no HTTP
   * answer), HTTP_<status> (an answer that is not GraphQL).
   */
  codes: string[];
  /** The errors' messages, beside `codes`. */
  messages: string[];
  /** The first element of each error's path (the root field or its alias), beside `codes`. */
  paths: Array<string | null>;
}

export interface Identity {
  country: string;
  role: Role;
  subject: string;
  purpose: string;
  caseRef: string;
}

/** An identity with its token (12 h, the longest the network accepts). */
export interface Caller extends Identity {
  headers: Record<string, string>;
}

export async function callerOf(issuer: DevIssuer, who: Identity): Promise<Caller> {
  const token = await mintToken(issuer, { country: who.country, roles: [who.role], subject: who.subject, expiresIn: '12h' });
  return { ...who, headers: { authorization: `Bearer ${token}`, 'x-enlace-purpose': who.purpose, 'x-enlace-case-ref': who.caseRef } };
}

export class Client {
  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async call(kind: string, caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<Outcome> {
    const started = performance.now();
    const done = (data: Outcome['data'], codes: string[], messages: string[], paths: Array<string | null> = codes.map(() => null)): Outcome =>
      ({ kind, ms: performance.now() - started, data, codes, messages, paths });
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...caller.headers },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return done(null, ['TIMEOUT'], [`no answer within ${this.timeoutMs} ms`]);
      return done(null, ['TRANSPORT'], [`${e.message}${e.cause ? `: ${e.cause.code ?? e.cause.message}` : ''}`]);
    }
    let body: { data?: Outcome['data']; errors?: Array<{ message?: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
    try {
      body = JSON.parse(text);
    } catch {
      return done(null, [`HTTP_${res.status}`], [text.slice(0, 200)]);
    }
    const errors = body.errors ?? [];
    const codes = errors.map((e) => {
      const code = String(e.extensions?.code ?? 'NO_CODE');
      const reason = e.extensions?.reason;
      return code === 'MEMBER_UNAVAILABLE' && typeof reason === 'string' ? `${code}(${reason})` : code;
    });
    if (!errors.length && !res.ok) return done(body.data ?? null, [`HTTP_${res.status}`], [text.slice(0, 200)]);
    return done(body.data ?? null, codes, errors.map((e) => String(e.message ?? '')), errors.map((e) => (typeof e.path?.[0] === 'string' ? e.path[0] : null)));
  }
}

/** The first error that is not an acceptable refusal, or null. */
export function firstFailure(o: Outcome): { code: string; message: string } | null {
  const i = o.codes.findIndex((c) => !isAcceptable(c));
  return i < 0 ? null : { code: o.codes[i], message: o.messages[i] };
}
