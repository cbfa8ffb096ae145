/**
 * The cells of a statistics request, counted and suppressed. A filter is a
 * slice: `groupBy: [YEAR], filter: {offence: TIP}` answers the TIP cells of the
 * grouping (OFFENCE, YEAR), suppressed as that table is, so the same cell is
 * never published under one query and suppressed under another. A table lists
 * every combination of the values its dimensions list (layout.ts), empty ones
 * included (withheld like small ones): were only non-empty cells listed, a
 * withheld cell's presence would prove it holds at least 1, and the number of
 * cells listed under a margin would bound it (the seed's counts by year were
 * recovered that way). Pure.
 */
import { DIMENSIONS, MEASURES, type Dimension, type DimensionValue, type Fact, type Measure } from './dimensions';
import { detailLayouts, OTHER, publicLayouts } from './layout';
import { count, sortedByKey, suppressTables, type Tally } from './tally';

/** At most this many dimensions, grouped and filtered together: the lattice has 2^n tables. */
export const MAX_DIMENSIONS = 3;

export type Counts = Record<Measure, number>;

export interface StatisticsCell {
  /** The cell's value of each dimension of the table (grouped and filtered), by dimension field; OTHER for the folded row. */
  values: Record<string, DimensionValue>;
  exact: Counts;
  /** The measures withheld from callers who see published counts. */
  suppressed: Measure[];
}

const exactOf = (t: Tally): Counts => ({ cases: t.cases.size, victims: t.victims.size, suspects: t.suspects.size });
const matches = (values: Record<string, DimensionValue>, slice: Readonly<Record<string, DimensionValue>>) => Object.entries(slice).every(([field, v]) => values[field] === v);

/**
 * The cells of the table over `dims` (in DIMENSIONS order) whose values match
 * `slice` (dimension field → value), each with its exact counts and the
 * measures suppressed in it. With `detail` (the owner's own callers), also a
 * cell for each combination the data holds with a value folded into OTHER: its
 * exact counts only (every measure withheld: no one else gets that row), so the
 * owner still sees its data's values.
 */
export function statisticsCells(
  facts: readonly Fact[], dims: readonly Dimension[], slice: Readonly<Record<string, DimensionValue>> = {}, { detail = false } = {},
): StatisticsCell[] {
  const ordered = DIMENSIONS.filter((d) => dims.includes(d));
  const full = (1 << ordered.length) - 1;
  const layouts = publicLayouts(facts, ordered);
  const tables = count(facts, ordered, layouts);
  const suppressedBy = suppressTables(tables);
  const valuesOf = (t: Tally) => Object.fromEntries(ordered.map((d, i) => [d.field, t.values[i]]));
  const cells: StatisticsCell[] = [];
  for (const [key, tally] of sortedByKey(tables.get(full)!)) {
    const values = valuesOf(tally);
    if (matches(values, slice)) cells.push({ values, exact: exactOf(tally), suppressed: MEASURES.filter((m) => suppressedBy.get(m)!.get(full)!.has(key)) });
  }
  if (detail) {
    const details = count(facts, ordered, detailLayouts(facts, ordered)).get(full)!;
    for (const [, tally] of sortedByKey(details)) {
      const folded = tally.values.some((v, i) => v !== null && layouts[i].place(v) === OTHER);
      const values = valuesOf(tally);
      if (folded && MEASURES.some((m) => tally[m].size > 0) && matches(values, slice)) cells.push({ values, exact: exactOf(tally), suppressed: [...MEASURES] });
    }
  }
  return cells;
}
