/** The suite's HTTP calls: GraphQL over POST as any client sends it, with a caller's token, purpose and case reference. */
import { CASE_REF_HEADER, PURPOSE_HEADER, type HopHeaders, type HopSigner } from '@enlace/platform';

export interface GraphQLError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; rule?: string; [key: string]: unknown };
}

export interface Answer {
  status: number;
  /** The parsed body; null when it was not JSON. */
  body: { data?: Record<string, any> | null; errors?: GraphQLError[] } | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  contentType: string;
}

export interface Caller {
  name: string;
  token: string;
  country: string;
  /** Stated with every request unless a call says otherwise. */
  purpose: string | null;
  caseRef: string | null;
}

export interface CallOptions {
  caller?: Caller | null;
  /** Leave out the purpose and case reference. */
  noPurpose?: boolean;
  /** Sign an assertion for this member (how the gateway relays a foreign caller's request). */
  hop?: { signer: HopSigner; member: string } | null;
  /** Send this assertion and nonce as they are (the hop checks). */
  hopHeaders?: HopHeaders;
  /** The raw body, when not a single operation. */
  rawBody?: string;
  timeoutMs?: number;
}

export async function post(url: string, query: string, variables: Record<string, unknown> = {}, options: CallOptions = {}): Promise<Answer> {
  const body = options.rawBody ?? JSON.stringify({ query, variables });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const caller = options.caller;
  if (caller) headers.authorization = `Bearer ${caller.token}`;
  const purpose = caller && !options.noPurpose ? caller.purpose : null;
  const caseRef = caller && !options.noPurpose ? caller.caseRef : null;
  if (purpose) headers[PURPOSE_HEADER] = encodeURIComponent(purpose);
  if (caseRef) headers[CASE_REF_HEADER] = encodeURIComponent(caseRef);
  if (options.hop && caller) Object.assign(headers, await options.hop.signer.sign({ member: options.hop.member, body, token: caller.token, purpose, caseRef }));
  if (options.hopHeaders) Object.assign(headers, options.hopHeaders);
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
  const text = await res.text();
  let parsed: Answer['body'] = null;
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    /* not JSON: a page, or a proxy's answer */
  }
  return { status: res.status, body: parsed, contentType: res.headers.get('content-type') ?? '' };
}

/** The codes of an answer's errors, for messages. */
export const codesOf = (a: Answer): string[] => (a.body?.errors ?? []).map((e) => e.extensions?.code ?? e.message.slice(0, 60));
