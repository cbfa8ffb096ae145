/**
 * The cells of a statistics request, counted and suppressed. A filter is a
 * slice: `groupBy: [YEAR], filter: {offence: TIP}` answers the TIP cells of the
 * grouping (OFFENCE, YEAR), suppressed as that table is, so the same cell is
 * never published under one query and suppressed under another. A table lists
 * every combination of the values its dimensions take in the member's data,
 * empty ones included (withheld like small ones): were only non-empty cells
 * listed, a withheld cell's presence would prove it holds at least 1, and the
 * number of cells listed under a margin would bound it (the seed's counts by
 * year were recovered that way). Pure.
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

/**
 * Every table of the lattice over `dims` (by mask of their positions), counted
 * from the facts, with every combination of the values each dimension takes in
 * the facts (the empty ones counting 0).
 */
function count(facts: readonly Fact[], dims: readonly Dimension[]): Map<number, Map<string, Tally>> {
  const tables = new Map<number, Map<string, Tally>>();
  const masks = [...Array(1 << dims.length).keys()];
  const taken = dims.map(() => new Map<string, DimensionValue>());
  for (const fact of facts) dims.forEach((d, i) => d.values(fact).forEach((v) => taken[i].set(cellKey([v]), v)));
  const empty = (values: DimensionValue[]): Tally => ({ values, cases: new Set(), victims: new Set(), suspects: new Set() });
  for (const mask of masks) {
    const all = product(positionsOf(mask).map((i) => [...taken[i]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v)));
    tables.set(mask, new Map(all.map((values) => [cellKey(values), empty(values)])));
  }
  for (const fact of facts) {
    const valuesOf = dims.map((d) => d.values(fact));
    const victim = fact.person && VICTIM_CATEGORIES.has(fact.person.category) ? fact.person.id : null;
    const suspect = fact.person && SUSPECT_CATEGORIES.has(fact.person.category) ? fact.person.id : null;
    for (const mask of masks) {
      const table = tables.get(mask)!;
      for (const values of product(positionsOf(mask).map((i) => valuesOf[i]))) {
        const tally = table.get(cellKey(values))!;
        tally.cases.add(fact.caseId);
        if (victim) tally.victims.add(victim);
        if (suspect) tally.suspects.add(suspect);
      }
    }
  }
  return tables;
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
  const suppressedBy = new Map<Measure, Map<number, Set<string>>>(
    MEASURES.map((m) => [m, suppress(new Map([...tables].map(([mask, t]) => [mask, new Map([...t].map(([k, c]): [string, CountedCell] => [k, { values: c.values, count: c[m].size }]))])))]),
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
