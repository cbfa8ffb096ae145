/**
 * Fail-closed (DESIGN.md, "Accountability"): a request whose audit entry cannot
 * be written gets no data. First the plugin alone, on a small schema and a log
 * file whose disk fills up on demand (the write race included); then a real
 * full disk: the audit logs of a member and of the secretariat on a small
 * tmpfs, filled, and freed, checked through HTTP.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { auditPlugin, ChainLog, RequestAudit, verifyChain, type AuditRecord } from '@enlace/platform';
import { verifyCommand } from '@enlace/scripts/audit/verify';
import { FillingFile } from '../support/fillingFile';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

const until = async (what: string, done: () => boolean | Promise<boolean>, ms = 15_000) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('the audit plugin releases an answer only once its entry is written', () => {
  let dir: string;
  let path: string;
  let file: FillingFile;
  let log: ChainLog<AuditRecord>;
  let server: ApolloServer<{ audit: RequestAudit }>;
  let resolved = 0;
  /** Runs inside every resolver: a test fills the disk there, as if it filled while the request ran. */
  let whileRunning = () => {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'enlace-fail-closed-'));
    path = join(dir, 'audit.log');
    log = await ChainLog.open<AuditRecord>(path, { retryMs: 20, retryMaxMs: 40, log: () => undefined, openFile: async (p) => (file = await FillingFile.open(p)) });
    server = new ApolloServer<{ audit: RequestAudit }>({
      typeDefs: 'type Query { record: String } type Mutation { write: String }',
      resolvers: {
        Query: {
          record: (_: unknown, __: unknown, ctx: { audit: RequestAudit }) => {
            resolved++;
            whileRunning();
            ctx.audit.delivered('AR:P:1', 'Person.fullName');
            return 'AR:P:1';
          },
        },
        Mutation: {
          write: (_: unknown, __: unknown, ctx: { audit: RequestAudit }) => {
            resolved++;
            whileRunning();
            ctx.audit.wrote(['AR:P:2']);
            return 'AR:P:2';
          },
        },
      },
      plugins: [auditPlugin<{ audit: RequestAudit }>({ log, service: 'AR', identityOf: () => undefined, auditOf: (ctx) => ctx.audit })],
    });
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await log?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (query: string) => {
    const res = await server.executeOperation({ query }, { contextValue: { audit: new RequestAudit() } });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return { status: res.http.status ?? 200, ...res.body.singleResult };
  };
  const stored = () => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditRecord & { seq: number });
  const freeSpace = async () => {
    file.room = null;
    await until('the log to be written again', () => log.trouble() === null);
  };

  test('a read is answered after its entry is on disk', async () => {
    const before = stored().length;
    expect(await run('query Read { record }')).toMatchObject({ status: 200, data: { record: 'AR:P:1' } });
    expect(stored()).toHaveLength(before + 1); // written before the answer came back, not after
  });

  test('a read whose entry cannot be written (the disk fills while it runs): 503, no data, AUDIT_UNAVAILABLE', async () => {
    whileRunning = () => (file.room = 20);
    const r = await run('query Read { record }');
    whileRunning = () => {};
    expect(r).toEqual({ status: 503, errors: [expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })] });
    expect(r.errors![0].message).toMatch(/nothing was served: try again later/);
  });

  test('once the log is known to fail, reads and writes are refused before they run', async () => {
    const ran = resolved;
    for (const query of ['query Read { record }', 'mutation Write { write }']) {
      const r = await run(query);
      expect(r.status).toBe(503);
      expect(r.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect('data' in r && r.data).toBeFalsy();
    }
    expect(resolved).toBe(ran);
  });

  test('a write carried out just before its entry fails: it stands, the answer says so (200, committed, what it wrote), its entry is kept and written', async () => {
    await freeSpace();
    whileRunning = () => (file.room = 0);
    const r = await run('mutation Write { write }');
    whileRunning = () => {};
    expect(r).toEqual({
      status: 200, data: null,
      errors: [{ message: expect.stringMatching(/^The write was carried out, .*do not repeat the write/), extensions: { code: 'AUDIT_UNAVAILABLE', committed: true, records: ['AR:P:2'] } }],
    });
    await freeSpace();
  });

  test('the log then holds every request that ran, whole and chained: the withheld read as REFUSED with nothing delivered, the write as it was; the requests refused unrun are not in it', async () => {
    const entries = stored();
    expect(await verifyChain(readFileSync(path, 'utf8').trim().split('\n'))).toMatchObject({ ok: true, checked: entries.length });
    expect(entries.map((e) => [e.operation.name, e.decision, e.delivered.length, e.wrote, e.errors])).toEqual([
      ['Read', 'ALLOWED', 1, [], []],
      ['Read', 'REFUSED', 0, [], ['AUDIT_UNAVAILABLE']],
      ['Write', 'ALLOWED', 0, ['AR:P:2'], ['AUDIT_UNAVAILABLE']],
    ]);
  });
});

/**
 * A small tmpfs for the audit files (mounting needs root): null when mounted,
 * else why not. The network's stores are in memory, so only the logs are on it.
 */
function mountSmallDisk(at: string): string | null {
  if (process.getuid?.() !== 0) return 'it mounts a tmpfs, which needs root (run the tests as root to include it)';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', at], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `mount -t tmpfs is not available here (${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()})`;
  }
}

const disk = mkdtempSync(join(tmpdir(), 'enlace-full-disk-'));
const unmountable = mountSmallDisk(disk);
if (unmountable) {
  console.warn(`SKIPPED: the full-disk test of the audit log: ${unmountable}`);
  rmSync(disk, { recursive: true, force: true });
}
const onRealDisk = unmountable ? describe.skip : describe;

onRealDisk('a full disk under the audit logs of a member and the secretariat (a 256 KiB tmpfs)', () => {
  let net: TestNetwork;
  const files = {
    ar: join(disk, 'ar', 'audit.log'),
    secretariat: join(disk, 'secretariat', 'audit.log'),
    heads: join(disk, 'secretariat', 'audit-heads.jsonl'),
    filler: join(disk, 'filler'),
  };
  const READ = 'query Read { persons(first: 3) { id fullName } }';
  let ar: () => Promise<Record<string, string>>;
  const ready = async (graphqlUrl: string) => {
    const res = await fetch(graphqlUrl.replace(/graphql$/, 'ready'));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    mkdirSync(join(disk, 'ar'));
    mkdirSync(join(disk, 'secretariat'));
    net = await startNetwork({
      countries: ['AR'],
      memberOptions: { AR: { audit: { path: files.ar, headIntervalMs: 200 } } },
      secretariatOptions: { audit: { path: files.secretariat, headsPath: files.heads, headIntervalMs: 200 } },
    });
    ar = async () => bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }), 'Investigation of a trafficking network', 'AR-2026-1');
  });
  afterAll(async () => {
    await net?.close().catch(() => undefined);
    execFileSync('umount', [disk]);
    rmSync(disk, { recursive: true, force: true });
  });

  test('with room: reads answered, both ready', async () => {
    expect((await gql(net.members.get('AR')!.url, READ, {}, await ar())).body.data.persons).toHaveLength(3);
    expect((await ready(net.members.get('AR')!.url)).status).toBe(200);
    expect((await ready(net.secretariat.url)).status).toBe(200);
  });

  test('disk full: the member refuses reads and writes with AUDIT_UNAVAILABLE (503, no data), and /ready is 503 naming the audit log', async () => {
    fillDisk(files.filler);
    const url = net.members.get('AR')!.url;
    // The log's last page may still hold an entry or two: those reads are logged, and answered.
    let refused: Awaited<ReturnType<typeof gql>> | null = null;
    for (let i = 0; i < 30 && !refused; i++) {
      const r = await gql(url, READ, {}, await ar());
      if (r.status !== 200) refused = r;
    }
    expect(refused).toMatchObject({ status: 503, body: { errors: [expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })] } });
    expect(refused!.body.data).toBeUndefined();

    const again = await gql(url, READ, {}, await ar());
    expect(again.status).toBe(503);
    const write = await gql(url, 'mutation Write($i: PersonInput!) { createPerson(input: $i) { id } }', { i: { givenNames: 'Unlogged', familyNames: 'Writer' } }, await ar());
    expect(write).toMatchObject({ status: 503, body: { errors: [expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })] } });

    const r = await ready(url);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ ready: false, store: 'ok', audit: expect.stringMatching(/^the audit log \(AUDIT_PATH\) cannot be written \(ENOSPC\): free space on its disk/) });
  });

  test('disk full: the secretariat refuses too, and its /ready is 503', async () => {
    const headers = bearer(await net.token({ country: 'XS', roles: ['secretariat'] }), 'Directory check', 'XS-1');
    let refused: Awaited<ReturnType<typeof gql>> | null = null;
    for (let i = 0; i < 30 && !refused; i++) {
      const r = await gql(net.secretariat.url, 'query Directory { memberStates { country } }', {}, headers);
      if (r.status !== 200) refused = r;
      else await new Promise((res) => setTimeout(res, 100));
    }
    expect(refused).toMatchObject({ status: 503, body: { errors: [expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })] } });
    expect(refused!.body.data).toBeUndefined();
    const r = await ready(net.secretariat.url);
    expect(r.status).toBe(503);
    expect(r.body.audit).toMatch(/cannot be written \(ENOSPC\)/);
  });

  test('space freed: both turn ready by themselves, serve again, and every log verifies whole against the heads', async () => {
    unlinkSync(files.filler);
    const memberUrl = net.members.get('AR')!.url;
    await until('the member to be ready again', async () => (await ready(memberUrl)).status === 200);
    await until('the secretariat to be ready again', async () => (await ready(net.secretariat.url)).status === 200);
    expect((await gql(memberUrl, READ, {}, await ar())).body.data.persons).toHaveLength(3);
    // The write refused before it ran was never made.
    const search = await gql(memberUrl, 'query Find { persons(filter: { name: "Unlogged Writer" }, first: 5) { id } }', {}, await ar());
    expect(search.body.data.persons).toEqual([]);

    await net.close(); // writes the rest, sends the last heads
    for (const [country, logPath] of [['AR', files.ar], ['XS', files.secretariat]] as const) {
      const v = await verifyCommand({ country, logPath, headsPath: files.heads });
      expect(v.lines.join('\n')).toMatch(new RegExp(`OK: ${country}'s audit log is intact and matches the heads`));
    }
    const entries = readFileSync(files.ar, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    // The read that ran when the disk filled is kept, as refused, with nothing delivered; the write refused before it ran is not there.
    expect(entries).toContainEqual(expect.objectContaining({ operation: expect.objectContaining({ name: 'Read' }), decision: 'REFUSED', delivered: [], errors: expect.arrayContaining(['AUDIT_UNAVAILABLE']) }));
    expect(entries.some((e) => e.operation.name === 'Write')).toBe(false);
  });
});

/** Writes to `path` until the disk is full. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const page = Buffer.alloc(4096, 0x78);
  try {
    for (;;) writeSync(fd, page);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}
