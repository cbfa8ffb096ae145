/**
 * A loopback HTTP proxy that forwards each POST to a target and keeps what it
 * saw (headers and exact body): to look at, and to replay, what really
 * travels between the gateway, the members and the secretariat.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingProxy {
  url: string;
  /** Where requests go; may be set after the proxy starts. */
  target: string;
  seen: Seen[];
  close(): Promise<void>;
}

export async function recordingProxy(target = ''): Promise<RecordingProxy> {
  const proxy: RecordingProxy = { url: '', target, seen: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      proxy.seen.push({ headers: req.headers, body });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      try {
        const answer = await fetch(proxy.target, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(await answer.text());
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
