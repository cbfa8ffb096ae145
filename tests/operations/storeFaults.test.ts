/**
 * A member's store under writes, over HTTP: two writers looping straight at a member, beside
 * readers, all answered (operators saw write-write conflicts, then a full buffer pool, then a
 * member that served nothing); a burst beyond the
 * write queue is refused at once as STORE_BUSY (nothing written, never a timeout); a store
 * that met a fault it cannot serve through (Kùzu's buffer pool filled: here a tiny pool and
 * no checkpoints, as before the adapter ran its own) refuses writes as STORE_UNAVAILABLE,
 * `/ready` answers 503 saying why, and once the process restarts every acknowledged write is
 * there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KuzuStore } from '@enlace/store';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let dir: string;
let headers: Record<string, string>;
/** BO: a queue of one waiting write. PY: a 16 MiB buffer pool and no checkpoints, so updates fill it. EC: as in production, checkpointing often. */
let busyStore: KuzuStore;
let faultyStore: KuzuStore;
let steadyStore: KuzuStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-store-faults-'));
  busyStore = new KuzuStore({ path: join(dir, 'bo', 'member.kuzu'), bufferPoolBytes: 64 * 1024 * 1024, writeQueue: 1, log: () => undefined });
  faultyStore = new KuzuStore({ path: join(dir, 'py', 'member.kuzu'), bufferPoolBytes: 16 * 1024 * 1024, checkpointWrites: 1e9, checkpointBytes: 1e12, log: () => undefined });
  steadyStore = new KuzuStore({ path: join(dir, 'ec', 'member.kuzu'), bufferPoolBytes: 64 * 1024 * 1024, checkpointWrites: 20, log: () => undefined });
  net = await startNetwork({ countries: ['BO', 'PY', 'EC'], persons: 5, memberOptions: { BO: { store: busyStore }, PY: { store: faultyStore }, EC: { store: steadyStore } } });
});
afterAll(async () => {
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CREATE_CASE = 'mutation($i: CaseInput!) { createCase(input: $i) { id } }';
const UPDATE_CASE = 'mutation($id: ID!, $i: CaseUpdateInput!) { updateCase(caseId: $id, input: $i) { id handlingConditions } }';

async function newCase(country: string): Promise<string> {
  headers = bearer(await net.token({ country, roles: ['prosecutor'] }));
  const { body } = await gql(net.members.get(country)!.url, CREATE_CASE, {
    i: { reference: `FAULTS-${country}`, offences: ['TIP'], status: 'INVESTIGATION', openedOn: '2024-05-02', summary: 'Captación.', handlingCode: 'H1' },
  }, headers);
  expect(body.errors).toBeUndefined();
  return body.data.createCase.id;
}

const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);

test('two writers looping updateCase straight at a member beside two readers: every request answered, the member ready', async () => {
  const ids = [await newCase('EC'), await newCase('EC')];
  const url = net.members.get('EC')!.url;
  const until = Date.now() + 4000;
  const failures: unknown[] = [];
  const last = new Map<string, string>();
  let answered = 0;
  const writer = async (id: string) => {
    for (let i = 0; Date.now() < until; i++) {
      const { body } = await gql(url, UPDATE_CASE, { id, i: { handlingCode: i % 2 ? 'H1' : 'H3', handlingConditions: `loop ${i}` } }, headers);
      if (body.errors) failures.push(body.errors);
      else last.set(id, body.data.updateCase.handlingConditions);
      answered++;
    }
  };
  const reader = async () => {
    while (Date.now() < until) {
      const { body } = await gql(url, 'query($a: ID!, $b: ID!) { a: case(id: $a) { handlingConditions } b: case(id: $b) { handlingConditions } }', { a: ids[0], b: ids[1] }, headers);
      if (body.errors) failures.push(body.errors);
      answered++;
    }
  };
  await Promise.all([writer(ids[0]), writer(ids[1]), reader(), reader()]);
  expect(failures).toEqual([]);
  expect(answered).toBeGreaterThan(20);
  for (const id of ids) expect((await steadyStore.read('MATCH (c:`Case`) WHERE c.id = $id RETURN c.handlingConditions AS h', { id }))[0].h).toBe(last.get(id));
  expect((await fetch(new URL('ready', url))).status).toBe(200);
});

test('a burst of writes beyond the queue: each is taken or refused at once as STORE_BUSY, never half-written', async () => {
  const id = await newCase('BO');
  const url = net.members.get('BO')!.url;
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => gql(url, UPDATE_CASE, { id, i: { handlingConditions: `burst ${i}` } }, headers)));
  const taken = answers.filter((a) => !a.body.errors).map((a) => a.body.data.updateCase.handlingConditions as string);
  const refused = answers.filter((a) => a.body.errors);
  expect(taken.length).toBeGreaterThan(0);
  expect(refused.length).toBeGreaterThan(0);
  for (const r of refused) {
    expect(codes(r.body)).toEqual(['STORE_BUSY']);
    expect(r.body.errors![0].message).toMatch(/busy.*Nothing was written; try again/);
    expect(r.body.data?.updateCase ?? null).toBeNull();
  }
  // The last write taken is what the case holds; the refused ones left nothing.
  const [stored] = await busyStore.read('MATCH (c:`Case`) WHERE c.id = $id RETURN c.handlingConditions AS h', { id });
  expect(taken).toContain(stored.h);
  expect(await (await fetch(new URL('ready', url))).json()).toMatchObject({ ready: true, writes: { queued: 0, limit: 1 } });
});

test('a store that cannot serve refuses writes as STORE_UNAVAILABLE and /ready says why; a restart loses no acknowledged write', async () => {
  const id = await newCase('PY');
  const url = net.members.get('PY')!.url;
  let acknowledged: string | null = null;
  let refusal: { code?: string; message: string } | null = null;
  for (let i = 0; i < 2000 && !refusal; i++) {
    const { body } = await gql(url, UPDATE_CASE, { id, i: { handlingConditions: `update ${i} ${'x'.repeat(200)}` } }, headers);
    if (body.errors) refusal = { code: body.errors[0].extensions?.code, message: body.errors[0].message };
    else acknowledged = body.data.updateCase.handlingConditions;
  }
  expect(refusal).toEqual({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/cannot serve until its process is restarted; nothing was written/) });
  const again = await gql(url, UPDATE_CASE, { id, i: { handlingConditions: 'after the fault' } }, headers);
  expect(codes(again.body)).toEqual(['STORE_UNAVAILABLE']);
  const ready = await fetch(new URL('ready', url));
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ ready: false, store: expect.stringMatching(/buffer pool is full.*Restart the process/) });

  // The restart: the store opens again from its file and holds the last acknowledged write.
  await net.members.get('PY')!.close();
  const reopened = new KuzuStore({ path: join(dir, 'py', 'member.kuzu'), bufferPoolBytes: 64 * 1024 * 1024, log: () => undefined });
  try {
    const [stored] = await reopened.read('MATCH (c:`Case`) WHERE c.id = $id RETURN c.handlingConditions AS h', { id });
    expect(stored.h).toBe(acknowledged);
    expect(reopened.health().ready).toBe(true);
  } finally {
    await reopened.close();
  }
});
