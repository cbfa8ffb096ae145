/**
 * Sign-in through OpenID Connect providers (ENLACE_SIGN_IN): which providers the console and
 * the explorer offer, as a JSON list of {name, issuer, clientId, scope?}. The browser runs the
 * authorization code flow with PKCE itself (console/src/signIn.ts, a public client: no secret
 * here); the gateway only says where to go and, once a token is back, who the network takes
 * its bearer for (GET /console/session), since a provider's claims are mapped by the trusted
 * issuer's configuration (claimMapping.ts) and not readable as they are. Each provider must also be
 * a trusted issuer (ENLACE_TRUSTED_ISSUERS), or its tokens are refused like any unknown issuer's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, type TokenVerifier } from '@enlace/platform';

export interface SignInProvider {
  /** What the button says: "Sign in with …". */
  name: string;
  /** The provider's issuer: its discovery document is at <issuer>/.well-known/openid-configuration. */
  issuer: string;
  /** The console's client id at the provider (a public client, PKCE). */
  clientId: string;
  /** Scopes asked for (default `openid`). */
  scope?: string;
}

export const SIGN_IN_PATH = '/console/sign-in.json';
export const SESSION_PATH = '/console/session';

/** ENLACE_SIGN_IN: none when unset; a mistake is a start-up error naming the setting. */
export function signInProvidersFromEnv(env: NodeJS.ProcessEnv): SignInProvider[] {
  const raw = env.ENLACE_SIGN_IN?.trim();
  if (!raw) return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch (err) {
    throw new Error(`ENLACE_SIGN_IN is not valid JSON: ${(err as Error).message}`);
  }
  return checkSignInProviders(list);
}

export function checkSignInProviders(list: unknown): SignInProvider[] {
  const example = '[{"name":"Fiscalía AR","issuer":"https://idp.fiscales.gob.ar/realms/enlace","clientId":"enlace-console"}]';
  if (!Array.isArray(list)) throw new Error(`ENLACE_SIGN_IN must be a JSON list, e.g. ${example}`);
  return list.map((p: Partial<SignInProvider>) => {
    const text = (v: unknown) => typeof v === 'string' && v.trim() !== '';
    if (!text(p?.name) || !text(p?.issuer) || !text(p?.clientId)) throw new Error(`ENLACE_SIGN_IN: each provider needs "name", "issuer" and "clientId", e.g. ${example}`);
    if (!URL.canParse(p.issuer!) || !/^https?:$/.test(new URL(p.issuer!).protocol)) throw new Error(`ENLACE_SIGN_IN: issuer "${p.issuer}" is not an http(s) URL`);
    if (p.scope !== undefined && !text(p.scope)) throw new Error(`ENLACE_SIGN_IN: scope of ${p.name} must be a text`);
    return { name: p.name!, issuer: p.issuer!, clientId: p.clientId!, ...(p.scope && { scope: p.scope }) };
  });
}

/** The origins the console's page may fetch besides its own: each provider's (discovery, token endpoint). */
export const providerOrigins = (providers: readonly SignInProvider[]): string[] => [...new Set(providers.map((p) => new URL(p.issuer).origin))];

/** Who the network takes a bearer token for, or a 401 saying why it refuses it (the console shows that). */
export async function answerSession(req: IncomingMessage, res: ServerResponse, verifier: TokenVerifier, headers: Record<string, string>): Promise<void> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  let status = 200;
  let body: unknown;
  try {
    if (!token) throw new HttpError(401, 'A bearer token is required', 'UNAUTHENTICATED');
    const caller = await verifier.verify(token);
    body = { country: caller.country, roles: caller.roles, subject: caller.subject, issuer: caller.issuer, organisation: caller.organisation };
  } catch (err) {
    const known = err instanceof HttpError;
    status = known ? err.status : 500;
    body = { errors: [{ message: known ? err.message : 'The token could not be checked', extensions: { code: known ? err.code : 'INTERNAL_SERVER_ERROR' } }] };
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}
