/**
 * Transport: the pooled HTTP client against a plain loopback server, reading
 * replies (garbage, refusals, outages) without one, and the data source over an
 * injected transport: what each member is sent, and that one hop assertion per
 * fetch covers exactly those bytes, with each member's own nonce.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOP_HEADER, HOP_NONCE_HEADER, makeId, type HopSigner, type MemberBody, type RelayedCaller, type RequestIdentity } from '@enlace/platform';
import { memberSdl } from '@enlace/schema';
import { MemberFanOutDataSource } from '../../gateway/src/memberDataSource';
import { readMemberSchema } from '../../gateway/src/memberSchemaInfo';
import { pooledTransport, readReply, type MemberReply, type MemberTransport } from '../../gateway/src/memberTransport';

describe('readReply', () => {
  test('data and errors are the member\'s answer', () => {
    const reply = { status: 200, body: JSON.stringify({ data: { persons: [] }, errors: [{ message: 'm', path: ['persons'] }] }) };
    expect(readReply('AR', reply)).toEqual({ country: 'AR', data: { persons: [] }, errors: [{ message: 'm', path: ['persons'] }] });
  });
  test('errors that nulled the whole answer are the answer, not an outage', () => {
    expect(readReply('AR', { status: 200, body: '{"data":null,"errors":[{"message":"bad"}]}' })).toEqual({ country: 'AR', data: {}, errors: [{ message: 'bad' }] });
  });
  test.each<[string, MemberReply, RegExp]>([
    ['garbage', { status: 200, body: '<html>proxy error</html>' }, /HTTP 200 with a body that is not JSON/],
    ['a refusal', { status: 401, body: '{"errors":[{"message":"Token expired"}]}' }, /refused the request: Token expired/],
    ['a refusal whose message is not text', { status: 400, body: '{"errors":[{"message":{"text":"no"}}]}' }, /^refused the request: unknown error$/],
    ['a server error without data', { status: 502, body: '{"errors":[{"message":"upstream"}]}' }, /HTTP 502 without data/],
    ['data that is not an object', { status: 200, body: '{"data":[1]}' }, /HTTP 200 without data/],
    ['no reply at all', { unavailable: 'cannot be reached' }, /cannot be reached/],
  ])('%s makes the member unavailable', (_, reply, reason) => {
    const answer = readReply('EC', reply);
    expect(answer.data).toBeNull();
    expect(answer.unavailable).toMatch(reason);
  });
  test('a member that says it cannot serve now (503 with a registered code) is not-ready, with what it said', () => {
    const said = 'The audit log cannot be written: the disk is full. Nothing was read.';
    const answer = readReply('EC', { status: 503, body: JSON.stringify({ errors: [{ message: said, extensions: { code: 'AUDIT_UNAVAILABLE' } }] }) });
    expect(answer).toMatchObject({ data: null, unavailable: `is not ready: ${said}`, unavailableReason: 'not-ready' });
    expect(readReply('EC', { status: 503, body: '{"errors":[{"message":"overloaded"}]}' })).toMatchObject({ unavailableReason: 'bad-answer' });
  });
});

describe('pooledTransport', () => {
  let server: http.Server;
  let url: string;
  let connections = 0;
  let handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => handle(req, body, res));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql?x=1`;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  beforeEach(() => (connections = 0));

  test('posts the exact bytes with the headers given, and keeps its connections alive', async () => {
    const seen: Array<{ path?: string; body: string; hop?: string | string[]; type?: string }> = [];
    handle = (req, body, res) => {
      seen.push({ path: req.url, body, hop: req.headers[HOP_HEADER], type: req.headers['content-type'] });
      res.end('{"data":{}}');
    };
    const transport = pooledTransport(new Map([['AR', url]]), { timeoutMs: 5000 });
    const body = JSON.stringify({ query: '{ persons { id } }', variables: { name: 'Quíspe' } });
    for (let i = 0; i < 20; i++) expect(await transport.post('AR', body, { [HOP_HEADER]: 'signed' })).toEqual({ status: 200, body: '{"data":{}}' });
    await transport.close();
    expect(seen).toHaveLength(20);
    expect(seen[0]).toEqual({ path: '/graphql?x=1', body, hop: 'signed', type: 'application/json' });
    // Kept alive: a couple of connections (the pool may open the next before the last is handed back), not one per request.
    expect(connections).toBeLessThanOrEqual(2);
  });

  test('opens at most the bounded number of connections to a member', async () => {
    // The server answers only once two requests wait: a pool of one would hang, an unbounded pool would open ten.
    const waiting: http.ServerResponse[] = [];
    handle = (_req, _body, res) => {
      waiting.push(res);
      if (waiting.length === 2) for (const r of waiting.splice(0)) r.end('{"data":{}}');
    };
    const transport = pooledTransport(new Map([['AR', url]]), { timeoutMs: 5000, connections: 2 });
    const replies = await Promise.all(Array.from({ length: 10 }, () => transport.post('AR', '{}', {})));
    await transport.close();
    expect(replies.every((r) => 'status' in r && r.status === 200)).toBe(true);
    expect(connections).toBe(2);
  });

  test('a member that does not answer within the timeout, or cannot be reached, is unavailable; it never throws', async () => {
    handle = () => undefined;
    const transport = pooledTransport(new Map([['BO', url], ['VE', 'http://127.0.0.1:9/graphql']]), { timeoutMs: 100 });
    expect(await transport.post('BO', '{}', {})).toEqual({ unavailable: 'no answer within 100 ms', timedOut: true });
    expect(await transport.post('VE', '{}', {})).toEqual({ unavailable: 'cannot be reached' });
    expect(await transport.post('XX', '{}', {})).toEqual({ unavailable: 'not in the directory' });
    await transport.close();
  });

  test('a request still waiting for a connection is unavailable at its own timeout, not after the one before it', async () => {
    // Only "third" is answered: the second waits behind the first on the one connection, and must give up at its own
    // timeout (aborted as soon as it starts, if it does), not hang on.
    handle = (_req, body, res) => void (body === '"third"' && res.end('{"data":{}}'));
    const transport = pooledTransport(new Map([['BO', url]]), { timeoutMs: 100, connections: 1 });
    const started = Date.now();
    const replies = await Promise.all([transport.post('BO', '"first"', {}), transport.post('BO', '"second"', {})]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(replies).toEqual([{ unavailable: 'no answer within 100 ms', timedOut: true }, { unavailable: 'no answer within 100 ms', timedOut: true }]);
    // The pool is usable afterwards.
    expect(await transport.post('BO', '"third"', {})).toEqual({ status: 200, body: '{"data":{}}' });
    await transport.close();
  });
});

describe('the data source over an injected transport', () => {
  const members = ['AR', 'CO', 'PE'];
  const directory = new Map(members.map((c) => [c, `http://${c.toLowerCase()}.invalid/graphql`]));
  const schema = readMemberSchema(memberSdl());

  /** A caller of a country with no member in the directory (every member request is relayed), unless another is named. */
  const identityOf = (country = 'BO'): RequestIdentity => ({
    caller: { subject: 'u1', issuer: 'https://idp.example', country, organisation: 'MP', roles: ['prosecutor'] },
    token: 'tok', purpose: 'Investigation', caseRef: 'C-1',
  });

  function setUp(answer: (country: string, request: { query: string; variables: Record<string, unknown> }) => unknown) {
    const posts: Array<{ country: string; body: string; headers: Record<string, string> }> = [];
    const fanOuts: Array<{ caller: RelayedCaller; requests: MemberBody[] }> = [];
    const transport: MemberTransport = {
      async post(country, body, headers) {
        posts.push({ country, body, headers });
        return { status: 200, body: JSON.stringify(answer(country, JSON.parse(body))) };
      },
      close: async () => undefined,
    };
    // One assertion per fan-out (`assertion-k`), and per request its place in it as the nonce.
    const hop: HopSigner = {
      async signFanOut(caller, requests) {
        const k = fanOuts.push({ caller, requests: [...requests] }) - 1;
        return requests.map((_, i) => ({ [HOP_HEADER]: `assertion-${k}`, [HOP_NONCE_HEADER]: String(i) }));
      },
      sign: async () => {
        throw new Error('the gateway signs fan-outs');
      },
    };
    const source = new MemberFanOutDataSource({
      directory, schema, transport, hop,
      headersFor: ({ identity }) => ({ authorization: `Bearer ${identity.token}`, 'x-enlace-purpose': 'Investigation', 'x-enlace-case-ref': 'C-1' }),
    });
    const run = (query: string, variables: Record<string, unknown> = {}, identity = identityOf()) =>
      source.process({ kind: 'incoming operation', request: { query, variables }, context: { identity }, incomingRequestContext: {} } as never) as Promise<{ data?: Record<string, any>; errors?: any[] }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    /** The fan-out and request an assertion and nonce were signed for. */
    const signedFor = (headers: Record<string, string>) => fanOuts[Number(headers[HOP_HEADER].replace('assertion-', ''))].requests[Number(headers[HOP_NONCE_HEADER])];
    return { posts, fanOuts, signedFor, run };
  }

  test('one assertion covers a fetch: each member request carries it and its own nonce, signed for that member over exactly the bytes sent', async () => {
    const { posts, fanOuts, signedFor, run } = setUp((country) => ({ data: { persons: [{ id: makeId(country, 'P', 1) }] } }));
    const query = 'query($n: Int) { persons(first: $n) { id } }';
    const { data } = await run(query, { n: 1 });
    expect(data!.persons.map((p: { id: string }) => p.id)).toEqual(members.map((c) => makeId(c, 'P', 1)));
    expect(posts.map((p) => p.country)).toEqual(members);
    expect(fanOuts).toHaveLength(1);
    // For the identity the gateway verified, handed over as it is.
    expect(fanOuts[0].caller).toEqual(identityOf());
    for (const post of posts) {
      expect(signedFor(post.headers)).toEqual({ member: post.country, body: post.body });
      // Every field goes to the same members: the operation travels as the planner wrote it.
      expect(JSON.parse(post.body)).toEqual({ query, variables: { n: 1 } });
    }
    expect(new Set(posts.map((p) => p.headers[HOP_NONCE_HEADER])).size).toBe(members.length);
  });

  test('the caller\'s own member, which serves its callers without an assertion, is sent none and has no tag', async () => {
    const { posts, fanOuts, run } = setUp((country) => ({ data: { persons: [{ id: makeId(country, 'P', 1) }] } }));
    await run('{ persons { id } }', {}, identityOf('CO'));
    expect(posts.map((p) => [p.country, p.headers[HOP_HEADER] !== undefined, p.headers[HOP_NONCE_HEADER] !== undefined]).sort())
      .toEqual([['AR', true, true], ['CO', false, false], ['PE', true, true]]);
    expect(fanOuts.map((f) => f.requests.map((r) => r.member).sort())).toEqual([['AR', 'PE']]);
  });

  test('a fetch cut into groups of members, each with its own body, is still one assertion', async () => {
    const { posts, fanOuts, signedFor, run } = setUp((country, { query }) => ({ data: query.includes('person(') ? { person: { id: makeId(country, 'P', 2) } } : { cases: [] } }));
    await run('query($id: ID!, $c: [String!]) { person(id: $id) { id } cases(countries: $c) { id } }', { id: makeId('PE', 'P', 2), c: ['CO', 'AR'] });
    expect(posts.map((p) => p.country).sort()).toEqual(['AR', 'CO', 'PE']);
    expect(fanOuts).toHaveLength(1);
    for (const post of posts) expect(signedFor(post.headers)).toEqual({ member: post.country, body: post.body });
  });

  test('fields for different members are cut into one operation per group, with only the variables each uses', async () => {
    const { posts, run } = setUp((country, { query }) => ({ data: query.includes('person(') ? { person: { id: makeId(country, 'P', 2) } } : { cases: [] } }));
    const { data, errors } = await run('query($id: ID!, $c: [String!]) { person(id: $id) { id } cases(countries: $c) { id } }', { id: makeId('PE', 'P', 2), c: ['CO'] });
    expect(errors).toBeUndefined();
    expect(data).toEqual({ person: { id: makeId('PE', 'P', 2) }, cases: [] });
    const sent = posts.map((p) => ({ country: p.country, ...JSON.parse(p.body) }));
    expect(sent.map((s) => [s.country, Object.keys(s.variables)])).toEqual([['PE', ['id']], ['CO', ['c']]]);
    expect(sent[0].query).not.toContain('cases');
  });

  test('a bad countries argument is BAD_USER_INPUT for that field, and no member is asked about it', async () => {
    const { posts, run } = setUp(() => ({ data: { persons: [] } }));
    const { data, errors } = await run('{ persons(countries: ["AR", "BR"]) { id } }');
    expect(posts).toEqual([]);
    expect(data).toEqual({ persons: null });
    expect(errors).toEqual([expect.objectContaining({ path: ['persons'], extensions: { code: 'BAD_USER_INPUT', field: 'countries[1]' } })]);
  });

  test('_entities go to their owners, and come back in the planner\'s order', async () => {
    const { posts, fanOuts, signedFor, run } = setUp((country, { variables }) => ({
      data: { _entities: (variables.representations as Array<{ id: string }>).map((r) => ({ id: r.id, country })) },
    }));
    const representations = [makeId('CO', 'P', 1), makeId('AR', 'P', 1), makeId('CO', 'P', 2)].map((id) => ({ __typename: 'Person', id }));
    const { data } = await run('query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { id country } } }', { representations });
    expect(data!._entities.map((e: { id: string }) => e.id)).toEqual(representations.map((r) => r.id));
    expect(posts.map((p) => [p.country, JSON.parse(p.body).variables.representations.length])).toEqual([['CO', 2], ['AR', 1]]);
    // Each owner its own body, one assertion over both.
    expect(fanOuts).toHaveLength(1);
    for (const post of posts) expect(signedFor(post.headers)).toEqual({ member: post.country, body: post.body });
  });
});
