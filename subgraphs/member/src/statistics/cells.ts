/**
 * The cells of a statistics request, counted and suppressed. A filter is a
 * slice: `groupBy: [YEAR], filter: {offence: TIP}` answers the TIP cells of the
 * grouping (OFFENCE, YEAR), suppressed as that table is, so the same cell is
 * never published under one query and suppressed under another. Pure.
 */
import { DIMENSIONS, MEASURES, SUSPECT_CATEGORIES, VICTIM_CATEGORIES, type Dimension, type DimensionValue, type Fact, type Measure } from './dimensions';
import { cellKey, positionsOf, suppress, type CountedCell } from './suppression';

/** At most this many dimensions, grouped and filtered together: the lattice has 2^n tables. */
export const MAX_DIMENSIONS = 3;

export type Counts = Record<Measure, number>;

export interface StatisticsCell {
  /** The cell's value of each dimension of the table (grouped and filtered), by dimension field. */
  values: Record<string, DimensionValue>;
  exact: Counts;
  /** The measures withheld from callers who see published counts. */
  suppressed: Measure[];
}

interface Tally {
  values: DimensionValue[];
  cases: Set<string>;
  victims: Set<string>;
  suspects: Set<string>;
}

/** Every table of the lattice over `dims` (by mask of their positions), counted from the facts. */
function count(facts: readonly Fact[], dims: readonly Dimension[]): Map<number, Map<string, Tally>> {
  const tables = new Map<number, Map<string, Tally>>();
  const masks = [...Array(1 << dims.length).keys()];
  for (const mask of masks) tables.set(mask, new Map());
  for (const fact of facts) {
    const valuesOf = dims.map((d) => d.values(fact));
    const victim = fact.person && VICTIM_CATEGORIES.has(fact.person.category) ? fact.person.id : null;
    const suspect = fact.person && SUSPECT_CATEGORIES.has(fact.person.category) ? fact.person.id : null;
    for (const mask of masks) {
      const table = tables.get(mask)!;
      for (const values of product(positionsOf(mask).map((i) => valuesOf[i]))) {
        const key = cellKey(values);
        const tally = table.get(key) ?? table.set(key, { values, cases: new Set(), victims: new Set(), suspects: new Set() }).get(key)!;
        tally.cases.add(fact.caseId);
        if (victim) tally.victims.add(victim);
        if (suspect) tally.suspects.add(suspect);
      }
    }
  }
  return tables;
}

/**
 * Per measure, each unit's value of every dimension that gives it exactly one
 * (DIMENSIONS' `single`): the finer groupings whose cells add up to a cell.
 */
function singleValues(facts: readonly Fact[]): Record<Measure, Map<string, Map<string, DimensionValue>>> {
  const out = { cases: new Map(), victims: new Map(), suspects: new Map() } as Record<Measure, Map<string, Map<string, DimensionValue>>>;
  for (const fact of facts) {
    const units: Array<[Measure, string | null]> = [
      ['cases', fact.caseId],
      ['victims', fact.person && VICTIM_CATEGORIES.has(fact.person.category) ? fact.person.id : null],
      ['suspects', fact.person && SUSPECT_CATEGORIES.has(fact.person.category) ? fact.person.id : null],
    ];
    for (const [m, unit] of units) {
      if (!unit || out[m].has(unit)) continue;
      out[m].set(unit, new Map(DIMENSIONS.filter((d) => d.single[m]).map((d) => [d.name, d.values(fact)[0]])));
    }
  }
  return out;
}

/** The least value an observer can prove a suppressed cell holds: its most numerous finer grouping that adds up to it. */
function floorOf(units: ReadonlySet<string>, values: ReadonlyMap<string, ReadonlyMap<string, DimensionValue>>): number {
  const distinct = new Map<string, Set<DimensionValue>>();
  for (const unit of units) {
    for (const [dim, v] of values.get(unit) ?? []) (distinct.get(dim) ?? distinct.set(dim, new Set()).get(dim)!).add(v);
  }
  return Math.max(1, ...[...distinct.values()].map((s) => s.size));
}

function product(lists: ReadonlyArray<readonly DimensionValue[]>): DimensionValue[][] {
  return lists.reduce<DimensionValue[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

/**
 * The cells of the table over `dims` (in DIMENSIONS order) whose values match
 * `slice` (dimension field → value), each with its exact counts and the
 * measures suppressed in it.
 */
export function statisticsCells(facts: readonly Fact[], dims: readonly Dimension[], slice: Readonly<Record<string, DimensionValue>> = {}): StatisticsCell[] {
  const ordered = DIMENSIONS.filter((d) => dims.includes(d));
  const tables = count(facts, ordered);
  const full = (1 << ordered.length) - 1;
  const single = singleValues(facts);
  const suppressedBy = new Map<Measure, Map<number, Set<string>>>(
    MEASURES.map((m) => [m, suppress(new Map([...tables].map(([mask, t]) => [mask, new Map([...t].map(([k, c]): [string, CountedCell] => [k, { values: c.values, count: c[m].size, floor: floorOf(c[m], single[m]) }]))])))]),
  );
  const cells: StatisticsCell[] = [];
  for (const [key, tally] of [...tables.get(full)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const values = Object.fromEntries(ordered.map((d, i) => [d.field, tally.values[i]]));
    if (Object.entries(slice).some(([field, v]) => values[field] !== v)) continue;
    cells.push({
      values,
      exact: { cases: tally.cases.size, victims: tally.victims.size, suspects: tally.suspects.size },
      suppressed: MEASURES.filter((m) => suppressedBy.get(m)!.get(full)!.has(key)),
    });
  }
  return cells;
}
