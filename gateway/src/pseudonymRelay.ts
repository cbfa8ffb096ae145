/**
 * A requester's way to the network's pseudonym evaluator (docs/PSEUDONYMS.md): the gateway
 * relays POST /pseudonyms/evaluate to the secretariat's evaluator, body and token as they
 * came. What crosses it is blinded elements (random points), never an identifier or a
 * pseudonym; the evaluator verifies the caller's token itself, budgets each caller and
 * writes the batch's size to its audit log. The gateway only refuses, before relaying, a
 * request without a valid token or over the size of a batch.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { identify, PSEUDONYMS_PATH, readBody, sendJson, type TokenVerifier } from '@enlace/platform';

export interface RelayOptions {
  secretariatUrl: string;
  verifier: TokenVerifier;
  timeoutMs?: number;
}

/** A person's check is a few elements; 64 KiB is a thousand, the evaluator's largest batch. */
const MAX_BODY = 64 * 1024;

export function pseudonymRelay(options: RelayOptions) {
  const target = new URL(PSEUDONYMS_PATH, options.secretariatUrl).toString();
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== PSEUDONYMS_PATH) return false;
    if (req.method !== 'POST') {
      sendJson(res, 405, { errors: [{ message: `${path} takes POST`, extensions: { code: 'BAD_REQUEST' } }] }, { allow: 'POST' });
      return true;
    }
    await identify(req, options.verifier); // no token, or an untrusted one: 401 here, nothing relayed
    const body = await readBody(req, MAX_BODY);
    let answer: Response;
    try {
      answer = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch {
      sendJson(res, 503, { errors: [{ message: 'The network\'s pseudonym evaluator (at the secretariat) cannot be reached now: try again in a minute', extensions: { code: 'PSEUDONYMS_UNAVAILABLE' } }] });
      return true;
    }
    const text = await answer.text();
    const retryAfter = answer.headers.get('retry-after');
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...(retryAfter ? { 'retry-after': retryAfter } : {}) });
    res.end(text);
    return true;
  };
}
