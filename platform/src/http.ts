/**
 * The HTTP layer every Enlace process shares: Apollo Server's integration API
 * on node:http, with a body size limit, /health (alive) and /ready (can serve),
 * /metrics (when configured), the explorer page for browsers, a request id per
 * GraphQL request, and clean shutdown.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { DEV_TOKEN_PATH, type DevTokenIssuer } from './devTokens';
import { HttpError } from './httpError';
import type { Readiness } from './readiness';
import type { Observability } from './observability';
import { inRequestScope, REQUEST_ID_HEADER, requestIdFrom, type RequestScope } from './requestId';
import { activeTraceId } from './tracing';

export interface ServeOptions<C extends BaseContext> {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /**
   * Builds the per-request context; throw an HttpError to answer with its status.
   * `rawBody` is the body exactly as received ('' for GET): members check the
   * gateway's assertion over it.
   */
  context: (req: IncomingMessage, rawBody: string) => Promise<C>;
  maxBodyBytes?: number;
  /** Answer for GET /health. */
  health?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Answer for GET /ready: 200 when ready, else 503 (default: ready once listening). */
  ready?: () => Promise<Readiness>;
  /** The explorer page, for a browser's GET of the GraphQL path (rendered once, on first use); none: no explorer. */
  explorer?: () => string;
  /** Development only: POST /dev/token mints the token the explorer's picker asks for. */
  devTokens?: DevTokenIssuer | null;
  /** Further pages this process serves outside GraphQL (the gateway's console): answers and returns true when it took the request. */
  pages?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
  /** Logs each GraphQL request and counts it; serves /metrics when metrics are configured (observability.ts). */
  observed?: Pick<Observability, 'logger' | 'metrics' | 'requestEnded'>;
}

export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The body, up to `limit` bytes. A larger one is refused with 413 and the rest is
 * read and dropped, not cut off: destroying the request reset the connection
 * before the client could read the answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, `Request body larger than ${limit} bytes`, 'PAYLOAD_TOO_LARGE');
    if (Number(req.headers['content-length']) > limit) {
      // Answered at once; node:http drops the unread body once the answer is sent.
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return; // refused already: dropped
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      reject(tooLarge());
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A JSON answer with its length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function serveApollo<C extends BaseContext>(apollo: ApolloServer<C>, options: ServeOptions<C>): Promise<Served> {
  await apollo.start();
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  let explorerPage: string | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      sendJson(res, 200, { status: 'ok', ...(await options.health?.()) });
      return;
    }
    if (path === '/ready') {
      const readiness = (await options.ready?.()) ?? { ready: true };
      sendJson(res, readiness.ready ? 200 : 503, readiness);
      return;
    }
    if (path === DEV_TOKEN_PATH && options.devTokens && req.method === 'POST') {
      await mintDevToken(options.devTokens, await readBody(req, 4096), res);
      return;
    }
    const metrics = options.observed?.metrics;
    if (path === '/metrics' && metrics) {
      if (!metrics.authorized(req.headers.authorization)) {
        res.setHeader('www-authenticate', 'Bearer');
        sendJson(res, 401, { errors: [{ message: '/metrics needs the metrics token (ENLACE_METRICS) as a bearer token', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      const text = await metrics.render();
      res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (options.pages && (await options.pages(req, res, path))) return;
    if (path !== '/graphql' && path !== '/') {
      sendJson(res, 404, { errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    if (options.explorer && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
      const page = (explorerPage ??= options.explorer());
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
    // A GraphQL request: from here on, every log line carries its id, and its end is logged and counted.
    const scope: RequestScope = { id: requestIdFrom(req.headers, activeTraceId) };
    res.setHeader(REQUEST_ID_HEADER, scope.id);
    const started = performance.now();
    res.once('close', () => options.observed?.requestEnded(scope, res.statusCode, (performance.now() - started) / 1000));
    await inRequestScope(scope, () => graphql(req, res));
  };

  const graphql = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const raw = req.method === 'POST' ? await readBody(req, limit) : '';
    let body: unknown = raw;
    if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        throw new HttpError(400, 'Request body is not valid JSON', 'BAD_REQUEST');
      }
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: (req.url ?? '').split('?')[1] ?? '', body },
      // Apollo answers a context error with the status in its extensions.http.
      context: async () => {
        try {
          return await options.context(req, raw);
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          throw new GraphQLError(err.message, { extensions: { code: err.code, ...err.extensions, http: { status: err.status } } });
        }
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // Encoded once, with its length: a string given to end() is measured (Buffer.byteLength) for a chunk header and
      // encoded again to be written; an answer with many withheld fields runs to hundreds of kB.
      const bytes = Buffer.from(response.body.string, 'utf8');
      res.setHeader('content-length', bytes.length);
      res.end(bytes);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      // Apollo rethrows context errors wrapped; find ours to keep its status.
      const httpErr = findHttpError(err);
      if (httpErr) {
        sendJson(res, httpErr.status, { errors: [{ message: httpErr.message, extensions: { code: httpErr.code, ...httpErr.extensions } }] });
      } else {
        options.observed?.logger.error({ err, requestId: res.getHeader(REQUEST_ID_HEADER) }, 'unexpected error serving a request');
        sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}

async function mintDevToken(issuer: DevTokenIssuer, raw: string, res: ServerResponse): Promise<void> {
  let asked: { country?: unknown; role?: unknown };
  try {
    asked = JSON.parse(raw) as typeof asked;
  } catch {
    asked = {};
  }
  const identity = issuer.identities.find((i) => i.country === asked.country && i.role === asked.role);
  if (!identity) {
    const message = `role: the development issuer vouches for ${issuer.identities.map((i) => `${i.country} ${i.role}`).join(', ')}; asked for ${JSON.stringify(asked.country)} ${JSON.stringify(asked.role)}`;
    sendJson(res, 400, { errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field: 'role' } }] });
    return;
  }
  sendJson(res, 200, { token: await issuer.mint(identity), ...identity });
}

function findHttpError(err: unknown): HttpError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof HttpError) return e;
    e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}
