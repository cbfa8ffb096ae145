/**
 * Partial results when a member is down, slow, answers garbage or answers
 * about records it does not own: the other members' data plus an error for it.
 */
import { makeId } from '@enlace/platform';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

type Handler = (body: { query: string; variables: Record<string, unknown> }, res: http.ServerResponse) => void;

/** A fake member on loopback whose answers the test chooses. */
async function fakeMember(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => handler(JSON.parse(raw || '{}'), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const json = (res: http.ServerResponse, body: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

let net: TestNetwork;
let headers: Record<string, string>;
const fakes: Array<{ url: string; close(): Promise<void> }> = [];

beforeAll(async () => {
  // BO never answers in time, EC answers garbage, UY claims an Argentine record, VE is not listening at all.
  const slow = await fakeMember(() => undefined);
  const garbage = await fakeMember((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('<html>proxy error</html>');
  });
  const liar = await fakeMember((body, res) => {
    if (body.query.includes('_entities')) {
      json(res, { data: { _entities: (body.variables.representations as unknown[]).map(() => ({ __typename: 'Person', id: makeId('AR', 'P', 1), fullName: 'Forged' })) } });
    } else {
      json(res, { data: { persons: [{ id: makeId('AR', 'P', 1), country: 'AR', familyNames: 'Quispe Forged' }, { id: makeId('UY', 'P', 7), country: 'UY', familyNames: 'Quispe' }] } });
    }
  });
  const gone = await fakeMember(() => undefined);
  await gone.close();
  fakes.push(slow, garbage, liar);
  net = await startNetwork({
    countries: ['AR', 'CO'],
    persons: 20,
    memberTimeoutMs: 400,
    directoryOverrides: { BO: slow.url, EC: garbage.url, UY: liar.url, VE: gone.url },
  });
  headers = bearer(await net.token({ country: 'AR' }));
});
afterAll(async () => {
  await net?.close();
  for (const f of fakes) await f.close();
});

const errorsFor = (errors: Array<{ extensions: { code: string; country?: string } }>, country: string) =>
  errors.filter((e) => e.extensions.country === country).map((e) => e.extensions.code);

test('the healthy members answer; each failing member gets its own error', async () => {
  const started = Date.now();
  const { body } = await gql(net.gateway.url, '{ persons(filter: {name: "quispe"}) { id country familyNames } }', {}, headers);
  const elapsed = Date.now() - started;
  const ids = body.data.persons.map((p: { id: string }) => p.id);
  expect(ids).toEqual(expect.arrayContaining([makeId('AR', 'P', 1), makeId('CO', 'P', 1)]));
  expect(body.data.persons.every((p: { country: string }) => ['AR', 'CO', 'UY'].includes(p.country))).toBe(true);

  expect(errorsFor(body.errors, 'BO')).toEqual(['MEMBER_UNAVAILABLE']); // slow: timed out
  expect(errorsFor(body.errors, 'EC')).toEqual(['MEMBER_UNAVAILABLE']); // garbage
  expect(errorsFor(body.errors, 'VE')).toEqual(['MEMBER_UNAVAILABLE']); // down
  expect(body.errors.find((e: { extensions: { country: string } }) => e.extensions.country === 'BO').message).toMatch(/within 400 ms/);
  // Which kind of failure, for clients (the console's strip) to tell apart without reading the message.
  const reasons = Object.fromEntries(body.errors.filter((e: { extensions: { code: string } }) => e.extensions.code === 'MEMBER_UNAVAILABLE').map((e: { extensions: { country: string; reason: string } }) => [e.extensions.country, e.extensions.reason]));
  expect(reasons).toEqual({ BO: 'timeout', EC: 'bad-answer', VE: 'unreachable' });
  // The slow member cost one timeout, not the sum of them: members are asked in parallel.
  expect(elapsed).toBeLessThan(5000);
});

test('a record a member does not own is dropped with an error, its own records kept', async () => {
  const { body } = await gql(net.gateway.url, '{ persons(countries: ["UY"]) { id familyNames } }', {}, headers);
  expect(body.data.persons).toEqual([{ id: makeId('UY', 'P', 7), familyNames: 'Quispe' }]);
  expect(errorsFor(body.errors, 'UY')).toEqual(['FOREIGN_RECORD']);
  expect(body.errors[0].message).toContain(makeId('AR', 'P', 1));
});

test('an entity reference to a down member is null with MEMBER_UNAVAILABLE, and the rest of the answer stands', async () => {
  const { body } = await gql(net.gateway.url, `{ person(id: "${makeId('VE', 'P', 1)}") { id } other: person(id: "${makeId('CO', 'P', 1)}") { id } }`, {}, headers);
  expect(body.data.person).toBeNull();
  expect(body.data.other).toEqual({ id: makeId('CO', 'P', 1) });
  expect(errorsFor(body.errors, 'VE')).toEqual(['MEMBER_UNAVAILABLE']);
});

test('when a member is stopped, the others keep answering', async () => {
  const co = net.members.get('CO')!;
  await co.close();
  const { body } = await gql(net.gateway.url, '{ persons(countries: ["AR", "CO"], first: 3) { id } }', {}, headers);
  expect(body.data.persons.map((p: { id: string }) => p.id)).toEqual([makeId('AR', 'P', 1), makeId('AR', 'P', 2), makeId('AR', 'P', 3)]);
  expect(errorsFor(body.errors, 'CO')).toEqual(['MEMBER_UNAVAILABLE']);
  net.members.delete('CO');
});
