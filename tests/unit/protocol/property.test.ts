/**
 * The table of conditions (protocol/src/conditions.ts), decided two ways: a
 * property test generates records (persons, cases, involvements), callers (own
 * or foreign, roles, a JIT's cases, grants) and rules (clauses of any
 * conditions), writes the records to a real in-memory Kùzu store, and checks
 * that the store query compiled from the rule (member/cypher.ts) returns
 * exactly the records the JavaScript decision (member/authz.ts) grants. Both
 * read a person's cases' categories and handling codes from the person's own
 * columns (caseFactColumns.ts), so the test also checks those columns against
 * the involvements in the graph: the records are changed by the member's write
 * paths (a case's handling code, a category, an erased case, another
 * involvement) before they are compared, and a store from before the columns
 * is filled in at start. Then a snapshot of
 * every condition's Cypher, one clause each, as neo4j/graphql's TCK does for
 * its rules.
 */
import fc from 'fast-check';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { today, type Role } from '@enlace/platform';
import { memberSdl } from '@enlace/schema';
import { KuzuStore } from '@enlace/store';
import {
  CATEGORIES, compileProtocol, eraseCase, ensureCaseFactColumns, HANDLING_CODES, insertCases, insertInvolvements, insertPersons, LEGAL_BASES, listCases,
  listPersons, prepareMemberStore, RequestAuthz, setInvolvementCategories, updateCaseHandling, visibilityCondition, type CaseRecord, type Clause, type EffectiveProtocol, type EffectiveRule, type InvolvementRecord, type PersonRecord, type CaseFacts, type StoredPerson,
} from '@enlace/member';
import { MEMBER_CALLERS, MEMBER_CONDITIONS, type GrantFacts } from '@enlace/protocol';
import { seedMember } from '@enlace/scripts/seed/load';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261207) });

const OWNER = 'AR';
const network = compileProtocol({ country: OWNER, schema: buildSubgraphSchema({ typeDefs: parse(memberSdl()) }) });
const ROLES = ['prosecutor', 'analyst', 'partner'] as const;

/** A date `days` after the day a person born on it turns 18 today (negative: a minor). */
function birthDate(days: number): string {
  const [y, m, d] = today().split('-').map(Number);
  const at = new Date(Date.UTC(y - 18, m - 1, d));
  at.setUTCDate(at.getUTCDate() - days);
  return at.toISOString().slice(0, 10);
}

/** A change made after the records are written, through the member's write paths. */
type Change =
  | { kind: 'handling'; case: number; code: string }
  | { kind: 'category'; involvement: number; category: string }
  | { kind: 'erase'; case: number }
  | { kind: 'involve'; person: number; case: number; category: string };

interface World {
  persons: PersonRecord[];
  cases: CaseRecord[];
  involvements: InvolvementRecord[];
  changes: Change[];
}

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('handling' as const), case: fc.nat(), code: fc.constantFrom(...HANDLING_CODES) }),
  fc.record({ kind: fc.constant('category' as const), involvement: fc.nat(), category: fc.constantFrom(...CATEGORIES) }),
  fc.record({ kind: fc.constant('erase' as const), case: fc.nat() }),
  fc.record({ kind: fc.constant('involve' as const), person: fc.nat(), case: fc.nat(), category: fc.constantFrom(...CATEGORIES) }),
);

const world: fc.Arbitrary<World> = fc
  .record({
    persons: fc.array(fc.record({ birth: fc.option(fc.constantFrom(-400, -1, 0, 1, 9000), { nil: null }), flagged: fc.boolean() }), { minLength: 1, maxLength: 7 }),
    cases: fc.array(fc.constantFrom(...HANDLING_CODES), { minLength: 1, maxLength: 4 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...CATEGORIES)), { maxLength: 12 }),
    changes: fc.array(change, { maxLength: 3 }),
  })
  .map(({ persons, cases, links, changes }) => {
    const ps = persons.map((p, i): PersonRecord => ({
      id: `${OWNER}:P:${i + 1}`, seq: i + 1, country: OWNER, givenNames: `Given${i + 1}`, familyNames: 'Family', aliases: [], sex: null,
      dateOfBirth: p.birth === null ? null : birthDate(p.birth), nationalities: [], flaggedForPartners: p.flagged,
    }));
    const cs = cases.map((handlingCode, i): CaseRecord => ({
      id: `${OWNER}:C:${i + 1}`, seq: i + 1, country: OWNER, reference: `R${i + 1}`, offences: ['TIP'], status: 'INVESTIGATION', openedOn: '2024-01-01',
      closedOn: null, summary: 'S', handlingCode, handlingConditions: null, sourceReliability: 'A', informationAccuracy: 1,
    }));
    const seen = new Set<string>();
    const involvements = links
      .map(([p, c, category]) => ({ personId: ps[p % ps.length].id, caseId: cs[c % cs.length].id, category }))
      .filter((i) => !seen.has(`${i.personId} ${i.caseId}`) && !!seen.add(`${i.personId} ${i.caseId}`));
    return { persons: ps, cases: cs, involvements, changes };
  });

const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

/** A clause of any conditions that fit the subject (the reader refuses the others). */
const clause = (subject: 'Person' | 'Case'): fc.Arbitrary<Clause> =>
  fc
    .record(
      {
        caller: fc.constantFrom('any', 'own', 'foreign', 'jit', 'grantee') as fc.Arbitrary<Clause['caller']>,
        roles: someOf(ROLES),
        adult: fc.constant(true as const),
        categories: someOf(CATEGORIES),
        handling: someOf(HANDLING_CODES),
        flaggedForPartners: fc.constant(true as const),
        legalBasis: someOf(LEGAL_BASES),
      },
      { requiredKeys: ['caller'] },
    )
    .map((c) => {
      const out = { ...c } as Clause;
      if (out.caller !== 'grantee') delete out.legalBasis;
      if (subject === 'Case') for (const key of ['adult', 'categories', 'flaggedForPartners'] as const) delete out[key];
      return out;
    });

interface Caller {
  own: boolean;
  roles: string[];
  jitCases: number[] | null;
  grants: Array<{ records: number[]; legalBasis: string }>;
}

const caller: fc.Arbitrary<Caller> = fc.record({
  own: fc.boolean(),
  roles: someOf(ROLES),
  jitCases: fc.option(fc.array(fc.nat(5), { maxLength: 3 }), { nil: null }),
  grants: fc.array(fc.record({ records: fc.array(fc.nat(8), { maxLength: 4 }), legalBasis: fc.constantFrom(...LEGAL_BASES) }), { maxLength: 2 }),
});

/** Besides the generated rules, on every world: each record condition alone, for each of its values (what the write paths change). */
const ANYONE: Caller = { own: false, roles: ['prosecutor'], jitCases: null, grants: [] };
const PROBES: Record<'Person' | 'Case', Array<[Caller, Clause[]]>> = {
  Person: [
    ...CATEGORIES.map((x): [Caller, Clause[]] => [ANYONE, [{ caller: 'any', categories: [x] }]]),
    ...HANDLING_CODES.map((h): [Caller, Clause[]] => [ANYONE, [{ caller: 'any', handling: [h] }]]),
    [ANYONE, [{ caller: 'any', categories: ['SUSPECT', 'ACCUSED', 'CONVICTED'], handling: ['H0', 'H1'] }]],
  ],
  Case: HANDLING_CODES.map((h): [Caller, Clause[]] => [ANYONE, [{ caller: 'any', handling: [h] }]]),
};

/** The network's protocol with `rule` as the visibility rule of its subject: a list asks the store for what it grants. */
function withVisibility(rule: EffectiveRule): EffectiveProtocol {
  return { ...network, visibility: { ...network.visibility, [rule.subject!]: rule } };
}

function authzFor(protocol: EffectiveProtocol, c: Caller, subject: 'Person' | 'Case'): RequestAuthz {
  const letter = subject === 'Person' ? 'P' : 'C';
  const grants: GrantFacts[] = c.grants.map((g, i) => ({
    id: `XS:G:${i + 1}`, records: new Set(g.records.map((n) => `${OWNER}:${letter}:${n}`)), scope: new Set(), legalBasis: g.legalBasis,
  }));
  return new RequestAuthz(protocol, {
    caller: { country: c.own ? OWNER : 'CO', roles: c.roles as Role[] }, hasPurpose: true,
    jit: c.jitCases ? { caseIds: new Set(c.jitCases.map((n) => `${OWNER}:C:${n}`)) } : null,
    grants,
  });
}

describe('the compiled Cypher and the JavaScript decision agree', () => {
  let store: KuzuStore;
  beforeAll(async () => {
    store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
    await prepareMemberStore(store);
  });
  afterAll(() => store?.close());

  async function write(w: World): Promise<void> {
    await store.write(async (tx) => {
      await tx.run('MATCH (n) DETACH DELETE n');
      await insertPersons(tx, w.persons);
      await insertCases(tx, w.cases);
      await insertInvolvements(tx, w.involvements);
    });
    const involved = new Set(w.involvements.map((i) => `${i.personId} ${i.caseId}`));
    const erased = new Set<string>();
    for (const c of w.changes) {
      await store.write(async (tx) => {
        const kase = w.cases[(c.kind === 'category' ? 0 : c.case) % w.cases.length];
        if (c.kind === 'handling' && !erased.has(kase.id)) {
          await updateCaseHandling(tx, kase.id, { status: kase.status, closedOn: null, handlingCode: c.code, handlingConditions: null });
        } else if (c.kind === 'erase') {
          await eraseCase(tx, kase.id);
          erased.add(kase.id);
        } else if (c.kind === 'category' && w.involvements.length) {
          const i = w.involvements[c.involvement % w.involvements.length];
          if (!erased.has(i.caseId)) await setInvolvementCategories(tx, [{ ...i, category: c.category }]);
        } else if (c.kind === 'involve') {
          const personId = w.persons[c.person % w.persons.length].id;
          if (!erased.has(kase.id) && !involved.has(`${personId} ${kase.id}`)) {
            involved.add(`${personId} ${kase.id}`);
            await insertInvolvements(tx, [{ personId, caseId: kase.id, category: c.category }]);
          }
        }
      });
    }
  }

  /** Each person's cases' facts as the graph holds them, sorted and each once. */
  async function factsInGraph(): Promise<Record<string, CaseFacts>> {
    const rows = await store.read('MATCH (p:Person) OPTIONAL MATCH (p)-[i:INVOLVED]->(c:`Case`) RETURN p.id AS id, i.category AS category, c.handlingCode AS handling, c.id AS caseId');
    const sets = new Map<string, [Set<string>, Set<string>, Set<string>]>();
    for (const r of rows) {
      const own = sets.get(String(r.id)) ?? sets.set(String(r.id), [new Set(), new Set(), new Set()]).get(String(r.id))!;
      if (r.caseId === null) continue;
      own[0].add(String(r.category));
      own[1].add(String(r.handling));
      own[2].add(String(r.caseId));
    }
    return Object.fromEntries([...sets].map(([id, [categories, handling, caseIds]]) => [id, { categories: [...categories].sort(), handling: [...handling].sort(), caseIds: [...caseIds].sort() }]));
  }

  /** The facts the member read with these persons, sorted. */
  const factsRead = (persons: StoredPerson[]): Record<string, CaseFacts | undefined> =>
    Object.fromEntries(persons.map((p) => [p.id, p.facts && { categories: [...p.facts.categories].sort(), handling: [...p.facts.handling].sort(), caseIds: [...p.facts.caseIds].sort() }]));

  test.each(['Person', 'Case'] as const)('on %s records', async (subject) => {
    const rules = fc.array(clause(subject), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(world, fc.array(fc.tuple(caller, rules), { minLength: 1, maxLength: 6 }), async (w, asked) => {
        await write(w);
        const all = subject === 'Person' ? await listPersons(store, {}, 500) : await listCases(store, {}, 500);
        if (subject === 'Person') expect(factsRead(all as StoredPerson[])).toEqual(await factsInGraph());
        for (const [c, anyOf] of [...asked, ...PROBES[subject]]) {
          const rule: EffectiveRule = { name: 'property.rule', description: 'generated', subject, purpose: false, anyOf, unconditional: false, tightened: false };
          const authz = authzFor(withVisibility(rule), c, subject);
          const visibility = visibilityCondition(authz, subject, [], today());
          const listed = subject === 'Person' ? await listPersons(store, {}, 500, visibility) : await listCases(store, {}, 500, visibility);
          const decided = all.filter((r) => authz.knows(subject, r as never)).map((r) => r.id);
          expect({ anyOf, caller: c, listed: listed.map((r) => r.id) }).toEqual({ anyOf, caller: c, listed: decided });
        }
      }),
      { numRuns: 25 },
    );
  });
});

test('a store from before the columns is filled in at start, and decides as before', async () => {
  const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
  try {
    await prepareMemberStore(store);
    const [w] = fc.sample(world.filter((x) => x.involvements.length > 1), { numRuns: 1, seed: 7 });
    await store.write(async (tx) => {
      await insertPersons(tx, w.persons);
      await insertCases(tx, w.cases);
      await insertInvolvements(tx, w.involvements);
    });
    const expected = await store.read('MATCH (p:Person) RETURN p.id AS id, p.caseCategories AS categories, p.caseHandling AS handling ORDER BY p.seq');
    expect(expected.some((r) => r.categories !== '')).toBe(true);
    // As an earlier version left it: the columns empty (added at start), the store not marked.
    await store.write(async (tx) => {
      await tx.run('MATCH (p:Person) SET p.caseCategories = NULL, p.caseHandling = NULL');
      await tx.run("MATCH (k:Counter) WHERE k.name STARTS WITH 'caseFactColumns' DELETE k");
    });
    const logs: string[] = [];
    await ensureCaseFactColumns(store, (m) => logs.push(m));
    expect(await store.read('MATCH (p:Person) RETURN p.id AS id, p.caseCategories AS categories, p.caseHandling AS handling ORDER BY p.seq')).toEqual(expected);
    expect(logs).toEqual([`store: filling in the cases' facts of persons 1–${w.persons.length} (a store from before those columns)`]);
    // Marked: the next start reads one counter and writes nothing.
    await ensureCaseFactColumns(store, (m) => logs.push(m));
    expect(logs).toHaveLength(1);
  } finally {
    await store.close();
  }
});

test("the seed's columns, worked out from each batch without reading the graph, are the graph's", async () => {
  const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
  const columns = () => store.read('MATCH (p:Person) RETURN p.id AS id, p.caseCategories AS categories, p.caseHandling AS handling ORDER BY p.seq');
  try {
    // Small batches: a batch's cases also involve persons of earlier batches (refreshed from the graph).
    await seedMember(store, OWNER, { persons: 120, seed: 7, batchSize: 10 });
    const seeded = await columns();
    expect(seeded.filter((r) => r.categories !== '').length).toBeGreaterThan(60);
    await store.write(async (tx) => {
      await tx.run('MATCH (p:Person) SET p.caseCategories = NULL, p.caseHandling = NULL');
      await tx.run("MATCH (k:Counter) WHERE k.name STARTS WITH 'caseFactColumns' DELETE k");
    });
    await ensureCaseFactColumns(store);
    expect(await columns()).toEqual(seeded);
  } finally {
    await store.close();
  }
});

describe('each condition compiled, one clause each', () => {
  const jitAndGrants: Caller = { own: false, roles: ['prosecutor'], jitCases: [2, 1], grants: [{ records: [3, 1], legalBasis: 'MUTUAL_LEGAL_ASSISTANCE' }] };
  const examples: Array<[string, 'Person' | 'Case', Clause]> = [
    ...Object.keys(MEMBER_CALLERS).flatMap((caller) => (['Person', 'Case'] as const).map((s): [string, 'Person' | 'Case', Clause] => [`caller ${caller}`, s, { caller } as Clause])),
    ['roles', 'Person', { caller: 'foreign', roles: ['prosecutor'] }],
    ['legalBasis', 'Person', { caller: 'grantee', legalBasis: ['MUTUAL_LEGAL_ASSISTANCE'] }],
    ['adult', 'Person', { caller: 'foreign', adult: true }],
    ['flaggedForPartners', 'Person', { caller: 'foreign', flaggedForPartners: true }],
    ['categories', 'Person', { caller: 'foreign', categories: ['SUSPECT', 'ACCUSED'] }],
    ['handling', 'Person', { caller: 'foreign', handling: ['H0', 'H1'] }],
    ['handling', 'Case', { caller: 'foreign', handling: ['H0', 'H1'] }],
    ['every condition at once', 'Person', { caller: 'jit', roles: ['prosecutor'], adult: true, flaggedForPartners: true, categories: ['VICTIM'], handling: ['H2'] }],
  ];

  test('every condition of the table has an example', () => {
    const named = new Set(examples.map(([name]) => name));
    for (const key of Object.keys(MEMBER_CONDITIONS)) expect(named).toContain(key);
  });

  test.each(examples)('%s on %s', (_name, subject, c) => {
    const rule: EffectiveRule = { name: 'snapshot.rule', description: 'one clause', subject, purpose: false, anyOf: [c], unconditional: false, tightened: false };
    const visibility = visibilityCondition(authzFor(withVisibility(rule), jitAndGrants, subject), subject, [], '2026-12-07');
    expect(visibility).toMatchSnapshot();
  });
});
