/**
 * `npm run store -- check|repair`: what is wrong with a member's or the secretariat's
 * store, and what to do about it. The checks read; `repair` mends what it can without
 * losing a record (the name index, id counters behind their records, a write-ahead log
 * not yet checkpointed) and says what it cannot.
 */
import type { Store, StoreSchema } from '@enlace/store';
import { ensureNameIndex, nameIndexProblems, repairNameIndex } from '@enlace/member';

export interface Finding {
  ok: boolean;
  /** One line for people: what was checked and what was found. */
  line: string;
  /** What `repair` does about it, when it can. */
  repair?: (store: Store) => Promise<string>;
}

/** Tables whose records are numbered (`seq`) by a counter of this name: new ids come after the counter. */
const NUMBERED: Record<string, Record<string, string>> = {
  member: { P: 'Person', C: 'Case', R: 'RouteObservation', A: 'Account', T: 'Transfer' },
  secretariat: { J: 'Jit', L: 'PersonLink', R: 'CooperationRequest' },
};

export async function checkStore(store: Store, kind: 'member' | 'secretariat', schema: StoreSchema, onProgress?: (m: string) => void): Promise<Finding[]> {
  const findings: Finding[] = [];
  const counts: string[] = [];
  for (const node of schema.nodes) {
    const [{ n }] = await store.read(`MATCH (x:\`${node.label}\`) RETURN count(x) AS n`);
    counts.push(`${node.label} ${Number(n).toLocaleString('en')}`);
  }
  findings.push({ ok: true, line: `every table answers: ${counts.join(', ')}` });
  for (const [counter, label] of Object.entries(NUMBERED[kind])) {
    const [{ top }] = await store.read(`MATCH (x:\`${label}\`) RETURN max(x.seq) AS top`);
    const [held] = await store.read('MATCH (k:Counter) WHERE k.name = $counter RETURN k.value AS value', { counter });
    const last = Number(top ?? 0);
    const value = Number(held?.value ?? 0);
    if (value >= last) continue;
    findings.push({
      ok: false,
      line: `the id counter ${counter} stands at ${value} but ${label} records go up to ${last}: a new record would take an id in use`,
      repair: async (s) => {
        await s.write((tx) => tx.run('MERGE (k:Counter {name: $counter}) SET k.value = $last', { counter, last }));
        return `raised the id counter ${counter} to ${last}`;
      },
    });
  }
  if (store.kind === 'kuzu') findings.push(...(await checkKuzu(store, schema)));
  if (kind === 'member') findings.push(...(await checkNameIndex(store, onProgress)));
  return findings;
}

/** Kùzu's own leftovers: full-text indexes of earlier versions (kept up, and fragile, on every write of a person). */
async function checkKuzu(store: Store, schema: StoreSchema): Promise<Finding[]> {
  const indexes = await store.read('CALL SHOW_INDEXES() RETURN table_name AS label, index_name AS name, index_type AS type');
  const fullText = indexes.filter((i) => String(i.type).toUpperCase() === 'FTS');
  if (!fullText.length) return [{ ok: true, line: 'no full-text index left by an earlier version' }];
  return [{
    ok: false,
    line: `full-text indexes left by an earlier version: ${fullText.map((i) => `${String(i.name)} on ${String(i.label)}`).join(', ')} (unused, and maintained on every write)`,
    repair: async (s) => {
      await s.ensureSchema(schema); // drops them
      return `dropped ${fullText.length} full-text index(es)`;
    },
  }];
}

async function checkNameIndex(store: Store, onProgress?: (m: string) => void): Promise<Finding[]> {
  const [marked] = await store.read("MATCH (k:Counter) WHERE k.name = 'nameIndex' RETURN k.value AS value");
  if (!marked) {
    return [{
      ok: false,
      line: 'the name index was never built (a store from an earlier version): the member builds it at its next start',
      repair: async (s) => {
        await ensureNameIndex(s);
        return 'built the name index';
      },
    }];
  }
  const problems = await nameIndexProblems(store, { onProgress: (n) => onProgress?.(`name index: ${n.toLocaleString('en')} persons checked`) });
  if (!problems.length) return [{ ok: true, line: 'the name index holds exactly the words of every person\'s names' }];
  const sample = problems.slice(0, 3).map((p) => `${p.id} (missing ${p.missing.join(' ') || 'none'}; extra ${p.extra.join(' ') || 'none'})`).join(', ');
  return [{
    ok: false,
    line: `the name index differs from the names of ${problems.length} persons, e.g. ${sample}: name searches miss or mis-find them`,
    repair: async (s) => {
      await repairNameIndex(s, problems.map((p) => p.id));
      return `indexed the names of ${problems.length} persons afresh`;
    },
  }];
}
