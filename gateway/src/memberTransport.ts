/**
 * Carrying a sub-request to a member and reading its answer. The transport
 * posts the exact bytes it is given (the hop assertion is signed over them) and
 * says what came back; `readReply` turns that into the member's answer, or into
 * MEMBER_UNAVAILABLE when the member failed, was too slow or answered garbage.
 * The HTTP part is an interface so that routing and merging run without servers.
 */
import { Pool } from 'undici';
import type { GraphQLFormattedError } from 'graphql';
import type { Json } from './merge';
import type { MemberAnswer, UnavailableReason } from './memberMerging';

/** What came back from one member: its HTTP answer, or why there was none (words safe to show). */
export type MemberReply = { status: number; body: string } | { unavailable: string; timedOut?: true };

export interface MemberTransport {
  /** Posts `body` (JSON, sent byte for byte) to the member's subgraph. Never throws. */
  post(country: string, body: string, headers: Record<string, string>): Promise<MemberReply>;
  close(): Promise<void>;
}

export interface PooledTransportOptions {
  /** Per-member timeout for one request (until its whole answer is read), in ms. */
  timeoutMs: number;
  /** Most connections open to one member at a time; further requests wait for one. */
  connections?: number;
}

/**
 * One keep-alive connection pool per member (undici), so a request does not pay for a new connection.
 * Each request goes through the pool's `dispatch` with a handler that collects the answer's bytes:
 * `pool.request` wraps every answer in a readable stream and every request in an AbortController,
 * about a third more CPU for a fan-out of 16 small answers (0.90 against 0.65 ms, measured once with
 * 16 loopback servers in the same process). In the bench, the gateway over 16 cheap members under
 * load went from 3.39 to 2.66 ms of CPU per request with this and the in-place error relocation.
 */
export function pooledTransport(directory: ReadonlyMap<string, string>, options: PooledTransportOptions): MemberTransport {
  const pools = new Map<string, { pool: Pool; path: string }>();
  for (const [country, url] of directory) {
    const u = new URL(url);
    pools.set(country, { pool: new Pool(u.origin, { connections: options.connections ?? 32 }), path: `${u.pathname}${u.search}` });
  }
  const { timeoutMs } = options;
  return {
    post(country, body, headers) {
      const member = pools.get(country);
      if (!member) return Promise.resolve({ unavailable: 'not in the directory' });
      return new Promise<MemberReply>((resolve) => {
        const chunks: Buffer[] = [];
        let status = 0;
        let controller: { abort(reason: Error): void } | null = null;
        let settled = false;
        const settle = (reply: MemberReply) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(reply);
        };
        // Until the whole answer is read. A request still waiting for a connection has no controller yet: it is
        // answered now and aborted as soon as it starts.
        const timer = setTimeout(() => {
          settle({ unavailable: `no answer within ${timeoutMs} ms`, timedOut: true });
          controller?.abort(new Error('member timeout'));
        }, timeoutMs);
        member.pool.dispatch({ method: 'POST', path: member.path, headers: { ...headers, 'content-type': 'application/json' }, body }, {
          onRequestStart(c) {
            controller = c;
            if (settled) c.abort(new Error('member timeout'));
          },
          onResponseStart(_c, statusCode) {
            status = statusCode;
          },
          onResponseData(_c, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            settle({ status, body: Buffer.concat(chunks).toString('utf8') });
          },
          onResponseError() {
            settle({ unavailable: 'cannot be reached' });
          },
        });
      });
    },
    async close() {
      await Promise.all([...pools.values()].map(({ pool }) => pool.destroy()));
    },
  };
}

/** The member's answer in a reply: its data and errors, or why it cannot be used. */
export function readReply(country: string, reply: MemberReply): MemberAnswer {
  const down = (reason: string, kind: UnavailableReason = 'bad-answer'): MemberAnswer => ({ country, data: null, errors: [], unavailable: reason, unavailableReason: kind });
  if ('unavailable' in reply) return down(reply.unavailable, reply.timedOut ? 'timeout' : 'unreachable');
  let body: { data?: unknown; errors?: unknown };
  try {
    body = JSON.parse(reply.body);
  } catch {
    return down(`answered HTTP ${reply.status} with a body that is not JSON`);
  }
  const data = body?.data;
  const errors = Array.isArray(body?.errors) ? (body.errors as GraphQLFormattedError[]) : [];
  const ok = reply.status >= 200 && reply.status < 300;
  // Execution errors that nulled the whole answer (bad arguments, say) are the member's answer, not an outage.
  if (data === null && errors.length && ok) return { country, data: {}, errors };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    // A request-level error (bad token, say): the member refused; say what it said, shortened.
    const said = errors[0]?.message;
    // It cannot serve now and says so (503 with a registered code, e.g. AUDIT_UNAVAILABLE): passed on, as written for clients.
    if (reply.status === 503 && typeof errors[0]?.extensions?.code === 'string') return down(`is not ready: ${String(said).slice(0, 300)}`, 'not-ready');
    if (errors.length && reply.status < 500) return down(`refused the request: ${typeof said === 'string' ? said.slice(0, 200) : 'unknown error'}`);
    return down(`answered HTTP ${reply.status} without data`);
  }
  return { country, data: data as Record<string, Json>, errors };
}
