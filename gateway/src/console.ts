/**
 * The console (console/, built by Vite into console/dist) at /console: static files
 * only, never a directory listing or a file outside the build, each with its content
 * type and a Content-Security-Policy that allows nothing but this origin, so the page
 * works offline and cannot be made to load or send anything elsewhere. In development
 * it also lists the identities the dev token picker offers (/console/dev-identities.json). With
 * sign-in providers configured (signIn.ts), it lists them (/console/sign-in.json), lets the page
 * fetch from their origins alone besides its own, and says who a token is taken for (/console/session).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DevIdentity, TokenVerifier } from '@enlace/platform';
import { answerSession, providerOrigins, SESSION_PATH, SIGN_IN_PATH, type SignInProvider } from './signIn';

export const CONSOLE_PATH = '/console';

/** Where `npm run build` puts the console, from gateway/dist or gateway/src alike. */
export const DEFAULT_CONSOLE_DIR = resolve(__dirname, '..', '..', 'console', 'dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** 'self' only: every script, style, image, font and request comes from the gateway itself. */
export const CONSOLE_CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

/** The console's policy where sign-in providers are configured: their origins may be fetched too (discovery, token endpoint), nothing else. */
export const consoleCsp = (providers: readonly SignInProvider[] = []): string =>
  providers.length ? `${CONSOLE_CSP}; connect-src 'self' ${providerOrigins(providers).join(' ')}` : CONSOLE_CSP;

const securityHeaders = (csp: string) => ({
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});
const SECURITY_HEADERS = securityHeaders(CONSOLE_CSP);

export interface ConsoleOptions {
  /** The built console (default console/dist of this repository). */
  dir?: string;
  /** Development only: the identities POST /dev/token mints for. */
  devIdentities?: readonly DevIdentity[];
  /** OpenID Connect providers to sign in with (ENLACE_SIGN_IN). */
  signIn?: readonly SignInProvider[];
  /** How /console/session checks a token: as every request's. */
  verifier?: TokenVerifier;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...SECURITY_HEADERS, ...headers });
  res.end(text);
}

/** The file a console path names inside `root`, or null when it names none (or climbs out of it). */
export function consoleFile(root: string, path: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(path.slice(CONSOLE_PATH.length + 1));
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  const file = resolve(root, relative || 'index.html');
  return file.startsWith(root + sep) ? file : null;
}

/** A `pages` handler for serveApollo: takes /console and everything under it. */
export function consolePages(options: ConsoleOptions = {}) {
  const root = resolve(options.dir ?? DEFAULT_CONSOLE_DIR);
  const providers = options.signIn ?? [];
  const headers = securityHeaders(consoleCsp(providers));
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return false;
    if (path === SESSION_PATH && options.verifier && req.method === 'GET') {
      await answerSession(req, res, options.verifier, SECURITY_HEADERS);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'The console is read with GET', { allow: 'GET, HEAD' });
      return true;
    }
    if (path === CONSOLE_PATH) {
      res.writeHead(308, { location: `${CONSOLE_PATH}/`, 'content-length': 0 });
      res.end();
      return true;
    }
    if (path === `${CONSOLE_PATH}/dev-identities.json`) {
      // The console shows a picker only when this answers: in development, like POST /dev/token.
      if (!options.devIdentities?.length) sendText(res, 404, 'No development identities: not in development mode');
      else sendJson(res, { identities: options.devIdentities });
      return true;
    }
    if (path === SIGN_IN_PATH) {
      // Always answered (an empty list: paste a token): the sign-in page asks on opening.
      sendJson(res, { providers: providers.map(({ name, issuer, clientId, scope }) => ({ name, issuer, clientId, scope: scope ?? 'openid' })) });
      return true;
    }
    const file = consoleFile(root, path);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      const built = await stat(resolve(root, 'index.html')).catch(() => null);
      sendText(res, 404, built ? 'Not found' : 'The console is not built: run `npm run build`');
      return true;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      // Vite names assets by content hash; the page itself must be asked for again to see a new build.
      'cache-control': file.startsWith(resolve(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...headers,
    });
    if (req.method === 'HEAD') res.end();
    else await pipeline(createReadStream(file), res);
    return true;
  };
}

function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(text);
}
