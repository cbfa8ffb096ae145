/**
 * A delaying HTTP proxy in front of a real member: holds each request for a
 * fixed time (the stand-in for a member's network and database latency), then
 * forwards it unchanged and streams the member's answer back. It also notes,
 * per gateway request (the case reference the gateway forwards to every member),
 * when each member request arrived and when its answer was sent, so that the
 * benchmark can tell parallel from serial fan-out.
 *
 * With `replay`, it is a *cheap member*: the first answer to each request body
 * is fetched from the member and kept, and every later request with that body is
 * answered from it after the same delay, without the member. The gateway talks
 * to it as to a member (its hop header is accepted and ignored), so a fan-out
 * over cheap members measures the gateway's own cost, not the members' work.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hop {
  country: string;
  /** When the gateway's request arrived: the machine's monotonic clock in ms (the same in every process). */
  arrived: number;
  /** When the member's answer had been sent back. */
  done: number;
}

export interface DelayProxy {
  url: string;
  close(): Promise<void>;
}

/** Hops by case reference, shared by all proxies of a process. */
export const hops = new Map<string, Hop[]>();

/** CLOCK_MONOTONIC, shared by all processes of the machine, so proxies in different processes compare. */
const now = () => Number(process.hrtime.bigint()) / 1e6;

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

interface Recorded {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

export async function startDelayProxy(country: string, target: string, delayMs: number, replay = false): Promise<DelayProxy> {
  const upstream = new URL(target);
  const recorded = new Map<string, Recorded>();
  const note = (req: IncomingMessage, arrived: number) => {
    const ref = req.headers['x-enlace-case-ref'];
    if (typeof ref !== 'string') return;
    const list = hops.get(ref) ?? [];
    list.push({ country, arrived, done: now() });
    hops.set(ref, list);
  };
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const arrived = now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const body = Buffer.concat(chunks);
        const key = replay ? body.toString() : '';
        const kept = replay ? recorded.get(key) : undefined;
        if (kept) {
          res.writeHead(kept.status, kept.headers);
          res.end(kept.body, () => note(req, arrived));
          return;
        }
        const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
        delete headers['transfer-encoding'];
        const up = http.request(
          { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            const parts: Buffer[] = [];
            if (replay) answer.on('data', (c: Buffer) => parts.push(c));
            answer.on('end', () => {
              if (replay && answer.statusCode === 200) {
                const headers = { ...answer.headers };
                delete headers['transfer-encoding'];
                delete headers.date;
                const kept = Buffer.concat(parts);
                recorded.set(key, { status: 200, headers: { ...headers, 'content-length': String(kept.length) }, body: kept });
              }
              note(req, arrived);
            });
          },
        );
        up.on('error', (err) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`proxy: ${err.message}`);
        });
        up.end(body);
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
