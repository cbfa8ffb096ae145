/**
 * The audit log on the network on loopback: what members record of reads,
 * denials, refusals, lookups and writes (through the gateway and directly),
 * who may read it (auditLog, foreignAccess), chain heads sent to the
 * secretariat under the member's service identity, restart, and `audit verify`
 * on the files the network wrote, intact and tampered with.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeId, type Role } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { startMember } from '@enlace/member';
import { verifyCommand } from '@enlace/scripts/audit/verify';
import { bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let dir: string;
const paths = () => ({
  ar: join(dir, 'ar', 'audit.log'),
  co: join(dir, 'co', 'audit.log'),
  secretariat: join(dir, 'secretariat', 'audit.log'),
  heads: join(dir, 'secretariat', 'audit-heads.jsonl'),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-audit-'));
  const p = paths();
  net = await startNetwork({
    countries: ['AR', 'CO'],
    memberOptions: {
      AR: { audit: { path: p.ar, headIntervalMs: 200 } },
      CO: { audit: { path: p.co, headIntervalMs: 200 } },
    },
    secretariatOptions: { audit: { path: p.secretariat, headsPath: p.heads, headIntervalMs: 200 } },
  });
});

afterAll(async () => {
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

const as = async (country: string, role: Role, purpose = 'Investigation of a trafficking network', caseRef = 'CO-2024-117') =>
  bearer(await net.token({ country, roles: [role] }), purpose, caseRef);

const ENTRY = `seq at caller { subject country roles issuer } operation { type name sha256 } purpose caseRef decision
  delivered { record fields } withheld { record field rule } hits wrote errors prev hash`;
const auditLog = (headers: Record<string, string>, filter: Record<string, unknown> = {}, url = net.gateway.url, country = 'AR') =>
  gql(url, `query AuditLog($c: [String!], $f: AuditFilter) { auditLog(countries: $c, filter: $f, first: 100) { country ${ENTRY} } }`, { c: [country], f: filter }, headers);

const READ = `query ReadAr { persons(countries: ["AR"], first: 8) { id fullName dateOfBirth documents { number } cases { id summary } } }`;

type Entry = {
  seq: number; caller: { country: string; subject: string } | null; purpose: string | null; caseRef: string | null; decision: string;
  operation: { type: string; name: string | null; sha256: string };
  delivered: Array<{ record: string; fields: string[] }>; withheld: Array<{ record: string | null; field: string; rule: string }>;
  hits: string[] | null; wrote: string[];
};

describe('a foreign prosecutor reads AR records through the gateway, and AR\'s auditors see it', () => {
  let read: Awaited<ReturnType<typeof gql>>;
  let entry: Entry;

  beforeAll(async () => {
    read = await gql(net.gateway.url, READ, {}, await as('CO', 'prosecutor'));
    const persons = read.body.data.persons as Array<{ id: string }>;
    expect(persons.length).toBeGreaterThan(0);
    const log = await auditLog(await as('AR', 'auditor', 'Quarterly audit', 'AUD-1'), { callerCountry: 'CO', record: persons[0].id });
    expect(log.body.errors).toBeUndefined();
    entry = log.body.data.auditLog[0];
  });

  test('who, why, which operation', () => {
    expect(entry.caller).toMatchObject({ country: 'CO' });
    expect(entry).toMatchObject({ purpose: 'Investigation of a trafficking network', caseRef: 'CO-2024-117' });
    expect(entry.operation.type).toBe('query');
    expect(entry.operation.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('every record delivered, with the protected fields given on it', () => {
    const persons = read.body.data.persons as Array<{ id: string; fullName: string | null; cases: Array<{ id: string }> | null }>;
    const delivered = new Map(entry.delivered.map((d) => [d.record, d.fields]));
    for (const p of persons) {
      expect(delivered.has(p.id)).toBe(true);
      expect(delivered.get(p.id)!.includes('Person.fullName')).toBe(p.fullName !== null);
      for (const c of p.cases ?? []) expect(delivered.has(c.id)).toBe(true);
    }
  });

  test('every field withheld, by the rule the caller was told', () => {
    const denials = (read.body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(denials.length).toBeGreaterThan(0); // the seed has victims and H3 cases among the first records
    const persons = read.body.data.persons as Array<{ id: string; cases: Array<{ id: string }> | null }>;
    for (const d of denials) {
      const [, i, field, j] = d.path as [string, number, string, number?];
      const record = field === 'cases' && typeof j === 'number' ? persons[i].cases![j].id : persons[i].id;
      const coordinate = field === 'cases' && typeof j === 'number' ? `Case.${d.path[4]}` : `Person.${field}`;
      expect(entry.withheld).toContainEqual({ record, field: coordinate, rule: d.extensions.rule });
    }
    expect(entry.decision).toBe('PARTIAL');
  });

  test('AR\'s log holds only what AR served: no CO record', () => {
    expect(entry.delivered.every((d) => d.record.startsWith('AR:'))).toBe(true);
  });
});

describe('only AR\'s own auditors read AR\'s log', () => {
  test.each<[string, string, Role]>([
    ['an AR prosecutor', 'AR', 'prosecutor'],
    ['an AR analyst', 'AR', 'analyst'],
    ['a CO auditor', 'CO', 'auditor'],
    ['the secretariat', 'XS', 'secretariat'],
  ])('%s is refused with FORBIDDEN', async (_who, country, role) => {
    const r = await auditLog(await as(country, role));
    expect(r.body.data?.auditLog ?? []).toEqual([]); // the gateway merges the refused list as empty
    expect(r.body.errors?.map((e) => [e.extensions?.code, e.extensions?.rule])).toContainEqual(['FORBIDDEN', 'audit.read']);
  });

  test('directly at the member as well, and the refusal is itself logged', async () => {
    const prosecutor = await as('AR', 'prosecutor');
    const r = await auditLog(prosecutor, {}, net.members.get('AR')!.url);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'audit.read' });
    const log = await auditLog(await as('AR', 'auditor'), { decision: 'REFUSED', callerCountry: 'AR' });
    expect(log.body.data.auditLog.some((e: Entry) => e.withheld.some((w) => w.rule === 'audit.read') && e.caller?.country === 'AR')).toBe(true);
  });

  test('an auditor reads the log of its own member only: a CO auditor reads CO\'s', async () => {
    const r = await auditLog(await as('CO', 'auditor'), {}, net.gateway.url, 'CO');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.auditLog.every((e: { country: string }) => e.country === 'CO')).toBe(true);
  });

  test('a request without a purpose is refused and logged as REFUSED', async () => {
    const token = await net.token({ country: 'CO', roles: ['prosecutor'] });
    const r = await gql(net.members.get('AR')!.url, 'query NoPurpose { persons(first: 2) { id } }', {}, { authorization: `Bearer ${token}` });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
    const log = await auditLog(await as('AR', 'auditor'), { decision: 'REFUSED', callerCountry: 'CO' });
    expect(log.body.data.auditLog[0]).toMatchObject({ operation: { name: 'NoPurpose' }, purpose: null, delivered: [] });
  });
});

describe('writes', () => {
  test('a record created is logged with its id; a write refused is logged as REFUSED', async () => {
    const prosecutor = await as('AR', 'prosecutor');
    const created = await gql(net.gateway.url, `mutation NewPerson($i: PersonInput!) { createPerson(input: $i) { id } }`,
      { i: { givenNames: 'Ana', familyNames: 'Pérez', dateOfBirth: '1980-01-01' } }, prosecutor);
    const id = created.body.data.createPerson.id as string;
    const auditor = await as('AR', 'auditor');
    const log = await auditLog(auditor, { record: id });
    expect(log.body.data.auditLog[0]).toMatchObject({ operation: { type: 'mutation', name: expect.stringMatching(/^NewPerson/) }, wrote: [id], decision: 'ALLOWED' });

    const refused = await gql(net.members.get('AR')!.url, `mutation Sneak { setCaseStatus(caseId: "${makeId('AR', 'C', 1)}", status: TRIAL) { id } }`, {}, auditor);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await auditLog(auditor, { decision: 'REFUSED', subject: (await net.verifier.verify(auditor.authorization.slice(7))).subject });
    expect(after.body.data.auditLog[0]).toMatchObject({ operation: { name: 'Sneak' }, wrote: [] });
  });
});

describe('foreignAccess: AR\'s prosecutors see who abroad read AR\'s records', () => {
  const FOREIGN = `query Foreign($c: [String!], $f: AuditFilter) { foreignAccess(countries: $c, filter: $f, first: 100) {
    country seq at caller { country subject } purpose caseRef operationName decision delivered { record fields } hits } }`;

  test('the CO read and the CO lookup that hit an AR record, and nothing of AR\'s own or CO\'s internal activity', async () => {
    const arProsecutor = await as('AR', 'prosecutor');
    // CO's own activity: a CO prosecutor reading CO records (in CO's log, never AR's).
    await gql(net.gateway.url, 'query CoInternal { persons(countries: ["CO"], first: 3) { id fullName } }', {}, await as('CO', 'prosecutor'));
    // A hit/no-hit lookup by a CO prosecutor on a document of an AR person.
    const own = await gql(net.gateway.url, 'query Docs { persons(countries: ["AR"], first: 50) { id dateOfBirth documents { type number issuingCountry } } }', {}, arProsecutor);
    const person = (own.body.data.persons as Array<{ id: string; documents: Array<{ type: string; number: string; issuingCountry: string }> | null }>).find((p) => p.documents?.length)!;
    const doc = person.documents![0];
    const lookup = await gql(net.gateway.url, 'query Lookup($p: String!) { documentHits(pseudonym: $p) { country hit } }',
      { p: documentPseudonym(net, doc.issuingCountry, doc.number) }, await as('CO', 'prosecutor'));
    expect(lookup.body.data.documentHits).toContainEqual({ country: 'AR', hit: true });

    const r = await gql(net.gateway.url, FOREIGN, { c: ['AR'] }, arProsecutor);
    expect(r.body.errors).toBeUndefined();
    const entries = r.body.data.foreignAccess as Array<Entry & { operationName: string | null }>;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.caller?.country !== 'AR')).toBe(true);
    // Operation names as the member received them: the gateway's name for its part of the operation.
    expect(entries.some((e) => e.operationName?.startsWith('CoInternal'))).toBe(false);
    expect(entries.flatMap((e) => [...e.delivered.map((d) => d.record), ...(e.hits ?? [])]).every((id) => id.startsWith('AR:'))).toBe(true);
    expect(entries.find((e) => e.hits?.includes(person.id))).toMatchObject({ caller: { country: 'CO' }, operationName: expect.stringMatching(/^Lookup/), purpose: 'Investigation of a trafficking network' });
    expect(entries.find((e) => e.delivered.length && e.caller?.country === 'CO')).toMatchObject({ purpose: 'Investigation of a trafficking network', caseRef: 'CO-2024-117' });
  });

  test.each<[string, string, Role]>([
    ['an AR auditor', 'AR', 'auditor'],
    ['an AR analyst', 'AR', 'analyst'],
    ['a CO prosecutor', 'CO', 'prosecutor'],
  ])('%s is refused with FORBIDDEN', async (_who, country, role) => {
    const r = await gql(net.gateway.url, FOREIGN, { c: ['AR'] }, await as(country, role));
    expect(r.body.data?.foreignAccess ?? []).toEqual([]);
    expect(r.body.errors?.map((e) => [e.extensions?.code, e.extensions?.rule])).toContainEqual(['FORBIDDEN', 'audit.foreign-access']);
  });
});

describe('chain heads go to the secretariat under the member\'s own service identity', () => {
  test('the register holds AR\'s and CO\'s heads, and the secretariat logs its own requests', async () => {
    await new Promise((r) => setTimeout(r, 600)); // a few beats
    const heads = readFileSync(paths().heads, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(heads.some((h) => h.country === 'AR' && h.by === 'service@ar')).toBe(true);
    expect(heads.some((h) => h.country === 'CO')).toBe(true);
    const own = readFileSync(paths().secretariat, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(own.some((e) => e.operation.name === 'EnlaceAuditHead' && e.caller.roles.includes('service') && e.decision === 'ALLOWED')).toBe(true);
  });

  test.each<[string, () => Promise<string>]>([
    ['another member\'s service identity', () => net.services.get('CO')!.token()],
    ['a prosecutor of the member', () => net.token({ country: 'AR', roles: ['prosecutor'] })],
  ])('%s cannot record AR\'s head', async (_who, token) => {
    const r = await gql(net.secretariat.url, 'mutation H { recordAuditHead(country: "AR", seq: 99999, hash: "' + 'a'.repeat(64) + '") { seq } }', {}, bearer(await token()));
    expect(r.body.data?.recordAuditHead ?? null).toBeNull();
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('AR\'s own service identity cannot take back a head already held', async () => {
    const r = await gql(net.secretariat.url, 'mutation H { recordAuditHead(country: "AR", seq: 1, hash: "' + 'a'.repeat(64) + '") { seq } }', {}, bearer(await net.services.get('AR')!.token()));
    expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('restart and verification', () => {
  test('a restarted member continues its chain, and `audit verify` passes on the intact logs', async () => {
    const p = paths();
    await net.members.get('AR')!.close(); // writes what is queued and sends its last head
    const before = readFileSync(p.ar, 'utf8').trim().split('\n');
    const last = JSON.parse(before[before.length - 1]);

    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
    const again = await startMember({ country: 'AR', store, verifier: net.verifier, secretariatUrl: net.secretariat.url, service: net.services.get('AR'), audit: { path: p.ar } });
    await gql(again.url, 'query AfterRestart { routes(first: 1) { code } }', {}, await as('AR', 'prosecutor'));
    await again.close();
    const after = readFileSync(p.ar, 'utf8').trim().split('\n');
    expect(JSON.parse(after[before.length])).toMatchObject({ seq: last.seq + 1, prev: last.hash, operation: { name: 'AfterRestart' } });

    const ar = await verifyCommand({ country: 'AR', logPath: p.ar, headsPath: p.heads });
    expect(ar.lines.join('\n')).toMatch(/OK: AR's audit log is intact/);
    expect(ar.lines.join('\n')).toMatch(/all \d+ heads match; the last covers entries 1–\d+/);
    expect((await verifyCommand({ country: 'CO', logPath: p.co, headsPath: p.heads })).ok).toBe(true);
  });

  describe('`audit verify` fails, naming the entry, on a log tampered with', () => {
    const tampered = (change: (lines: string[]) => string[]) => {
      const copy = join(dir, `tampered-${Math.random().toString(36).slice(2)}.log`);
      writeFileSync(copy, `${change(readFileSync(paths().ar, 'utf8').trim().split('\n')).join('\n')}\n`);
      return verifyCommand({ country: 'AR', logPath: copy, headsPath: paths().heads });
    };

    test('one changed byte', async () => {
      const r = await tampered((l) => l.map((line, i) => (i === 3 ? line.replace('"decision":"', '"decision":"X') : line)));
      expect(r.ok).toBe(false);
      expect(r.lines.at(-1)).toMatch(/^FAILED: entry 4 \(line 4\)/);
    });

    test('a removed entry', async () => {
      const r = await tampered((l) => l.filter((_, i) => i !== 5));
      expect(r.lines.at(-1)).toMatch(/^FAILED: entry 7 \(line 6\).*entries 6–6 were removed/);
    });

    test('reordered entries', async () => {
      const r = await tampered((l) => [...l.slice(0, 2), l[3], l[2], ...l.slice(4)]);
      expect(r.lines.at(-1)).toMatch(/^FAILED: entry 4 \(line 3\)/);
    });

    test('entries cut off the end', async () => {
      const r = await tampered((l) => l.slice(0, 3));
      expect(r.lines.at(-1)).toMatch(/^FAILED: the log was cut: it ends at entry 3, but the secretariat holds its head at entry (\d+) \(received [^)]+\); entries 4–\1 were removed from its end/);
    });

    test('a chain rewritten consistently from the first entry: the heads held by the secretariat catch it', async () => {
      const { chainEntry, GENESIS } = await import('@enlace/platform');
      const r = await tampered((l) => {
        let head = { seq: 0, hash: GENESIS };
        return l.map((line) => {
          const { seq: _s, prev: _p, hash: _h, ...body } = JSON.parse(line);
          if (body.purpose) body.purpose = 'Routine check';
          const { entry, line: out } = chainEntry(body, head);
          head = entry;
          return out;
        });
      });
      expect(r.lines.at(-1)).toMatch(/^FAILED: entry \d+ does not match the head the secretariat received/);
    });

    test('the untouched copy passes (the tampering, not the copying, fails it)', async () => {
      expect((await tampered((l) => l)).ok).toBe(true);
    });
  });
});
