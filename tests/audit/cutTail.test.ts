/**
 * Cut tails (issue 18): entries removed from the end of an audit log after
 * their head was anchored at the secretariat. `audit verify` fails saying what
 * was cut; the member refuses to start behind its own anchored head (asking the
 * secretariat for it at start), or, started while the secretariat could not be
 * asked, turns unready and refuses requests once it can; the secretariat checks
 * its own log against its register at start.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier, SECRETARIAT_AUDIENCE } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { startMember, type RunningMember } from '@enlace/member';
import { startSecretariat } from '@enlace/secretariat';
import { verifyCommand } from '@enlace/scripts/audit/verify';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let dir: string;
const paths = () => ({
  ar: join(dir, 'ar', 'audit.log'),
  secretariat: join(dir, 'secretariat', 'audit.log'),
  heads: join(dir, 'secretariat', 'audit-heads.jsonl'),
});
const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');
const lastSeq = (path: string) => JSON.parse(lines(path).at(-1)!).seq as number;
/** Cuts the last `n` entries off the log at `path`. */
const cut = (path: string, n: number) => writeFileSync(path, `${lines(path).slice(0, -n).join('\n')}\n`);
const headsOf = (country: string) => lines(paths().heads).map((l) => JSON.parse(l)).filter((h) => h.country === country) as Array<{ headSeq: number }>;

const memberStore = () => new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-cut-tail-'));
  const p = paths();
  net = await startNetwork({
    countries: ['AR'],
    memberOptions: { AR: { audit: { path: p.ar, headIntervalMs: 200 } } },
    secretariatOptions: { audit: { path: p.secretariat, headsPath: p.heads, headIntervalMs: 200 } },
  });
  const prosecutor = bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }), 'Investigation of a trafficking network', 'AR-2026-7');
  for (let i = 0; i < 6; i++) await gql(net.members.get('AR')!.url, `query Read${i} { persons(first: 2) { id fullName } }`, {}, prosecutor);
  await net.members.get('AR')!.close(); // writes the rest and anchors its last head
});

afterAll(async () => {
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('only the member\'s own system reads back its anchored head', () => {
  test('AR\'s service identity gets AR\'s last head; a prosecutor of AR is refused', async () => {
    const q = 'query Held($c: String!) { auditHead(country: $c) { country seq hash receivedAt } }';
    const own = await gql(net.secretariat.url, q, { c: 'AR' }, bearer(await net.services.get('AR')!.token(), 'Audit chain head', 'AUDIT-AR'));
    expect(own.body.data.auditHead).toMatchObject({ country: 'AR', seq: lastSeq(paths().ar), hash: JSON.parse(lines(paths().ar).at(-1)!).hash });
    const prosecutor = await gql(net.secretariat.url, q, { c: 'AR' }, bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }), 'Curiosity', 'X-1'));
    expect(prosecutor.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'audit.head' });
  });
});

describe('AR\'s log cut back behind the head the secretariat holds', () => {
  let anchored: number;
  beforeAll(() => {
    anchored = lastSeq(paths().ar);
    expect(headsOf('AR').at(-1)!.headSeq).toBe(anchored);
    cut(paths().ar, 3);
  });

  test('`audit verify` fails, saying which entries were cut', async () => {
    const r = await verifyCommand({ country: 'AR', logPath: paths().ar, headsPath: paths().heads });
    expect(r.ok).toBe(false);
    expect(r.lines.at(-1)).toBe(
      `FAILED: the log was cut: it ends at entry ${anchored - 3}, but the secretariat holds its head at entry ${anchored} (received ${(headsOf('AR').at(-1) as unknown as { at: string }).at}); `
        + `entries ${anchored - 2}–${anchored} were removed from its end (and any written after them)`,
    );
  });

  test('the member refuses to start, saying what was cut and what to do', async () => {
    const store = memberStore();
    const started = startMember({ country: 'AR', store, verifier: net.verifier, secretariatUrl: net.secretariat.url, service: net.services.get('AR'), audit: { path: paths().ar } });
    await expect(started).rejects.toThrow(
      `AR's audit log ${paths().ar}: the log ends at entry ${anchored - 3}, but the secretariat holds its head at entry ${anchored} `,
    );
    await expect(started).rejects.toThrow(
      /entries \d+–\d+ were cut off\. Refusing to start behind a head already anchored: keep the file as evidence, restore the missing entries from a backup of the log, check it with `npm run audit -- verify --country AR`, and start again\.$/,
    );
    await store.close();
  });

  test('started while the secretariat cannot be asked, it serves; once it can, it finds itself behind: not ready, saying why, and refusing requests', async () => {
    const gate = await gatedProxy(net.secretariat.url);
    let member: RunningMember | null = null;
    try {
      member = await startMember({
        country: 'AR', store: memberStore(), verifier: net.verifier, secretariatUrl: gate.url, service: net.services.get('AR'), audit: { path: paths().ar, headIntervalMs: 200 },
      });
      const ready = async () => {
        const res = await fetch(member!.url.replace(/graphql$/, 'ready'));
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      expect((await ready()).status).toBe(200);
      gate.open = true;
      for (let i = 0; i < 100 && (await ready()).status === 200; i++) await new Promise((r) => setTimeout(r, 50));
      const r = await ready();
      expect(r.status).toBe(503);
      expect(r.body.audit).toMatch(new RegExp(`^the audit log is behind the head the secretariat holds \\(the log ends at entry ${anchored - 3}, but the secretariat holds its head at entry ${anchored} .*\\): restore the missing entries from a backup of the log \\(AUDIT_PATH\\) and restart`));
      const read = await gql(member.url, 'query Late { persons(first: 1) { id } }', {}, bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }), 'Investigation', 'AR-1'));
      expect(read).toMatchObject({ status: 503, body: { errors: [expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })] } });
      expect(headsOf('AR').at(-1)!.headSeq).toBe(anchored); // it sent no head from behind
    } finally {
      await member?.close();
      await gate.close();
    }
  });
});

describe('the secretariat checks its own log against its register of heads at start', () => {
  test('its log cut behind the head its register holds for XS: it refuses to start', async () => {
    await net.secretariat.close();
    const anchored = headsOf('XS').at(-1)!.headSeq;
    expect(lastSeq(paths().secretariat)).toBe(anchored);
    cut(paths().secretariat, 2);
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 32 * 1024 * 1024, readConnections: 1 });
    const verifier = createTokenVerifier(net.trust.trustedIssuers, { members: ['AR'], partners: net.trust.partners, serviceAudience: SECRETARIAT_AUDIENCE });
    await expect(startSecretariat({ store, verifier, audit: { path: paths().secretariat, headsPath: paths().heads } })).rejects.toThrow(
      `XS's audit log ${paths().secretariat}: the log ends at entry ${anchored - 2}, but its register of audit heads holds its head at entry ${anchored} `,
    );
    await store.close();
  });
});

/** A proxy to `target` that drops every connection until `open` is set: a secretariat that cannot be reached, then can. */
async function gatedProxy(target: string): Promise<{ url: string; open: boolean; close(): Promise<void> }> {
  const state = { open: false };
  const server = http.createServer(async (req, res) => {
    if (!state.open) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = await fetch(target, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    get open() {
      return state.open;
    },
    set open(v: boolean) {
      state.open = v;
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
