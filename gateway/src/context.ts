/**
 * What the gateway knows of a request once it has verified it, handed as it is to
 * the data sources (Apollo's `options.context`): the caller's identity, verified
 * once at the door, and the request id. Downstream headers are written from it;
 * nothing downstream reads a header back.
 */
import { CASE_REF_HEADER, encodeHeaderText, PURPOSE_HEADER, requestIdHeaders, tracingActive, type RequestIdentity } from '@enlace/platform';

export interface GatewayContext extends Record<string, unknown> {
  identity: RequestIdentity;
  /** Forwarded to members and the secretariat, which log it too. */
  requestId?: string;
}

/**
 * What every downstream request carries: the caller's own token (each member verifies it), purpose and case
 * reference (percent-encoded again: headerText.ts), and the request id (x-request-id, traceparent). Member
 * requests also carry the gateway's assertion and their own nonce (memberDataSource), so the token cannot be
 * replayed at another member or with another query.
 */
export function downstreamHeaders({ identity, requestId }: GatewayContext): Record<string, string> {
  const headers: Record<string, string> = { ...(requestId ? requestIdHeaders(requestId, tracingActive()) : {}), authorization: `Bearer ${identity.token}` };
  if (identity.purpose) headers[PURPOSE_HEADER] = encodeHeaderText(identity.purpose);
  if (identity.caseRef) headers[CASE_REF_HEADER] = encodeHeaderText(identity.caseRef);
  return headers;
}
