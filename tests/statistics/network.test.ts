/**
 * Statistics over the network on loopback: the secretariat, partners and foreign
 * prosecutors get each member's published cells through the gateway, tagged by
 * country, with suppressed counts marked and every other count rounded (a multiple
 * of 5, at least 15: never a count from 1 to 10); a member asked directly sends a
 * foreign caller no small count either; the owner's own prosecutors see exact
 * counts, which are the seed's. And an attacker: every published answer of up to
 * two dimensions and the grand total, as a linear programme over what each rounded
 * count proves, cannot narrow any suppressed cell to fewer than three values.
 */
import { DIMENSIONS, MAX_SUPPRESSED, MEASURES, type Measure } from '@enlace/member';
import { generateMember } from '@enlace/scripts/seed/generate';
import { bearer, gql, SEED, startNetwork, type TestNetwork } from '../support/network';
import { attack, boundsOf, keyOf, recoveredFrom, type Known } from './attacker';

const COUNTRIES = ['AR', 'CO', 'PE'];
// Enough persons for cells of 11 and more, few enough for small ones: both exist at this size.
const PERSONS = 80;

let net: TestNetwork;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  net = await startNetwork({ countries: COUNTRIES, persons: PERSONS });
  tokens.secretariat = await net.token({ country: 'XS', roles: ['secretariat'] });
  tokens.partner = await net.token({ country: 'XP', roles: ['partner'] });
  tokens.coProsecutor = await net.token({ country: 'CO', roles: ['prosecutor'] });
  for (const c of COUNTRIES) tokens[`${c}own`] = await net.token({ country: c, roles: ['analyst'] });
});
afterAll(async () => {
  await net?.close();
});

type Cell = Record<string, string | number | null | string[]> & { country: string; suppressed: string[]; other: string[]; exact?: Record<Measure, number> };

const CELL = `country ${DIMENSIONS.map((d) => d.field).join(' ')} other cases victims suspects suppressed`;

/** A cell's value of a dimension, '*' for the row of every value not listed on its own (`other`). */
const valueOf = (c: Cell, name: string) => (c.other.includes(name) ? '*' : (c[fieldOf(name)] as string | number | null));

/** Every grouping of up to two dimensions, and the grand total. */
const GROUPINGS: string[][] = [
  [],
  ...DIMENSIONS.map((d) => [d.name]),
  ...DIMENSIONS.flatMap((a, i) => DIMENSIONS.slice(i + 1).map((b) => [a.name, b.name])),
];

/** Asks for many groupings, a few per request (the query limits), as one caller. */
async function ask(url: string, token: string, groupings: string[][], selection = CELL): Promise<Map<string, Cell[]>> {
  const out = new Map<string, Cell[]>();
  for (let i = 0; i < groupings.length; i += 8) {
    const part = groupings.slice(i, i + 8);
    const query = `{ ${part.map((g, j) => `g${j}: statistics(groupBy: [${g.join(', ')}]) { ${selection} }`).join(' ')} }`;
    const { body } = await gql(url, query, {}, bearer(token, 'Network statistics'));
    expect(body.errors).toBeUndefined();
    part.forEach((g, j) => out.set(g.join(','), body.data[`g${j}`]));
  }
  return out;
}

/** Published counts that are not rounded as PROTOCOL.md says: a multiple of 5, at least 15 (so never 1 to 10). */
const smallCounts = (cells: Cell[]) =>
  cells.flatMap((c) => MEASURES.filter((m) => typeof c[m] === 'number' && ((c[m] as number) < 15 || (c[m] as number) % 5 !== 0)).map((m) => `${c.country} ${m}=${c[m]}`));

let published: Map<string, Cell[]>;
beforeAll(async () => {
  published = await ask(net.gateway.url, tokens.secretariat, GROUPINGS);
});

test('the secretariat gets every member\'s cells through the gateway, tagged by country: rounded counts, suppressed ones marked, never a count from 1 to 10', () => {
  const byOffence = published.get('OFFENCE')!;
  expect([...new Set(byOffence.map((c) => c.country))].sort()).toEqual(COUNTRIES);
  const all = [...published.values()].flat();
  expect(smallCounts(all)).toEqual([]);
  for (const cell of all) {
    for (const m of MEASURES) expect({ m, hidden: cell[m] === null }).toEqual({ m, hidden: cell.suppressed.includes(m.toUpperCase()) });
  }
  expect(all.some((c) => c.suppressed.length > 0)).toBe(true);
  expect(all.some((c) => MEASURES.some((m) => (c[m] as number) > MAX_SUPPRESSED))).toBe(true);
  // Each member's grand total is one cell of its own.
  expect(published.get('')!.map((c) => c.country).sort()).toEqual(COUNTRIES);
});

test('every grouping lists every combination of the values its dimensions list (empty ones suppressed), so a listed cell proves nothing', () => {
  for (const country of COUNTRIES) {
    const valuesOf = (name: string) => new Set(published.get(name)!.filter((c) => c.country === country).map((c) => JSON.stringify(valueOf(c, name))));
    for (const pair of GROUPINGS.filter((g) => g.length === 2)) {
      const cells = published.get(pair.join(','))!.filter((c) => c.country === country);
      const combinations = new Set(cells.map((c) => JSON.stringify(pair.map((d) => valueOf(c, d)))));
      expect({ pair, country, listed: combinations.size, cells: cells.length }).toEqual({ pair, country, listed: valuesOf(pair[0]).size * valuesOf(pair[1]).size, cells: cells.length });
    }
  }
});

test('a member asked directly by a foreign caller sends exactly what it publishes, never a small count, and withholds exact counts (statistics.own)', async () => {
  const direct = await ask(net.members.get('AR')!.url, tokens.coProsecutor, GROUPINGS);
  for (const [g, cells] of direct) expect({ g, cells }).toEqual({ g, cells: published.get(g)!.filter((c) => c.country === 'AR') });
  expect(smallCounts([...direct.values()].flat())).toEqual([]);
  const { body } = await gql(net.members.get('AR')!.url, '{ statistics(groupBy: [OFFENCE]) { cases exact { cases } } }', {}, bearer(tokens.coProsecutor));
  expect(body.data.statistics.every((c: { exact: unknown }) => c.exact === null)).toBe(true);
  expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'statistics.own' });
});

test('partners read the published cells too, with a purpose', async () => {
  const { body } = await gql(net.gateway.url, '{ statistics(groupBy: [YEAR]) { country year cases suppressed } }', {}, bearer(tokens.partner));
  expect(body.errors).toBeUndefined();
  expect(body.data.statistics.length).toBeGreaterThan(0);
  const refused = await gql(net.gateway.url, '{ statistics(groupBy: [YEAR]) { cases } }', {}, { authorization: `Bearer ${tokens.partner}` });
  expect(refused.body.errors[0].extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', rule: 'statistics.published' });
});

test('the owner\'s own analysts see exact counts, and they are the seed\'s: distinct cases, victims and suspects', async () => {
  const { body } = await gql(net.gateway.url, '{ statistics(groupBy: [OFFENCE], countries: ["AR"]) { offence cases suppressed exact { cases victims suspects } } }', {}, bearer(tokens.ARown));
  expect(body.errors).toBeUndefined();
  const expected = new Map<string, { cases: Set<string>; victims: Set<string>; suspects: Set<string> }>();
  const batches = [...generateMember('AR', { persons: PERSONS, seed: SEED })];
  const cases = new Map(batches.flatMap((b) => b.cases).map((c) => [c.id, c]));
  for (const i of batches.flatMap((b) => b.involvements)) {
    for (const offence of cases.get(i.caseId)!.offences) {
      const e = expected.get(offence) ?? expected.set(offence, { cases: new Set(), victims: new Set(), suspects: new Set() }).get(offence)!;
      e.cases.add(i.caseId);
      if (i.category === 'VICTIM') e.victims.add(i.personId);
      if (['SUSPECT', 'ACCUSED', 'CONVICTED'].includes(i.category)) e.suspects.add(i.personId);
    }
  }
  // Every offence of the vocabulary is listed (and null); those the seed has none of count 0.
  expect(body.data.statistics.map((c: Cell) => c.offence).sort()).toEqual([...(DIMENSIONS[0].vocabulary as { values: string[] }).values, null].sort());
  const got = Object.fromEntries(body.data.statistics.filter((c: Cell) => c.exact!.cases > 0).map((c: Cell) => [c.offence, c.exact]));
  expect(got).toEqual(Object.fromEntries([...expected].map(([o, e]) => [o, { cases: e.cases.size, victims: e.victims.size, suspects: e.suspects.size }])));
  // The owner sees the same suppression as everyone else in the published counts.
  expect(body.data.statistics.some((c: Cell) => c.suppressed.length > 0)).toBe(true);
});

test('a filter answers a slice of the bigger grouping, suppressed the same way', async () => {
  const { body } = await gql(net.gateway.url, '{ statistics(groupBy: [YEAR], filter: { offence: TIP }) { ' + CELL + ' } }', {}, bearer(tokens.secretariat));
  expect(body.errors).toBeUndefined();
  expect(body.data.statistics).toEqual(published.get('OFFENCE,YEAR')!.filter((c) => c.offence === 'TIP'));
});

test('bad input is BAD_USER_INPUT naming the field', async () => {
  const { body } = await gql(net.gateway.url, '{ statistics(groupBy: [YEAR, SEX, OFFENCE, STATUS]) { cases } }', {}, bearer(tokens.secretariat));
  expect(body.errors.length).toBeGreaterThan(0);
  for (const e of body.errors) expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
});

// ---- the attacker ----------------------------------------------------------------------------

const fieldOf = (name: string) => DIMENSIONS.find((d) => d.name === name)!.field;

/** What the attacker found on one member's published answers, against the owner's exact counts. */
async function attackMember(country: string): Promise<{ attacked: number; wrongModel: string[]; recovered: string[] }> {
  const exact = await ask(net.members.get(country)!.url, tokens[`${country}own`], GROUPINGS, `${CELL} exact { cases victims suspects }`);
  const wrongModel: string[] = [];
  const recovered: string[] = [];
  let attacked = 0;
  for (const measure of MEASURES) {
    const tables = new Map<string, Known[]>();
    const truth = new Map<string, number>();
    for (const grouping of GROUPINGS) {
      const cells = published.get(grouping.join(','))!.filter((c) => c.country === country);
      tables.set(grouping.join(','), cells.map((c) => ({ grouping, values: grouping.map((g) => valueOf(c, g)), value: c[measure] as number | null })));
      for (const c of exact.get(grouping.join(','))!) truth.set(keyOf(grouping, grouping.map((g) => valueOf(c, g))), c.exact![measure]);
    }
    // What every published count proves holds for its true value (the model the programme rests on).
    for (const cells of tables.values()) {
      for (const c of cells) {
        const { min = -Infinity, max = Infinity } = boundsOf(c.value) as { min?: number; max?: number };
        const value = truth.get(keyOf(c.grouping, c.values))!;
        if (value < min || value > max) wrongModel.push(`${measure} ${keyOf(c.grouping, c.values)}: true value ${value}, published ${c.value}`);
      }
    }
    // Each grouping of two with its margins (the two groupings of one and the grand total); a cell's ranges from several intersect.
    const ranges = new Map<string, { min: number; max: number }>();
    const lattices = GROUPINGS.filter((g) => g.length === 2).map((pair) => new Map([pair, [pair[0]], [pair[1]], []].map((g) => [g.join(','), tables.get(g.join(','))!])));
    for (const found of await attack(lattices, measure)) {
      for (const [cell, range] of found) {
        const before = ranges.get(cell);
        ranges.set(cell, before ? { min: Math.max(before.min, range.min), max: Math.min(before.max, range.max) } : range);
      }
    }
    for (const [cell, range] of ranges) {
      attacked++;
      const value = truth.get(cell)!;
      if (value < range.min - 1e-6 || value > range.max + 1e-6) wrongModel.push(`${measure} ${cell}: true value ${value} outside the attacker's range ${range.min}..${range.max}`);
      if (recoveredFrom(range)) recovered.push(`${measure} ${cell}: ${range.min}..${range.max}, true ${value}`);
    }
  }
  return { attacked, wrongModel, recovered };
}

// The seeded member AR only (the other members are seeded the same way).
let found: { attacked: number; wrongModel: string[]; recovered: string[] };
beforeAll(async () => {
  found = await attackMember('AR');
}, 300_000);

test('the attacker\'s model is right: every published count proves what it assumes, and every suppressed cell\'s true value is within the range it computes', () => {
  expect(found.attacked).toBeGreaterThan(100);
  expect(found.wrongModel).toEqual([]);
});

test('no combination of published answers (a grouping of two, its sub-totals and the grand total) recovers a suppressed cell', () => {
  expect(found.recovered).toEqual([]);
});

test('the attacker\'s yardstick: a range of two values under 11 is recovered; three values, or one reaching 11, is not', () => {
  expect([{ min: 4, max: 4 }, { min: 1, max: 2 }, { min: 0.5, max: 2.5 }].map(recoveredFrom)).toEqual([true, true, true]);
  expect([{ min: 0, max: 2 }, { min: 9, max: 11 }, { min: 10, max: Infinity }].map(recoveredFrom)).toEqual([false, false, false]);
});
