/**
 * The explorer: a browser's GET of the GraphQL path gets one self-contained
 * GraphiQL page (nothing loaded from outside loopback), with the README's
 * examples and placeholder headers; off by default in production; in
 * development, a token picker whose endpoint mints development tokens.
 */
import { DEVELOPMENT_MODE, devTokenIssuer, GATEWAY_EXAMPLES, PRODUCTION_MODE, signingKey, type ServingMode } from '@enlace/platform';
import { startGateway, type RunningGateway } from '@enlace/gateway';
import { startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let development: RunningGateway;
let production: RunningGateway;

const EXPLORER_ON: ServingMode = { ...PRODUCTION_MODE, explorer: true };

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR'], persons: 5, memberOptions: { AR: { mode: EXPLORER_ON } }, secretariatOptions: { mode: EXPLORER_ON } });
  const devTokens = devTokenIssuer(net.issuer.issuer, await signingKey(net.issuer.privateJwk), net.issuer.trusted, net.trust.partners);
  const base = { directory: net.directory, secretariatUrl: net.secretariat.url, hop: net.hop, verifier: net.verifier, devTokens };
  development = await startGateway({ ...base, mode: DEVELOPMENT_MODE });
  // Given the issuer all the same, a production gateway never mints.
  production = await startGateway({ ...base, mode: EXPLORER_ON });
});
afterAll(async () => {
  await development?.close();
  await production?.close();
  await net?.close();
});

const browse = (url: string) => fetch(url, { headers: { accept: 'text/html,application/xhtml+xml' } });

/** Every URL the page would load: src= and href= attributes, and CSS url(…). */
function referencedUrls(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')\s]*)/g)) found.push(m[1] ?? m[2]);
  return found;
}
const loopbackOrInline = (url: string) =>
  !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url) || /^(data|blob):/i.test(url) || /^(https?:)?\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(url);

test.each([
  ['the gateway', () => development.url, 'Enlace gateway'],
  ['a member', () => net.members.get('AR')!.url, 'Enlace member AR'],
  ['the secretariat', () => net.secretariat.url, 'Enlace secretariat'],
])('%s serves the explorer to a browser, referencing nothing beyond loopback', async (_, url, title) => {
  const res = await browse(url());
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await res.text();
  expect(html).toContain(`<title>${title}</title>`);
  const urls = referencedUrls(html);
  expect(urls.length).toBeGreaterThan(0);
  expect(urls.filter((u) => !loopbackOrInline(u))).toEqual([]);
  // The placeholders for the headers every protected read needs.
  expect(html).toContain('x-enlace-purpose');
  expect(html).toContain('x-enlace-case-ref');
  expect(html).toContain('Bearer <token>');
});

test('the gateway opens the README examples as tabs; the token picker is there in development only', async () => {
  const dev = await (await browse(development.url)).text();
  for (const example of GATEWAY_EXAMPLES) expect(dev).toContain(JSON.stringify(example.title).slice(1, -1));
  expect(dev).toContain('Use a development token');
  expect(await (await browse(production.url)).text()).not.toContain('Use a development token');
});

test('the development token endpoint mints a token the network accepts, for the issuer\'s identities only', async () => {
  const mint = (url: string, body: unknown) =>
    fetch(new URL('/dev/token', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const res = await mint(development.url, { country: 'AR', role: 'analyst' });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  const answer = await fetch(development.url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });

  const refused = await mint(development.url, { country: 'XS', role: 'prosecutor' });
  expect(refused.status).toBe(400);
  expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'role' } }] });
  expect((await mint(production.url, { country: 'AR', role: 'analyst' })).status).toBe(404);
});

test('in production the explorer is off unless switched on: a browser gets GraphQL\'s own answer', async () => {
  const res = await browse(net.gateway.url);
  expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
  expect(await res.text()).not.toContain('<html');
});
