/**
 * Counting facts into the lattice of tables over some dimensions (the table
 * asked for and every coarser one, down to the grand total), each table listing
 * exactly the values its dimensions' layouts list (layout.ts), and suppressing
 * every measure over it (suppression.ts). Pure.
 */
import { MEASURES, VICTIM_CATEGORIES, SUSPECT_CATEGORIES, type Dimension, type DimensionValue, type Fact, type Measure } from './dimensions';
import { cellKey, positionsOf, suppress, type CountedCell } from './suppression';

/** The values a dimension lists in a table, and the listed value each value of a fact counts under. */
export interface Layout {
  values: readonly DimensionValue[];
  place(value: DimensionValue): DimensionValue;
}

export interface Tally {
  values: DimensionValue[];
  cases: Set<string>;
  victims: Set<string>;
  suspects: Set<string>;
}

/** Tallies by cell key, per table: the table's mask over the dimensions' positions. */
export type Tables = Map<number, Map<string, Tally>>;

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

export function product(lists: ReadonlyArray<readonly DimensionValue[]>): DimensionValue[][] {
  return lists.reduce<DimensionValue[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

/** Every table of the lattice over `dims`, every combination of the listed values present (the empty ones counting 0). */
export function count(facts: readonly Fact[], dims: readonly Dimension[], layouts: readonly Layout[]): Tables {
  const tables: Tables = new Map();
  const masks = [...Array(1 << dims.length).keys()];
  const listed = layouts.map((l) => [...new Map(l.values.map((v) => [cellKey([v]), v]))].sort(byKey).map(([, v]) => v));
  const empty = (values: DimensionValue[]): Tally => ({ values, cases: new Set(), victims: new Set(), suspects: new Set() });
  for (const mask of masks) {
    tables.set(mask, new Map(product(positionsOf(mask).map((i) => listed[i])).map((values) => [cellKey(values), empty(values)])));
  }
  for (const fact of facts) {
    // A person with two nationalities folded into one row counts in it once.
    const valuesOf = dims.map((d, i) => [...new Set(d.values(fact).map((v) => layouts[i].place(v)))]);
    const victim = fact.person && VICTIM_CATEGORIES.has(fact.person.category) ? fact.person.id : null;
    const suspect = fact.person && SUSPECT_CATEGORIES.has(fact.person.category) ? fact.person.id : null;
    for (const mask of masks) {
      const table = tables.get(mask)!;
      for (const values of product(positionsOf(mask).map((i) => valuesOf[i]))) {
        const tally = table.get(cellKey(values));
        if (!tally) throw new Error(`statistics: ${cellKey(values)} is not a listed combination`);
        tally.cases.add(fact.caseId);
        if (victim) tally.victims.add(victim);
        if (suspect) tally.suspects.add(suspect);
      }
    }
  }
  return tables;
}

/** The suppressed cells of every table, per measure. */
export function suppressTables(tables: Tables): Map<Measure, Map<number, Set<string>>> {
  return new Map(
    MEASURES.map((m) => [m, suppress(new Map([...tables].map(([mask, t]) => [mask, new Map([...t].map(([k, c]): [string, CountedCell] => [k, { values: c.values, count: c[m].size }]))])))]),
  );
}

export const sortedByKey = <T>(cells: Iterable<[string, T]>): Array<[string, T]> => [...cells].sort(byKey);
