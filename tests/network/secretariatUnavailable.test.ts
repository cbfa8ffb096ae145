/**
 * When the secretariat cannot answer: its fields through the gateway are null with
 * SECRETARIAT_UNAVAILABLE and a reason (`timeout`, `unreachable`, `bad-answer`),
 * as a member's are with MEMBER_UNAVAILABLE, and the members' data stands. Every
 * error in every log line reads as text (message, code), never "[object Object]".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, makeId, type Logger } from '@enlace/platform';
import { startGateway, type RunningGateway } from '@enlace/gateway';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

type Line = Record<string, unknown> & { level: number; service: string; msg: string };
const lines: Line[] = [];
const capture = (service: string): Logger =>
  createLogger({ service, level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) } });

/** A stand-in on loopback that answers every request as `answer` says (never, when it does nothing). */
async function fake(answer: (res: http.ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

// The gateway gives members and the secretariat the same timeout: long enough for a member on a loaded machine.
const TIMEOUT_MS = 3000;
let net: TestNetwork;
let headers: Record<string, string>;
const fakes: Array<{ url: string; close(): Promise<void> }> = [];
const gateways: RunningGateway[] = [];

/** A gateway over the network's members and this secretariat URL, logging into `lines`. */
async function gatewayWith(secretariatUrl: string): Promise<RunningGateway> {
  const gateway = await startGateway({
    directory: net.directory, secretariatUrl, hop: net.hop, verifier: net.verifier, memberTimeoutMs: TIMEOUT_MS, logger: capture('gateway'),
  });
  gateways.push(gateway);
  return gateway;
}

// A member's record with the secretariat's confirmed links (a member field, then a secretariat one), and the caller's JITs (a secretariat root field).
const QUERY = `{
  person(id: "${makeId('AR', 'P', 1)}") { id fullName linkedRecords { id } }
  jointInvestigationTeams { id }
}`;

type Body = { data?: any; errors?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
const secretariatErrors = (body: Body) => (body.errors ?? []).filter((e) => e.extensions?.code === 'SECRETARIAT_UNAVAILABLE');

beforeAll(async () => {
  // CO answers every request with an internal error on the field asked: a member's failure the gateway has to log.
  const broken = await fake((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { persons: null }, errors: [{ message: 'Internal server error', path: ['persons'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
  });
  fakes.push(broken);
  net = await startNetwork({
    countries: ['AR'], persons: 10, memberTimeoutMs: TIMEOUT_MS, directoryOverrides: { CO: broken.url },
    gatewayOptions: { logger: capture('gateway') },
    memberOptions: { AR: { logger: capture('member AR') } },
    secretariatOptions: { logger: capture('secretariat') },
  });
  headers = bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }));
});
afterAll(async () => {
  for (const g of gateways) await g.close();
  await net?.close();
  for (const f of fakes) await f.close();
});

test('with the secretariat up, its fields answer (the baseline)', async () => {
  const { body } = await gql(net.gateway.url, QUERY, {}, headers);
  expect(secretariatErrors(body)).toEqual([]);
  expect(body.data.person.linkedRecords).toEqual(expect.any(Array));
  expect(body.data.jointInvestigationTeams).toEqual(expect.any(Array));
});

const json = (status: number, body: unknown) => (res: http.ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

test.each([
  ['too slow', 'timeout', () => fake(() => undefined), new RegExp(`^The secretariat is unavailable: no answer within ${TIMEOUT_MS} ms$`)],
  ['down', 'unreachable', async () => { const gone = await fake(() => undefined); await gone.close(); return gone; }, /^The secretariat is unavailable: cannot be reached$/],
  ['answering HTML', 'bad-answer', () => fake((res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>proxy error</html>'); }), /^The secretariat is unavailable: answered HTTP 200 with a body that is not JSON$/],
  ['answering 502', 'bad-answer', () => fake((res) => { res.writeHead(502, { 'content-type': 'text/html' }); res.end('<html>bad gateway</html>'); }), /^The secretariat is unavailable: answered HTTP 502 without data$/],
  ['refusing the request', 'bad-answer', () => fake(json(401, { errors: [{ message: 'Token issuer is not trusted by this network', extensions: { code: 'UNAUTHENTICATED' } }] })), /^The secretariat is unavailable: refused the request: Token issuer is not trusted by this network$/],
])('a secretariat %s: its fields are null with SECRETARIAT_UNAVAILABLE (reason %s), the member\'s data stands', async (_, reason, make, message) => {
  const secretariat = await make();
  fakes.push(secretariat);
  const gateway = await gatewayWith(secretariat.url);
  const { status, body } = await gql(gateway.url, QUERY, {}, headers);
  expect(status).toBe(200);
  expect(body.data).toEqual({ person: { id: makeId('AR', 'P', 1), fullName: expect.any(String), linkedRecords: null }, jointInvestigationTeams: null });
  const errors = secretariatErrors(body);
  expect(errors.map((e) => e.path).sort()).toEqual([['jointInvestigationTeams'], ['person']]);
  for (const e of errors) {
    expect(e.message).toMatch(message);
    expect(e.extensions).toMatchObject({ code: 'SECRETARIAT_UNAVAILABLE', reason });
  }
  expect(body.errors!.length).toBe(errors.length); // nothing else: no INTERNAL_SERVER_ERROR
  expect(lines).toContainEqual(expect.objectContaining({ service: 'gateway', msg: 'secretariat unavailable', kind: reason }));
});

test('the network\'s own secretariat stopped: unreachable, and the member still answers', async () => {
  await net.secretariat.close();
  const { body } = await gql(net.gateway.url, QUERY, {}, headers);
  expect(body.data.person).toMatchObject({ id: makeId('AR', 'P', 1), linkedRecords: null });
  expect(secretariatErrors(body).map((e) => e.extensions)).toEqual([
    expect.objectContaining({ reason: 'unreachable' }), expect.objectContaining({ reason: 'unreachable' }),
  ]);
  expect((body.errors ?? []).map((e) => e.extensions.code)).not.toContain('INTERNAL_SERVER_ERROR');
});

test('a member\'s internal error is logged at the gateway as text: message, code, service and member', async () => {
  const { body } = await gql(net.gateway.url, '{ persons(countries: ["CO"]) { id } }', {}, headers);
  expect(body.errors).toEqual([expect.objectContaining({ message: 'Internal server error', path: ['persons'], extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
  const logged = lines.filter((l) => l.service === 'gateway' && l.level >= 50).map((l) => l.msg);
  expect(logged).toContainEqual('internal error at ["persons"] from members: Internal server error (INTERNAL_SERVER_ERROR, country CO)');
});

test('no log line of any process reads [object Object]', () => {
  expect(lines.filter((l) => l.level >= 40).length).toBeGreaterThan(0); // the failures above were logged
  expect(lines.filter((l) => JSON.stringify(l).includes('[object Object]'))).toEqual([]);
});
