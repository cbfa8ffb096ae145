/**
 * Small-cell suppression, the pure part (subgraphs/member/src/statistics): primary
 * and secondary suppression on hand-made tables, that a table is suppressed the
 * same way whatever it is asked with and lists its empty combinations, the
 * rounding of published counts, and the request's checks.
 */
import { cellKey, DIMENSIONS, roundCount, statisticsCells, statisticsRequest, suppress, type Fact, type Lattice } from '@enlace/member';

/** A one-dimension lattice: the grand total and the cells, by value. */
function oneWay(counts: Record<string, number>): Lattice {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return new Map([
    [0, new Map([[cellKey([]), { values: [], count: total }]])],
    [1, new Map(Object.entries(counts).map(([v, count]) => [cellKey([v]), { values: [v], count }]))],
  ]);
}

const suppressedValues = (lattice: Lattice, mask = 1): string[] =>
  [...suppress(lattice).get(mask)!].map((k) => JSON.parse(k).join('/')).sort();

test('every count from 0 to 10 is suppressed; 11 is not', () => {
  expect(suppressedValues(oneWay({ a: 1, b: 10, c: 11, d: 0, e: 40 }))).toEqual(['a', 'b', 'd']);
});

test('a lone small cell under a published total takes the next-smallest cell with it', () => {
  expect(suppressedValues(oneWay({ a: 3, b: 12, c: 15, d: 40 }))).toEqual(['a', 'b']);
});

test('suppressed cells that are all empty would add up to what they are (0): one more is suppressed', () => {
  expect(suppressedValues(oneWay({ a: 0, b: 0, c: 20, d: 30 }))).toEqual(['a', 'b', 'c']);
  expect(suppressedValues(oneWay({ a: 0, b: 1, c: 20, d: 30 }))).toEqual(['a', 'b']);
});

test('published counts are rounded to a multiple of 5, 11 to 17 to 15 (never a number that reads as small)', () => {
  expect([11, 12, 13, 14, 15, 16, 17, 18, 22, 23, 100, 102, 103].map(roundCount)).toEqual([15, 15, 15, 15, 15, 15, 15, 20, 20, 25, 100, 100, 105]);
  for (const n of [0, 1, 10, -1, 12.5]) expect(() => roundCount(n)).toThrow();
});

test('a small grand total is suppressed, and so is at least one cell under it', () => {
  const lattice = oneWay({ a: 4, b: 3 });
  expect(suppress(lattice).get(0)!.size).toBe(1);
  expect(suppressedValues(lattice)).toEqual(['a', 'b']);
});

test('two dimensions: every row and column holding a suppressed cell holds two, or sits under a suppressed margin', () => {
  // Rows x, y; columns p, q, r. Only (x, p) = 2 is small.
  const cells: Array<[string, string, number]> = [['x', 'p', 2], ['x', 'q', 20], ['x', 'r', 30], ['y', 'p', 15], ['y', 'q', 25], ['y', 'r', 35]];
  const sum = (f: (c: [string, string, number]) => boolean) => cells.filter(f).reduce((a, c) => a + c[2], 0);
  const lattice: Lattice = new Map([
    [0, new Map([[cellKey([]), { values: [], count: sum(() => true) }]])],
    [1, new Map(['x', 'y'].map((r) => [cellKey([r]), { values: [r], count: sum((c) => c[0] === r) }]))],
    [2, new Map(['p', 'q', 'r'].map((c) => [cellKey([c]), { values: [c], count: sum((x) => x[1] === c) }]))],
    [3, new Map(cells.map(([r, c, n]) => [cellKey([r, c]), { values: [r, c], count: n }]))],
  ]);
  const hidden = suppressedValues(lattice, 3);
  expect(hidden).toEqual(['x/p', 'x/q', 'y/p', 'y/q']);
  // Every margin here is published (none small): the pattern alone protects (x, p).
  expect(suppress(lattice).get(1)!.size + suppress(lattice).get(2)!.size).toBe(0);
});

// ---- cells from facts ------------------------------------------------------------

function facts(): Fact[] {
  const out: Fact[] = [];
  const mo = { recruitment: null, transport: null, documentFraud: null, payment: null, exploitation: null };
  for (let i = 0; i < 60; i++) {
    const offences = i % 7 === 0 ? ['TIP', 'SOM'] : i % 3 === 0 ? ['SOM'] : ['TIP'];
    const year = 2019 + (i % 6);
    out.push({
      caseId: `C${i}`, offences, year, status: i % 4 === 0 ? 'CLOSED' : 'INVESTIGATION', routes: i % 5 ? ['RT-0001'] : [], modusOperandi: mo,
      person: { id: `V${i}`, category: 'VICTIM', sex: i % 2 ? 'FEMALE' : 'MALE', dateOfBirth: '1990-01-01', nationalities: ['BO'] },
    });
    out.push({
      caseId: `C${i}`, offences, year, status: i % 4 === 0 ? 'CLOSED' : 'INVESTIGATION', routes: i % 5 ? ['RT-0001'] : [], modusOperandi: mo,
      person: { id: `S${i % 17}`, category: 'SUSPECT', sex: 'MALE', dateOfBirth: null, nationalities: [] },
    });
  }
  return out;
}

const dims = (...names: string[]) => names.map((n) => DIMENSIONS.find((d) => d.name === n)!);

test('counts are distinct cases, victims and suspects; a case with two offences counts under each', () => {
  const [total] = statisticsCells(facts(), []);
  expect(total.exact).toEqual({ cases: 60, victims: 60, suspects: 17 });
  const byOffence = statisticsCells(facts(), dims('OFFENCE'));
  const tip = byOffence.find((c) => c.values.offence === 'TIP')!;
  const som = byOffence.find((c) => c.values.offence === 'SOM')!;
  expect(tip.exact.cases + som.exact.cases).toBeGreaterThan(60);
});

test('a table lists every combination of its dimensions\' vocabularies (and null), the empty ones suppressed like small ones', () => {
  const cells = statisticsCells(facts(), dims('SEX', 'CATEGORY'));
  expect(cells.length).toBe(5 * 8);
  expect(cells.filter((c) => c.exact.cases > 0).map((c) => `${c.values.sex}/${c.values.category}`).sort()).toEqual(['FEMALE/VICTIM', 'MALE/SUSPECT', 'MALE/VICTIM']);
  const empty = cells.find((c) => c.values.sex === 'FEMALE' && c.values.category === 'SUSPECT')!;
  expect(empty).toMatchObject({ exact: { cases: 0, victims: 0, suspects: 0 }, suppressed: ['cases', 'victims', 'suspects'] });
});

test('a filter is a slice of the bigger grouping: the same cells, suppressed the same way', () => {
  const request = statisticsRequest({ groupBy: ['YEAR'], filter: { offence: 'SOM' } });
  const sliced = statisticsCells(facts(), request.dims, request.slice);
  const grouped = statisticsCells(facts(), dims('OFFENCE', 'YEAR')).filter((c) => c.values.offence === 'SOM');
  expect(sliced).toEqual(grouped);
  expect(sliced.some((c) => c.suppressed.length > 0)).toBe(true);
});

describe('a request is checked: BAD_USER_INPUT naming the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a dimension named twice', { groupBy: ['YEAR', 'YEAR'] }, 'groupBy[1]'],
    ['more than three dimensions, grouped and filtered together', { groupBy: ['YEAR', 'SEX', 'OFFENCE'], filter: { status: 'CLOSED' } }, 'groupBy'],
    ['a year out of range', { groupBy: [], filter: { year: 3000 } }, 'filter.year'],
    ['a nationality that is not a country code', { groupBy: [], filter: { nationality: 'Bolivia' } }, 'filter.nationality'],
    ['a malformed route code', { groupBy: [], filter: { route: 'R1' } }, 'filter.route'],
  ])('%s', (_name, args, field) => {
    let error: { extensions?: Record<string, unknown> } | undefined;
    try {
      statisticsRequest(args);
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('filtered dimensions join the grouped ones', () => {
    expect(statisticsRequest({ groupBy: ['YEAR'], filter: { offence: 'TIP', sex: null } }).dims.map((d) => d.name)).toEqual(['YEAR', 'OFFENCE']);
  });
});
