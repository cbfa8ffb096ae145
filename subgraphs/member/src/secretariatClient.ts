/**
 * How a member asks the secretariat something on its own account: with its
 * service identity, naming the caller the question concerns (`obo`), and the
 * caller's purpose and case reference; the caller's token is never relayed.
 * One place for the JIT a request names, the grants a caller holds, the
 * cooperation requests the member files, and the audit chain heads it sends
 * (on no caller's behalf).
 */
import {
  CASE_REF_HEADER, currentRequest, encodeHeaderText, PURPOSE_HEADER, requestIdHeaders, tracingActive,
  type Caller, type RequestIdentity, type ServiceIdentity,
} from '@enlace/platform';

export interface SecretariatAnswer<T> {
  data?: T | null;
  errors?: Array<{ message?: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** Why the member asks: the caller it asks about (none: on its own behalf), with that request's purpose and case reference. */
export type AskingFor = Pick<RequestIdentity, 'purpose' | 'caseRef'> & { caller?: Caller };

export interface SecretariatClient {
  /** The secretariat's GraphQL answer; throws SecretariatUnreachable when there is none. */
  ask<T>(on: AskingFor, query: string, variables: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<SecretariatAnswer<T>>;
}

/** No answer from the secretariat: not configured, down, timed out, or not GraphQL. */
export class SecretariatUnreachable extends Error {}

export function secretariatClient(url: string, options: { service?: ServiceIdentity; timeoutMs?: number }): SecretariatClient {
  return {
    async ask<T>(on: AskingFor, query: string, variables: Record<string, unknown>, call: { timeoutMs?: number } = {}) {
      if (!options.service) throw new SecretariatUnreachable('this member has no service identity to ask the secretariat with (MEMBER_SERVICE_KEY)');
      const token = await options.service.token(on.caller);
      // The request id of the request that asks, so one query can be followed into the secretariat's log.
      const requestId = currentRequest()?.id;
      const headers: Record<string, string> = {
        ...(requestId ? requestIdHeaders(requestId, tracingActive()) : {}), 'content-type': 'application/json', authorization: `Bearer ${token}`,
      };
      // Text in a header: percent-encoded, as every process reads it (headerText.ts).
      if (on.purpose) headers[PURPOSE_HEADER] = encodeHeaderText(on.purpose);
      if (on.caseRef) headers[CASE_REF_HEADER] = encodeHeaderText(on.caseRef);
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(call.timeoutMs ?? options.timeoutMs ?? 2000) });
      } catch (err) {
        throw new SecretariatUnreachable(`the secretariat cannot be asked (${(err as Error).message})`);
      }
      try {
        return (await res.json()) as SecretariatAnswer<T>;
      } catch {
        throw new SecretariatUnreachable(`the secretariat answered HTTP ${res.status} without a GraphQL body`);
      }
    },
  };
}
