/**
 * Prometheus metrics (issue 10, item 3): /metrics on every process, served only
 * with the configured token; per-member latency, timeouts and MEMBER_UNAVAILABLE
 * at the gateway; denials by protocol rule, store statements and hit/no-hit
 * lookups at members; nothing personal in any label. Against a real network on
 * loopback, plus the pure parts (the setting, operation-name labels).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { makeId, MAX_OPERATIONS, Metrics, metricsSettingFromEnv } from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';

const TOKEN = 'metrics-token-for-tests-0123456789';
const metrics = { token: TOKEN };
const VICTIM = makeId('AR', 'P', 3);

let net: TestNetwork;
let silent: http.Server;
let co: string;

/** The value of one sample of the exposition text (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m && m[1] === name && wanted.every((w) => m[2].split(',').includes(w))) return Number(m[3]);
  }
  return 0;
}

const scrape = async (graphqlUrl: string) => {
  const res = await request(new URL(graphqlUrl).origin).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  return res.text;
};

beforeAll(async () => {
  // A member that never answers: the gateway gives up on it after its timeout.
  silent = http.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const closedPort = http.createServer();
  await new Promise<void>((resolve) => closedPort.listen(0, '127.0.0.1', resolve));
  const gone = `http://127.0.0.1:${(closedPort.address() as AddressInfo).port}/graphql`;
  await new Promise((resolve) => closedPort.close(resolve));
  net = await startNetwork({
    countries: ['AR', 'CO', 'PE'],
    persons: 20,
    memberTimeoutMs: 1000,
    directoryOverrides: { BO: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`, VE: gone },
    gatewayOptions: { metrics },
    // PE runs without metrics: its /metrics does not exist.
    memberOptions: { AR: { metrics }, CO: { metrics } },
    secretariatOptions: { metrics },
  });
  co = await net.token({ country: 'CO', roles: ['prosecutor'] });
});
afterAll(async () => {
  await net?.close();
  silent?.closeAllConnections();
  await new Promise((resolve) => silent?.close(resolve));
});

describe('/metrics is protected', () => {
  test('refused without the token or with another one, served with it', async () => {
    const origin = new URL(net.gateway.url).origin;
    const none = await request(origin).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.text).not.toContain('enlace_');
    const wrong = await request(origin).get('/metrics').set('authorization', `Bearer ${TOKEN}x`);
    expect(wrong.status).toBe(401);
    const caller = await request(origin).get('/metrics').set('authorization', `Bearer ${co}`);
    expect(caller.status).toBe(401);
    const ok = await request(origin).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  test('a process without ENLACE_METRICS has no /metrics', async () => {
    const res = await request(new URL(net.members.get('PE')!.url).origin).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
  });

  test('every kind of process serves it: the secretariat too', async () => {
    expect(await scrape(net.secretariat.url)).toContain('# TYPE enlace_graphql_requests_total counter');
  });
});

describe('after a cross-country query', () => {
  let gateway: string;
  let ar: string;

  beforeAll(async () => {
    const { body } = await gql(
      net.gateway.url,
      `query Crossing { persons(filter: {name: "${ANCHORS.suspect.familyNames.split(' ')[0]}"}, countries: ["AR", "CO"]) { id country } person(id: "${VICTIM}") { id fullName } }`,
      {},
      bearer(co),
    );
    expect(body.data.persons.map((p: { country: string }) => p.country)).toEqual(expect.arrayContaining(['AR', 'CO']));
    expect(body.errors.map((e: { extensions: object }) => e.extensions)).toContainEqual(expect.objectContaining({ code: 'FORBIDDEN', rule: 'person.identity' }));
    // Without a purpose: refused once by the gateway, before any member; a member asked directly refuses it itself.
    await gql(net.gateway.url, `query NoPurpose { person(id: "${makeId('AR', 'P', 1)}") { familyNames } }`, {}, { authorization: `Bearer ${co}` });
    await gql(net.members.get('AR')!.url, `query NoPurpose { person(id: "${makeId('AR', 'P', 1)}") { familyNames } }`, {}, { authorization: `Bearer ${co}` });
    // A hit/no-hit lookup at AR (through the gateway it would go to every member), and members that time out or cannot be reached.
    const hit = await gql(net.members.get('AR')!.url, 'query($p: String!) { documentHits(pseudonym: $p) { hit } }', { p: documentPseudonym(net, 'PE', ANCHORS.suspect.passport) }, bearer(co));
    expect(hit.body.data.documentHits).toEqual([{ hit: true }]);
    const down = await gql(net.gateway.url, '{ persons(countries: ["BO", "VE"]) { id } }', {}, bearer(co));
    expect(down.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['MEMBER_UNAVAILABLE', 'MEMBER_UNAVAILABLE']);
    [gateway, ar] = await Promise.all([scrape(net.gateway.url), scrape(net.members.get('AR')!.url)]);
  });

  test('the gateway shows each member\'s request latency', () => {
    expect(sample(gateway, 'enlace_member_request_duration_seconds_count', { member: 'AR' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'enlace_member_request_duration_seconds_count', { member: 'CO' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'enlace_member_request_duration_seconds_bucket', { member: 'AR', le: '+Inf' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'enlace_member_request_duration_seconds_count', { member: 'PE' })).toBe(0);
  });

  test('the gateway counts timeouts and MEMBER_UNAVAILABLE by member', () => {
    expect(sample(gateway, 'enlace_member_timeouts_total', { member: 'BO' })).toBe(1);
    expect(sample(gateway, 'enlace_member_unavailable_total', { member: 'BO' })).toBe(1);
    expect(sample(gateway, 'enlace_member_unavailable_total', { member: 'VE' })).toBe(1);
    expect(sample(gateway, 'enlace_member_timeouts_total', { member: 'VE' })).toBe(0);
    expect(sample(gateway, 'enlace_member_unavailable_total', { member: 'AR' })).toBe(0);
  });

  test('requests are counted by operation name and outcome', () => {
    expect(sample(gateway, 'enlace_graphql_requests_total', { operation: 'Crossing', outcome: 'FORBIDDEN' })).toBe(1);
    expect(sample(gateway, 'enlace_graphql_requests_total', { operation: 'NoPurpose', outcome: 'PURPOSE_REQUIRED' })).toBe(1);
    expect(sample(gateway, 'enlace_graphql_request_duration_seconds_count', { operation: 'Crossing' })).toBe(1);
    // The query planner names the operations it sends to a subgraph after the client's.
    expect(sample(ar, 'enlace_graphql_requests_total', { operation: 'Crossing__members__0', outcome: 'ok' })).toBe(1);
    expect(sample(ar, 'enlace_graphql_requests_total', { operation: 'Crossing__members__0', outcome: 'FORBIDDEN' })).toBe(1);
  });

  test('the member counts FORBIDDEN by the rule that denied, and PURPOSE_REQUIRED', () => {
    expect(sample(ar, 'enlace_protocol_denials_total', { code: 'FORBIDDEN', rule: 'person.identity' })).toBe(1);
    expect(sample(ar, 'enlace_protocol_denials_total', { code: 'PURPOSE_REQUIRED', rule: 'record.query' })).toBe(1);
    // Denials are the enforcing member's to count, not the gateway's that relays them.
    expect(gateway).not.toContain('enlace_protocol_denials_total{');
  });

  test('the member shows store statement latency, statements in flight and hit/no-hit lookups', () => {
    expect(sample(ar, 'enlace_store_query_duration_seconds_count', { kind: 'lookup' }) + sample(ar, 'enlace_store_query_duration_seconds_count', { kind: 'read' })).toBeGreaterThan(0);
    expect(ar).toMatch(/^enlace_store_queries_in_flight 0$/m);
    expect(sample(ar, 'enlace_hit_lookups_total', { result: 'hit' })).toBe(1);
  });

  test('no label holds a record id, a name or a caller', () => {
    for (const text of [gateway, ar]) {
      const labels = text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
      expect(labels).not.toMatch(/[A-Z]{2}:[A-Z]:/); // record ids
      expect(labels).not.toContain(ANCHORS.suspect.familyNames.split(' ')[0]);
      expect(labels).not.toContain(ANCHORS.suspect.passport);
      expect(labels).not.toContain(co);
    }
  });
});

describe('the setting and the labels', () => {
  test('ENLACE_METRICS: off by default; token:<secret> of 16 characters or more; anything else a one-line error', () => {
    expect(metricsSettingFromEnv({})).toBeNull();
    expect(metricsSettingFromEnv({ ENLACE_METRICS: 'off' })).toBeNull();
    expect(metricsSettingFromEnv({ ENLACE_METRICS: `token:${TOKEN}` })).toEqual({ token: TOKEN });
    expect(() => metricsSettingFromEnv({ ENLACE_METRICS: 'token:short' })).toThrow(/^ENLACE_METRICS must be off or token:<secret>/);
    expect(() => metricsSettingFromEnv({ ENLACE_METRICS: 'on' })).toThrow(/^ENLACE_METRICS/);
    expect(() => metricsSettingFromEnv({ ENLACE_METRICS: 'token:with a space in the secret' })).toThrow(/^ENLACE_METRICS/);
  });

  test('operation names: well-formed ones, at most MAX_OPERATIONS distinct, the rest "other"', () => {
    const m = new Metrics(metrics);
    expect(m.operationLabel(null)).toBe('anonymous');
    expect(m.operationLabel('FindPerson')).toBe('FindPerson');
    expect(m.operationLabel('Juan Pérez')).toBe('other');
    expect(m.operationLabel('x'.repeat(42))).toBe('other');
    for (let i = 1; i < MAX_OPERATIONS; i++) expect(m.operationLabel(`Op${i}`)).toBe(`Op${i}`);
    expect(m.operationLabel('OneTooMany')).toBe('other');
    expect(m.operationLabel('FindPerson')).toBe('FindPerson'); // one already seen keeps its label
  });

  test('an error code outside the registry counts as "other"', async () => {
    const m = new Metrics(metrics);
    m.request('Q', 'SOMETHING_ELSE', 0.01);
    m.request('Q', 'FORBIDDEN', 0.01);
    const text = await m.render();
    expect(sample(text, 'enlace_graphql_requests_total', { operation: 'Q', outcome: 'other' })).toBe(1);
    expect(sample(text, 'enlace_graphql_requests_total', { operation: 'Q', outcome: 'FORBIDDEN' })).toBe(1);
  });
});
