/** The seed generator: determinism, anchors, shared routes and names, secretariat links, and a real load. */
import { makeId } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import type { PersonRecord } from '@enlace/member';
import {
  ANCHORS, generateMember, generateSecretariat, SHARED_ROUTE_CODES, type MemberBatch,
} from '@enlace/scripts/seed/generate';
import { isEmpty, seedMember } from '@enlace/scripts/seed/load';

const COUNTRIES = ['AR', 'CO', 'PE', 'BR', 'MX'];
const TODAY = new Date().toISOString().slice(0, 10);

/** Whole years from a date of birth to `on` (both ISO dates). */
function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function all(country: string, persons: number, seed = 42): MemberBatch {
  const out: MemberBatch = { persons: [], documents: [], cases: [], involvements: [], observations: [], caseRoutes: [], accounts: [], transfers: [] };
  for (const b of generateMember(country, { persons, seed })) {
    for (const k of Object.keys(out) as Array<keyof MemberBatch>) (out[k] as unknown[]).push(...b[k]);
  }
  return out;
}

const first = (country: string, seed: number) => generateMember(country, { persons: 300, seed }).next().value as MemberBatch;
const familyNames = (p: PersonRecord) => p.familyNames.split(' ');

describe('generateMember', () => {
  test('the same seed and country give the same data; another seed or country does not', () => {
    expect(first('AR', 42)).toEqual(first('AR', 42));
    expect(JSON.stringify(first('AR', 43))).not.toEqual(JSON.stringify(first('AR', 42)));
    expect(first('CO', 42).persons.slice(9)).not.toEqual(first('AR', 42).persons.slice(9));
  });

  test('batches hold at most 5,000 persons and only refer to records written before or with them', () => {
    const persons = new Set<string>();
    const cases = new Set<string>();
    const observations = new Set<string>();
    let n = 0;
    for (const b of generateMember('PE', { persons: 12_000, seed: 7 })) {
      expect(b.persons.length).toBeLessThanOrEqual(5000);
      b.persons.forEach((p) => persons.add(p.id));
      b.cases.forEach((c) => cases.add(c.id));
      b.observations.forEach((o) => observations.add(o.id));
      for (const d of b.documents) expect(persons.has(d.personId)).toBe(true);
      for (const i of b.involvements) expect(persons.has(i.personId) && cases.has(i.caseId)).toBe(true);
      for (const r of b.caseRoutes) expect(cases.has(r.caseId) && observations.has(r.observationId)).toBe(true);
      n += b.persons.length;
    }
    expect(n).toBe(12_000);
    expect(persons.size).toBe(12_000);
  });

  test.each(COUNTRIES)('%s: anchors are in place', (cc) => {
    const data = all(cc, 60);
    const person = (seq: number) => data.persons.find((p) => p.id === makeId(cc, 'P', seq))!;
    const categoryIn = (seq: number, caseSeq: number) =>
      data.involvements.find((i) => i.personId === makeId(cc, 'P', seq) && i.caseId === makeId(cc, 'C', caseSeq))?.category;

    const suspect = person(ANCHORS.suspectSeq);
    expect(suspect).toMatchObject({ givenNames: 'Mateo', familyNames: 'Quispe Huamán', aliases: ['El Cóndor'], dateOfBirth: '1979-03-14' });
    expect(familyNames(suspect)).toContain('Quispe');
    expect(ageOn(suspect.dateOfBirth!, TODAY)).toBeGreaterThanOrEqual(18);
    expect(data.documents.find((d) => d.personId === suspect.id && d.type === 'PASSPORT')).toMatchObject({ id: makeId(cc, 'D', 1), number: ANCHORS.suspect.passport });

    const minor = person(ANCHORS.victimMinorSeq);
    expect(ageOn(minor.dateOfBirth!, TODAY)).toBeLessThan(18);
    const adultVictim = person(ANCHORS.victimAdultSeq);
    expect(ageOn(adultVictim.dateOfBirth!, TODAY)).toBeGreaterThanOrEqual(18);
    expect(familyNames(adultVictim)[0]).toBe('Rodríguez');

    const tip = data.cases.find((c) => c.id === makeId(cc, 'C', 1))!;
    expect(tip).toMatchObject({ offences: ['TIP'], handlingCode: 'H0' });
    expect(categoryIn(1, 1)).toBe('SUSPECT');
    expect(categoryIn(2, 1)).toBe('VICTIM');
    expect(categoryIn(3, 1)).toBe('VICTIM');
    expect(categoryIn(4, 1)).toBe('WITNESS');

    const som = data.cases.find((c) => c.id === makeId(cc, 'C', 2))!;
    expect(som.offences).toEqual(['SOM']);
    expect(categoryIn(ANCHORS.migrantSeq, 2)).toBe('SMUGGLED_MIGRANT');
    expect(categoryIn(1, 2)).toBe('SUSPECT');

    const codesOf = (caseSeq: number) =>
      data.caseRoutes.filter((r) => r.caseId === makeId(cc, 'C', caseSeq)).map((r) => data.observations.find((o) => o.id === r.observationId)!.routeCode);
    expect(codesOf(1)).toContain('RT-0001');
    expect(codesOf(2)).toContain('RT-0001');
    for (const code of SHARED_ROUTE_CODES) {
      expect(data.observations.find((o) => o.id === makeId(cc, 'R', ANCHORS.observationSeqs[code]))?.routeCode).toBe(code);
    }
  });

  test.each(COUNTRIES)('%s: shared routes, recurring surnames, minors among victims, realistic shapes', (cc) => {
    const data = all(cc, 2000);
    const codes = new Set(data.observations.map((o) => o.routeCode));
    for (const code of SHARED_ROUTE_CODES) expect(codes.has(code)).toBe(true);
    expect(data.persons.filter((p) => familyNames(p).includes('Quispe')).length).toBeGreaterThan(1);
    expect(data.persons.filter((p) => familyNames(p).includes('Rodríguez')).length).toBeGreaterThan(1);

    const byId = new Map(data.persons.map((p) => [p.id, p]));
    const victims = data.involvements.filter((i) => i.category === 'VICTIM').map((i) => byId.get(i.personId)!);
    const minors = victims.filter((p) => p.dateOfBirth && ageOn(p.dateOfBirth, TODAY) < 18);
    expect(minors.length / victims.length).toBeGreaterThanOrEqual(0.1);

    const sizes = new Map<string, number>();
    for (const i of data.involvements) sizes.set(i.caseId, (sizes.get(i.caseId) ?? 0) + 1);
    expect(sizes.size).toBe(data.cases.length);
    for (const n of sizes.values()) expect(n >= 2 && n <= 8).toBe(true);
    expect(data.persons.length / data.cases.length).toBeGreaterThan(3);
    expect(data.persons.length / data.cases.length).toBeLessThan(5.5);

    const routesPerCase = new Map<string, number>();
    for (const r of data.caseRoutes) routesPerCase.set(r.caseId, (routesPerCase.get(r.caseId) ?? 0) + 1);
    for (const n of routesPerCase.values()) expect(n).toBeLessThanOrEqual(2);

    for (const c of data.cases) {
      expect(c.openedOn >= '2018-01-01' && c.openedOn <= '2026-12-31').toBe(true);
      expect(c.offences.includes('TIP') || c.offences.includes('SOM')).toBe(true);
      expect(c.handlingCode === 'H3').toBe(Boolean(c.handlingConditions));
      if (c.closedOn) expect(c.closedOn >= c.openedOn).toBe(true);
    }
    const offences = new Set(data.cases.map((c) => c.offences.join('+')));
    expect(offences.has('TIP') && offences.has('SOM') && offences.has('TIP+SOM')).toBe(true);
    for (const o of data.observations) {
      expect(o.legs.length).toBeGreaterThan(0);
      for (const leg of o.legs) expect(['LAND', 'SEA', 'AIR', 'RIVER']).toContain(leg.mode);
    }
  });

  test('fewer persons than the anchors need are raised to the minimum', () => {
    expect(all('AR', 1).persons.length).toBe(ANCHORS.minPersons);
  });
});

describe('generateSecretariat', () => {
  const countries = ['AR', 'CO', 'PE'];
  const seed = 42;
  const secretariat = generateSecretariat(countries, seed);
  const members = new Map(countries.map((cc) => [cc, all(cc, 60, seed)]));
  const exists = (id: string, kind: 'persons' | 'cases') => members.get(id.slice(0, 2))![kind].some((r) => r.id === id);

  test('a directory entry per member', () => {
    expect(secretariat.members.map((m) => m.country)).toEqual(countries);
    expect(secretariat.members[0].name).toMatch(/PROTEX/);
    for (const m of secretariat.members) expect(m.contactPoint).toMatch(/@[a-z0-9.-]+\.example\.org/);
  });

  test(`JIT XS:J:1 of the first two members holds case 1 of each`, () => {
    expect(secretariat.jits[0]).toMatchObject({ id: makeId('XS', 'J', 1), memberCountries: ['AR', 'CO'], caseIds: [makeId('AR', 'C', 1), makeId('CO', 'C', 1)] });
    for (const j of secretariat.jits) for (const id of j.caseIds) expect(exists(id, 'cases')).toBe(true);
  });

  test('links join existing suspect records of two members that are plausibly the same person', () => {
    expect(secretariat.links[0]).toMatchObject({ id: makeId('XS', 'L', 1), leftId: makeId('AR', 'P', 1), rightId: makeId('CO', 'P', 1) });
    // The suspect is confirmed in all three countries, each pair by its two owners: every member's prosecutors see one person in three.
    const confirmed = secretariat.links.filter((l) => l.status === 'CONFIRMED').map((l) => [l.leftId, l.rightId].join(' '));
    for (const [a, b] of [['AR', 'CO'], ['AR', 'PE'], ['CO', 'PE']]) expect(confirmed).toContain(`${makeId(a, 'P', 1)} ${makeId(b, 'P', 1)}`);
    expect(secretariat.links.filter((l) => l.status === 'PROPOSED')).toEqual([
      expect.objectContaining({ leftId: makeId('CO', 'P', ANCHORS.smugglerSeq), rightId: makeId('PE', 'P', ANCHORS.smugglerSeq), proposedBy: 'CO', confirmedBy: null }),
    ]);
    expect(secretariat.links.length).toBeGreaterThan(countries.length - 1);
    const suspects = new Set(
      [...members.values()].flatMap((m) => m.involvements.filter((i) => ['SUSPECT', 'ACCUSED', 'CONVICTED'].includes(i.category)).map((i) => i.personId)),
    );
    secretariat.links.forEach((l, n) => {
      expect(l.id).toBe(makeId('XS', 'L', n + 1));
      expect(l.leftId.slice(0, 2)).not.toBe(l.rightId.slice(0, 2));
      for (const id of [l.leftId, l.rightId]) {
        expect(exists(id, 'persons')).toBe(true);
        expect(suspects.has(id)).toBe(true);
      }
      // A proposal is a claim awaiting the other owner's check: only a confirmed link must join one person.
      if (l.status === 'PROPOSED') return;
      const [left, right] = [l.leftId, l.rightId].map((id) => members.get(id.slice(0, 2))!.persons.find((p) => p.id === id)!);
      expect(right.familyNames).toBe(left.familyNames);
      expect(right.dateOfBirth).toBe(left.dateOfBirth);
      const passport = (id: string) => members.get(id.slice(0, 2))!.documents.find((d) => d.personId === id && d.type === 'PASSPORT')?.number;
      expect(passport(l.rightId)).toBe(passport(l.leftId));
    });
    expect(generateSecretariat(countries, seed)).toEqual(secretariat);
  });
});

describe('seedMember', () => {
  const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
  afterAll(() => store.close());

  test('loads a member into an embedded store and raises the id counters', async () => {
    expect(await isEmpty(store)).toBe(true);
    const progress: number[] = [];
    const result = await seedMember(store, 'AR', { persons: 300, seed: 42, onProgress: (done) => progress.push(done) });
    expect(result.persons).toBe(300);
    expect(progress[progress.length - 1]).toBe(300);
    const count = async (cypher: string) => Number((await store.read(cypher))[0].n);
    expect(await count('MATCH (p:Person) RETURN count(p) AS n')).toBe(300);
    expect(await count('MATCH (c:`Case`) RETURN count(c) AS n')).toBe(result.cases);
    expect(await count('MATCH (:Person)-[i:INVOLVED]->(:`Case`) RETURN count(i) AS n')).toBe(result.involvements);
    expect(await count(`MATCH (p:Person {id: '${makeId('AR', 'P', 1)}'})-[:HOLDS]->(d:Document) RETURN count(d) AS n`)).toBe(1);
    expect(await count("MATCH (k:Counter {name: 'P'}) RETURN k.value AS n")).toBe(300);
    expect(await count("MATCH (k:Counter {name: 'C'}) RETURN k.value AS n")).toBe(result.cases);
    expect(await isEmpty(store)).toBe(false);
  });
});
