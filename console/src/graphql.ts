/**
 * The console talks to the gateway's /graphql like any client: the caller's token,
 * purpose (x-enlace-purpose) and case reference (x-enlace-case-ref) on every request,
 * those two percent-encoded (header values are bytes: the network reads them as
 * percent-encoded UTF-8, so "Trata de personas — Peñalolén" travels as is).
 * Partial answers are normal here (a member down, a field withheld), so errors come
 * back beside the data instead of being thrown.
 */
export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; country?: string; rule?: string; field?: string; reason?: string };
}

export interface GqlResult<T> {
  data: T | null;
  errors: GqlError[];
  /** The HTTP status: 401 means the token is no longer accepted. */
  status: number;
  /** When the answer was given (the gateway's Date header, else this browser's clock), ISO 8601: a printout says when its data was read. */
  readAt: string;
}

export interface Credentials {
  token: string;
  purpose?: string;
  caseRef?: string;
}

export const GRAPHQL_PATH = '/graphql';

export async function gql<T>(credentials: Credentials, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${credentials.token}` };
  if (credentials.purpose) headers['x-enlace-purpose'] = encodeURIComponent(credentials.purpose);
  if (credentials.caseRef) headers['x-enlace-case-ref'] = encodeURIComponent(credentials.caseRef);
  const response = await fetch(GRAPHQL_PATH, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  let body: { data?: T | null; errors?: GqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = { errors: [{ message: `The gateway answered ${response.status} without a GraphQL body`, extensions: { code: 'BAD_RESPONSE' } }] };
  }
  return { data: body.data ?? null, errors: body.errors ?? [], status: response.status, readAt: answeredAt(response.headers.get('date')) };
}

/** The gateway's clock when it has a Date header (the owners log reads by theirs), else this browser's. */
function answeredAt(date: string | null): string {
  const at = date ? new Date(date) : new Date();
  return (Number.isNaN(at.getTime()) ? new Date() : at).toISOString();
}
