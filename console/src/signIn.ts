/**
 * Sign-in through an OpenID Connect provider the gateway names (/console/sign-in.json):
 * the authorization code flow with PKCE, run here in the browser with openid-client (a
 * public client: no secret). The state and PKCE verifier wait in sessionStorage while the
 * tab is at the provider; back here, the code is exchanged for an access token, and the
 * gateway says who the network takes it for (/console/session): the provider's claims are
 * mapped by the network's configuration, so the console does not read them itself. A
 * refusal (a country the provider may not vouch for, say) is shown as the network words it.
 *
 * The explorer signs in through here too (/console/?sign-in=N&for=explorer): the token goes
 * back to it in the tab's sessionStorage, where its requests read it.
 */
import * as oidc from 'openid-client';
import type { Who } from './token';

export interface SignInProvider {
  name: string;
  issuer: string;
  clientId: string;
  scope: string;
}

/** Whom a sign-in is for: the console itself, or the explorer (GraphiQL at /graphql). */
export type SignInFor = 'console' | 'explorer';

/** What a sign-in came back with. */
export type SignInOutcome = { token: string; who: Who; for: SignInFor } | { problem: string; for: SignInFor };

const PENDING_KEY = 'enlace:sign-in';
/** The explorer's token for the tab (platform/src/explorer.ts, EXPLORER_TOKEN_KEY). */
const EXPLORER_TOKEN_KEY = 'enlace:explorer-token';
const EXPLORER_PATH = '/graphql';
const SESSION_PATH = '/console/session';

interface Pending {
  provider: SignInProvider;
  verifier: string;
  state: string;
  nonce: string;
  for: SignInFor;
}

export async function signInProviders(): Promise<SignInProvider[]> {
  try {
    const response = await fetch('/console/sign-in.json');
    return response.ok ? ((await response.json()) as { providers: SignInProvider[] }).providers : [];
  } catch {
    return [];
  }
}

/** Where the provider sends the browser back: the console's own page, whatever the fragment. */
const redirectUri = () => new URL('/console/', location.origin).href;

/** A provider on plain http is accepted on loopback only (the development provider). */
function discover(provider: SignInProvider): Promise<oidc.Configuration> {
  const issuer = new URL(provider.issuer);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return oidc.discovery(issuer, provider.clientId, undefined, oidc.None(), loopback && issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined);
}

/** Leaves for the provider's login page. */
export async function startSignIn(provider: SignInProvider, forWhom: SignInFor): Promise<void> {
  const config = await discover(provider);
  const verifier = oidc.randomPKCECodeVerifier();
  const pending: Pending = { provider, verifier, state: oidc.randomState(), nonce: oidc.randomNonce(), for: forWhom };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(),
    scope: provider.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  location.assign(url.href);
}

/** Who the network takes a token for, or its reason for refusing it. */
export async function askSession(token: string): Promise<Who | { problem: string }> {
  const response = await fetch(SESSION_PATH, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json().catch(() => ({}))) as { country?: string; roles?: string[]; subject?: string; issuer?: string; errors?: { message: string }[] };
  if (!response.ok || !body.country) return { problem: body.errors?.[0]?.message ?? `The gateway answered ${response.status}` };
  return { country: body.country, roles: body.roles ?? [], subject: body.subject ?? '', issuer: body.issuer ?? '', expires: expiryOf(token) };
}

/** The token's own expiry (unverified: the network checks it on every request), for the console to know when to ask again. */
function expiryOf(token: string): number {
  try {
    const part = token.split('.')[1];
    return Number((JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown }).exp ?? 0);
  } catch {
    return 0;
  }
}

/** The sign-in the URL asks for (?sign-in=N&for=explorer), started; true when the page is leaving for the provider. */
export async function signInAskedByUrl(): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const index = params.get('sign-in');
  if (index === null) return false;
  const provider = (await signInProviders())[Number(index)];
  if (!provider) return false;
  await startSignIn(provider, params.get('for') === 'explorer' ? 'explorer' : 'console');
  return true;
}

/**
 * Back from the provider (?code=…&state=… or ?error=…): the code exchanged and the token checked
 * with the network, or why not. Null when this page load is not a return from a sign-in.
 */
export async function finishSignIn(): Promise<SignInOutcome | null> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  const here = new URL(location.href);
  if (!raw || !(here.searchParams.has('code') || here.searchParams.has('error'))) return null;
  sessionStorage.removeItem(PENDING_KEY);
  const pending = JSON.parse(raw) as Pending;
  // The code and state leave the address bar (and the history) at once.
  history.replaceState(null, '', `${here.pathname}${here.hash}`);
  try {
    const config = await discover(pending.provider);
    const tokens = await oidc.authorizationCodeGrant(config, here, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce });
    const who = await askSession(tokens.access_token);
    if ('problem' in who) return { problem: who.problem, for: pending.for };
    return { token: tokens.access_token, who, for: pending.for };
  } catch (err) {
    const e = err as { error_description?: string; error?: string; message?: string };
    return { problem: e.error_description ?? e.error ?? e.message ?? String(err), for: pending.for };
  }
}

/** Hands a token to the explorer (its requests read it from the tab's sessionStorage) and goes there. */
export function returnToExplorer(outcome: SignInOutcome): void {
  if ('token' in outcome) {
    sessionStorage.setItem(EXPLORER_TOKEN_KEY, outcome.token);
    sessionStorage.setItem(`${EXPLORER_TOKEN_KEY}:who`, `signed in as ${outcome.who.country} ${outcome.who.roles.join(', ')} (${outcome.who.subject})`);
  } else {
    sessionStorage.removeItem(EXPLORER_TOKEN_KEY);
    sessionStorage.setItem(`${EXPLORER_TOKEN_KEY}:who`, `sign-in refused: ${outcome.problem}`);
  }
  location.replace(EXPLORER_PATH);
}
