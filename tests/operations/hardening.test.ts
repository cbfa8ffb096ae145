/**
 * The checks graphql-cop makes, each both ways, at the gateway, a member and the
 * secretariat of a test network in production mode: alias and directive
 * overloading, introspection, field suggestions, batching, mutation over GET,
 * CSRF, and a query whose estimated cost is too large. The network's developer
 * role (analyst here) sees introspection and suggestions; everyone else does not.
 * And requests every process answers alike, with a registered code: a body over
 * the limit, an operation the request cannot pick, a persisted-query hash.
 */
import http from 'node:http';
import { makeId, PRODUCTION_MODE, type ServingMode } from '@enlace/platform';
import { startGateway, type RunningGateway } from '@enlace/gateway';
import { startNetwork, type TestNetwork } from '../support/network';

const MODE: ServingMode = { ...PRODUCTION_MODE, developerRole: 'analyst' };

let net: TestNetwork;
let gateway: RunningGateway;
let prosecutor: string;
let developer: string;
const targets: Array<{ name: string; url: () => string; field: string; typo: string; wide: string }> = [
  { name: 'gateway', url: () => gateway.url, field: `person(id: "${makeId('AR', 'P', 1)}") { id }`, typo: '{ persns { id } }', wide: wideMemberQuery() },
  { name: 'member', url: () => net.members.get('AR')!.url, field: `person(id: "${makeId('AR', 'P', 1)}") { id }`, typo: '{ persns { id } }', wide: wideMemberQuery() },
  { name: 'secretariat', url: () => net.secretariat.url, field: 'jointInvestigationTeam(id: "XS:J:0oq2dni") { id }', typo: '{ jointInvestigationTeem(id: "x") { id } }', wide: wideSecretariatQuery() },
];

/** Persons, each with cases, each with involved persons and their cases: 146,000 values at one member. */
function wideMemberQuery(): string {
  return '{ persons(first: 500) { cases { involved { person { cases { involved { person { id } } } } } } } }';
}

/** Linked records of linked records, three branches deep: about 147,000 values, within the depth limit. */
function wideSecretariatQuery(): string {
  const nest = (n: number): string => (n === 0 ? 'id' : `linkedRecords { ${nest(n - 1)} }`);
  return `{ personLinks(personId: "${makeId('AR', 'P', 1)}") { records { ${['a', 'b', 'c'].map((k) => `${k}: linkedRecords { ${nest(6)} }`).join(' ')} } } }`;
}

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR'], persons: 10, memberOptions: { AR: { mode: MODE } }, secretariatOptions: { mode: MODE } });
  gateway = await startGateway({ directory: net.directory, secretariatUrl: net.secretariat.url, hop: net.hop, verifier: net.verifier, mode: MODE });
  prosecutor = await net.token({ country: 'AR', roles: ['prosecutor'] });
  developer = await net.token({ country: 'AR', roles: ['analyst'] });
});
afterAll(async () => {
  await gateway?.close();
  await net?.close();
});

const json = { 'content-type': 'application/json', 'x-enlace-purpose': 'Testing the hardening', 'x-enlace-case-ref': 'TEST-1' };

async function post(url: string, body: unknown, token = prosecutor, headers: Record<string, string> = json) {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  expect(text).not.toMatch(/stacktrace|\n\s+at /); // refusals never carry a stack
  return { status: res.status, body: JSON.parse(text) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> } }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);

/** Posts `bytes` of JSON-ish body with node:http, streamed in 64 KiB writes; what came back, or the socket error. */
function postLarge(url: string, bytes: number, announceLength: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', authorization: `Bearer ${prosecutor}` };
    if (announceLength) headers['content-length'] = bytes;
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject); // ECONNRESET: the answer never arrived
    const chunk = Buffer.alloc(64 * 1024, ' ');
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe.each(targets)('at the $name', (target) => {
  test('alias overloading: 30 aliases pass, 31 are refused', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${target.field}`).join(' ')} }`;
    const ok = await post(target.url(), { query: aliased(30) });
    expect(ok.status).toBe(200);
    expect(codes(ok.body)).not.toContain('QUERY_TOO_COMPLEX');
    const refused = await post(target.url(), { query: aliased(31) });
    expect(refused.status).toBe(400);
    // Apollo Server reports every validation rule's error as GRAPHQL_VALIDATION_FAILED; the message says which limit.
    expect(refused.body.errors).toEqual([expect.objectContaining({ message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
  });

  test('alias overloading with meta fields: aliases of __typename count too (graphql-cop sends 101)', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const ok = await post(target.url(), { query: aliased(30) });
    expect(ok.status).toBe(200);
    expect(ok.body.data.a29).toBe('Query');
    for (const n of [31, 101]) {
      const refused = await post(target.url(), { query: aliased(n) });
      expect(refused.status).toBe(400);
      expect(refused.body.data).toBeUndefined();
      expect(refused.body.errors).toEqual([expect.objectContaining({ message: `Aliases limit of 30 exceeded, found ${n}.`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    }
    const mixed = await post(target.url(), { query: `{ ${Array.from({ length: 16 }, (_, i) => `t${i}: __typename f${i}: ${target.field}`).join(' ')} }` });
    expect(mixed.body.errors).toEqual([expect.objectContaining({ message: 'Aliases limit of 30 exceeded, found 32.' })]);
  });

  test('no answer may be stored: cache-control no-store on an answer and on a refusal', async () => {
    for (const query of [`{ ${target.field} }`, target.typo]) {
      const res = await fetch(target.url(), { method: 'POST', headers: { ...json, authorization: `Bearer ${prosecutor}` }, body: JSON.stringify({ query }) });
      expect({ query, cacheControl: res.headers.get('cache-control') }).toEqual({ query, cacheControl: 'no-store' });
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(await res.text())); // sent whole, with its length
    }
  });

  test('directive overloading: 20 directives pass, 21 are refused', async () => {
    const directed = (n: number) => `{ ${Array.from({ length: n }, () => '__typename @include(if: true)').join(' ')} }`;
    expect((await post(target.url(), { query: directed(20) })).body).toEqual({ data: { __typename: 'Query' } });
    const refused = await post(target.url(), { query: directed(21) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ message: 'Directives limit of 20 exceeded, found 21.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
  });

  test('introspection: refused to a prosecutor, answered to the developer role', async () => {
    const query = '{ __schema { queryType { name } } }';
    const refused = await post(target.url(), { query });
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([expect.objectContaining({ message: 'Introspection is off in production mode', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect((await post(target.url(), { query: '{ __type(name: "Query") { name } }' })).status).toBe(400);
    expect((await post(target.url(), { query }, developer)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  test('field suggestions: none for a prosecutor, shown to the developer role', async () => {
    const refused = await post(target.url(), { query: target.typo });
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0].message).toMatch(/^Cannot query field "\w+" on type "Query"\.$/);
    expect((await post(target.url(), { query: target.typo }, developer)).body.errors![0].message).toMatch(/Did you mean/);
  });

  test('batching: a single operation is answered, an array of them refused', async () => {
    expect((await post(target.url(), { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
    const batch = await post(target.url(), [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(batch.status).toBe(400);
    expect(batch.body.data).toBeUndefined();
  });

  test('GET: a query is answered (with a preflight header), a mutation refused', async () => {
    const get = (query: string) =>
      fetch(`${target.url()}?query=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${prosecutor}`, 'apollo-require-preflight': 'true' } });
    const query = await get('{ __typename }');
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    const mutation = await get('mutation { __typename }');
    expect(mutation.status).toBe(405);
    expect(await mutation.text()).not.toContain('"data"');
  });

  test('CSRF: a JSON POST is answered, a "simple" request a browser could send cross-site is refused', async () => {
    expect((await post(target.url(), { query: '{ __typename }' })).status).toBe(200);
    const form = await fetch(target.url(), { method: 'POST', headers: { authorization: `Bearer ${prosecutor}`, 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(form.status).toBe(400);
    expect(await form.text()).toMatch(/CSRF/i);
    const bareGet = await fetch(`${target.url()}?query=${encodeURIComponent('{ __typename }')}`, { headers: { authorization: `Bearer ${prosecutor}` } });
    expect(bareGet.status).toBe(400);
  });

  test('a body over 1 MiB is answered 413 PAYLOAD_TOO_LARGE, read to its end: the client gets the answer, not a reset', async () => {
    // Streamed in chunks with no length announced (the server learns the size as it reads), and announced up front.
    for (const announced of [false, true]) {
      const answer = await postLarge(target.url(), 4 * 1024 * 1024, announced);
      expect({ announced, status: answer.status }).toEqual({ announced, status: 413 });
      expect(JSON.parse(answer.body)).toEqual({ errors: [{ message: 'Request body larger than 1048576 bytes', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    }
    // The connection was not broken: the same process answers the next request.
    expect((await post(target.url(), { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });

  test('an operation the request cannot pick: 400 OPERATION_RESOLUTION_FAILURE, naming the operations the document holds', async () => {
    const unknown = await post(target.url(), { query: 'query A { __typename }', operationName: 'B' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ errors: [{ message: 'Unknown operation named "B": the document holds A; operationName must be one of them', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }] });
    const unnamed = await post(target.url(), { query: '{ __typename }', operationName: 'B' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors![0].message).toBe('Unknown operation named "B": the document holds an unnamed operation; leave operationName out');
    const several = await post(target.url(), { query: 'query A { __typename } query B { __typename }' });
    expect(several.status).toBe(400);
    expect(several.body).toEqual({
      errors: [{ message: 'Must provide operation name if query contains multiple operations: the document holds A, B; name the one to run in operationName', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }],
    });
    expect((await post(target.url(), { query: 'query A { __typename } query B { __typename }', operationName: 'B' })).body).toEqual({ data: { __typename: 'Query' } });
    // Two unnamed operations are not a document at all (graphql-js's validation says so), before anyone picks.
    const twoUnnamed = await post(target.url(), { query: '{ __typename } { __typename }' });
    expect(twoUnnamed.status).toBe(400);
    expect(codes(twoUnnamed.body)).toEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
    expect(twoUnnamed.body.errors![0].message).toBe('This anonymous operation must be the only defined operation.');
  });

  test('a persisted-query hash without the query: PERSISTED_QUERY_NOT_SUPPORTED, on which an Apollo client sends the text', async () => {
    const sha256Hash = 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38'; // of '{__typename}'
    for (const persistedQuery of [{ version: 1, sha256Hash }, { sha256Hash }]) {
      const res = await post(target.url(), { extensions: { persistedQuery } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ errors: [{ message: 'PersistedQueryNotSupported', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }] });
    }
    const get = await fetch(`${target.url()}?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash } }))}`, {
      headers: { authorization: `Bearer ${prosecutor}`, 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ errors: [{ message: 'PersistedQueryNotSupported', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }] });
  });

  test('cost: a modest query runs, one that may return over 100,000 values is refused before it runs', async () => {
    const ok = await post(target.url(), { query: `{ ${target.field} }` });
    expect(ok.status).toBe(200);
    expect(codes(ok.body)).not.toContain('QUERY_TOO_COMPLEX');
    const refused = await post(target.url(), { query: target.wide });
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX' } })]);
    expect(refused.body.errors![0].message).toMatch(/^Query may return about \d+ values; the limit is 100000/);
  });
});

test('at the gateway the fan-out width counts: the same list over more members costs more', async () => {
  // 500 persons per member, each with cases and their persons: under the limit at one member, over it at three.
  const query = (countries: string) => `{ persons(first: 500${countries}) { cases { involved { person { cases { id } } } } } }`;
  const three = await startGateway({
    directory: new Map([['AR', net.members.get('AR')!.url], ['BO', 'http://127.0.0.1:9/graphql'], ['CL', 'http://127.0.0.1:9/graphql']]),
    secretariatUrl: net.secretariat.url, hop: net.hop, verifier: net.verifier, mode: MODE, memberTimeoutMs: 500,
  });
  try {
    expect(codes((await post(three.url, { query: query('') })).body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes((await post(three.url, { query: query(', countries: ["AR"]') })).body)).not.toContain('QUERY_TOO_COMPLEX');
  } finally {
    await three.close();
  }
});
