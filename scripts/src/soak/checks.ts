/**
 * What the crash test checks after each restart and at the end, through the
 * API and the audit files: every acknowledged write is there, the audit chains
 * verify against the heads the secretariat holds, and a rename still works (it
 * is acknowledged, its new name is found by a name search, and a pseudonymised
 * name check hits it once the member's pseudonym index takes it in).
 */
import { nameCheckIdentifiers, SECRETARIAT_COUNTRY } from '@enlace/platform';
import { auditPaths, verifyCommand } from '../audit/verify';
import { isAcceptable, type Caller, type Outcome } from './client';
import { canon, judgeRead, type LedgerEntry, type ReadVerdict } from './ledger';
import { letters, type Context, type PersonFixture } from './workload';

/** Records read back per request (the network allows 30 aliases). */
const PER_QUERY = 25;
const READ_TRIES = 4;

const SELECTION: Record<LedgerEntry['kind'], { field: string; fields: string; value: (x: Record<string, unknown>) => Record<string, unknown> }> = {
  person: { field: 'person', fields: 'familyNames', value: (x) => ({ familyNames: x.familyNames }) },
  case: { field: 'case', fields: 'status handlingCode handlingConditions', value: (x) => ({ status: x.status, handlingCode: x.handlingCode, handlingConditions: x.handlingConditions ?? null }) },
  request: { field: 'cooperationRequest', fields: 'state', value: (x) => ({ state: x.state }) },
};

export interface Finding {
  kind: LedgerEntry['kind'];
  id: string;
  verdict: ReadVerdict | 'unreadable';
  /** The last acknowledged value. */
  expected: string | null;
  /** What was read, or the error. */
  read: string;
}

export interface WritesCheck {
  /** Records with an acknowledged write, read back. */
  checked: number;
  /** Holding their last acknowledged value. */
  acked: number;
  /** Holding the value of a later write whose answer was lost (the process was killed before it answered, say). */
  inDoubt: number;
  /** Lost, reordered (an older write applied after a newer acknowledged one) or unreadable. */
  failures: Finding[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const failed = (o: Outcome) => o.codes.some((c) => !isAcceptable(c));

/** Reads back every record with an acknowledged write, and judges each against the ledger. */
export async function checkWrites(ctx: Context): Promise<WritesCheck> {
  const entries = ctx.ledger.checked();
  const result: WritesCheck = { checked: entries.length, acked: 0, inDoubt: 0, failures: [] };
  const groups = new Map<string, LedgerEntry[]>();
  for (const e of entries) (groups.get(`${e.kind} ${e.country}`) ?? groups.set(`${e.kind} ${e.country}`, []).get(`${e.kind} ${e.country}`)!).push(e);
  for (const group of groups.values()) {
    const caller = ctx.checkers.get(group[0].country)!;
    for (let i = 0; i < group.length; i += PER_QUERY) {
      const chunk = group.slice(i, i + PER_QUERY);
      const sel = SELECTION[chunk[0].kind];
      const query = `query SoakCheck { ${chunk.map((e, j) => `r${j}: ${sel.field}(id: ${JSON.stringify(e.id)}) { ${sel.fields} }`).join(' ')} }`;
      let o: Outcome | null = null;
      for (let t = 0; t < READ_TRIES; t++) {
        if (t) await sleep(500 * t);
        o = await ctx.client.call('check read', caller, query);
        if (!failed(o) && o.data) break;
      }
      chunk.forEach((e, j) => {
        const alias = `r${j}`;
        const error = o!.paths.findIndex((p) => p === alias || p === null);
        const got = o!.data?.[alias];
        if (got === undefined || (error >= 0 && !isAcceptable(o!.codes[error]))) {
          result.failures.push({ kind: e.kind, id: e.id, verdict: 'unreadable', expected: e.acked!.value, read: error >= 0 ? `${o!.codes[error]}: ${o!.messages[error]}` : 'no answer' });
          return;
        }
        const read = got === null ? 'null (no such record)' : canon(sel.value(got));
        const verdict = judgeRead(e, read);
        if (verdict === 'acked') result.acked++;
        else if (verdict === 'in-doubt') result.inDoubt++;
        else result.failures.push({ kind: e.kind, id: e.id, verdict, expected: e.acked!.value, read });
      });
    }
  }
  return result;
}

export interface AuditCheck {
  country: string;
  ok: boolean;
  /** The verifier's last line: OK, or what is wrong. */
  detail: string;
}

/**
 * `npm run audit -- verify` for each country and the secretariat. The logs are
 * being written while they are read, so a failure is asked again twice, a second
 * apart, before it counts: a line being appended is not a broken chain.
 */
export async function verifyAudit(dataDir: string, countries: string[]): Promise<AuditCheck[]> {
  const out: AuditCheck[] = [];
  for (const country of [...countries, SECRETARIAT_COUNTRY]) {
    const paths = auditPaths(country, dataDir);
    let last: { ok: boolean; lines: string[] } = { ok: false, lines: [] };
    for (let t = 0; t < 3; t++) {
      if (t) await sleep(1000);
      try {
        last = await verifyCommand({ country, ...paths });
      } catch (err) {
        last = { ok: false, lines: [`cannot verify: ${(err as Error).message}`] };
      }
      if (last.ok) break;
    }
    out.push({ country, ok: last.ok, detail: last.lines[last.lines.length - 1] ?? '' });
  }
  return out;
}

export interface RenameCheck {
  country: string;
  ok: boolean;
  detail: string;
}

const RENAME = 'mutation SoakProbe($id: ID!, $i: PersonUpdateInput!) { updatePerson(personId: $id, input: $i) { id familyNames } }';
const FIND = 'query SoakProbeFind($n: String!, $c: [String!]) { persons(filter: {name: $n}, countries: $c, first: 20) { id } }';
let probes = 0;

/**
 * Renames the country's probe person (kept out of the writers' share) to a new
 * word, searches for it, and checks it by name (nameHitProbe). A refusal the network may give under load (STORE_BUSY)
 * is tried again, twice; anything else fails the check.
 */
export async function renameProbe(ctx: Context, country: string): Promise<RenameCheck> {
  const person = ctx.fixtures.probes.get(country)!;
  const caller: Caller = ctx.checkers.get(country)!;
  const word = `Pr${ctx.runTag}${letters(probes++)}`;
  const value = { familyNames: `Sonda ${word[0].toUpperCase()}${word.slice(1)}` };
  let o: Outcome | null = null;
  for (let t = 0; t < 3; t++) {
    if (t) await sleep(1000);
    const w = ctx.ledger.begin('person', person.id, country, value);
    o = await ctx.call('probe rename', caller, RENAME, { id: person.id, i: value });
    const acked = o.data?.updatePerson?.familyNames === value.familyNames;
    ctx.ledger.settle(w, acked ? 'acked' : o.codes.length && o.codes.every(isAcceptable) ? 'refused' : 'in-doubt');
    if (acked) break;
    if (failed(o) || !o.codes.length) return { country, ok: false, detail: `rename not acknowledged: ${describe(o)}` };
  }
  if (o?.data?.updatePerson?.familyNames !== value.familyNames) return { country, ok: false, detail: `rename refused three times: ${describe(o!)}` };
  const found = await ctx.call('probe search', caller, FIND, { n: word, c: [country] });
  const ids = ((found.data?.persons ?? []) as Array<{ id: string }>).map((p) => p.id);
  if (!ids.includes(person.id)) return { country, ok: false, detail: `renamed ${person.id}, but a search for "${word}" found ${ids.length ? ids.join(', ') : 'nobody'}${found.codes.length ? ` (${describe(found)})` : ''}` };
  const byName = await nameHitProbe(ctx, caller, { ...person, familyNames: value.familyNames });
  return { country, ok: byName.ok, detail: `renamed ${person.id} and found it by "${word}" (${Math.round(o.ms)} + ${Math.round(found.ms)} ms); ${byName.detail}` };
}

const NAME_HITS = 'query SoakProbeNameHit($p: [String!]!) { nameHits(pseudonyms: $p) { country hit } }';
/** How long the member's pseudonym index may take to take a rename in, after a restart too (it settles within seconds). */
const INDEX_SETTLE_MS = 30_000;

/**
 * Hit/no-hit by the renamed person's new name and date of birth (pseudonymised, as a requester's client
 * makes the check): the member's pseudonym index takes the rename in, across kill -9 of the member
 * or the secretariat (its evaluator). A spent hit budget (a long run) skips the check, saying so.
 */
async function nameHitProbe(ctx: Context, caller: Caller, person: PersonFixture): Promise<{ ok: boolean; detail: string }> {
  const key = ctx.net.prfKey;
  if (!key || !person.givenNames || !person.dateOfBirth) return { ok: true, detail: 'no name check (no pseudonym key, or no date of birth)' };
  const pseudonyms = nameCheckIdentifiers({ givenNames: person.givenNames, familyNames: person.familyNames, born: person.dateOfBirth, sex: person.sex }).map((input) => key.pseudonym(input));
  const started = Date.now();
  let last: Outcome | null = null;
  while (Date.now() - started < INDEX_SETTLE_MS) {
    last = await ctx.call('probe name hit', caller, NAME_HITS, { p: pseudonyms });
    if (last.codes.includes('RATE_LIMITED')) return { ok: true, detail: 'no name check (the checker\'s hit budget is spent)' };
    const answers = (last.data?.nameHits ?? []) as Array<{ country: string; hit: boolean }>;
    if (answers.some((a) => a.country === person.country && a.hit)) return { ok: true, detail: `a name check hit it after ${Date.now() - started} ms` };
    await sleep(500);
  }
  return { ok: false, detail: `a name check by its new name found no hit at ${person.country} within ${INDEX_SETTLE_MS / 1000} s${last?.codes.length ? ` (${describe(last)})` : ''}` };
}

const describe = (o: Outcome) => (o.codes.length ? o.codes.map((c, i) => `${c}: ${o.messages[i]}`.slice(0, 300)).join('; ') : 'an answer without the new name');
