/**
 * Which values a table lists for each dimension. Were a table to list the values
 * the member's data takes, a row's mere presence would prove that at least one
 * such record exists (nationality VN, offence X in year Y) even with its count
 * withheld: exactly what suppression hides. So what is listed never depends on a
 * count that is withheld (PROTOCOL.md, "Statistics"):
 *
 * - closed vocabularies (offence, status, sex, …, the coded modus operandi):
 *   every value of the schema's enum, and null (not recorded), empty or not;
 * - years: the last YEAR_WINDOW years to this one, and null; every other year
 *   counts in one row, OTHER;
 * - open ones (nationality, route): null, OTHER, and the values whose own cell
 *   (grouped by that dimension alone, over all the data) holds a count of 11 or
 *   more, which primary suppression would publish. Every other value counts in
 *   OTHER, which is suppressed like any cell when small, and secondary
 *   suppression treats it like any cell, so the published rows and totals
 *   cannot give it back.
 *
 * The owner's own callers (statistics.own) may also see their data's values:
 * `detailLayout` lists every value the data takes.
 */
import { today } from '@enlace/platform';
import { MEASURES, type Dimension, type DimensionValue, type Fact } from './dimensions';
import { MAX_SUPPRESSED } from './suppression';
import { count, type Layout } from './tally';

/** The row that stands for every value of a dimension not listed on its own: `other` in a StatisticsCell. */
export const OTHER = '*';

/** How many years, to the current one, YEAR lists. */
export const YEAR_WINDOW = 10;

export const yearWindow = (year = Number(today().slice(0, 4))): number[] => Array.from({ length: YEAR_WINDOW }, (_, i) => year - YEAR_WINDOW + 1 + i);

function closedLayout(values: readonly string[]): Layout {
  const known = new Set<DimensionValue>(values);
  // Inputs are checked against the enums, so a stored value outside the vocabulary is not expected: it counts as not recorded.
  return { values: [null, ...values], place: (v) => (known.has(v) ? v : null) };
}

function foldedLayout(listed: readonly DimensionValue[]): Layout {
  const known = new Set(listed);
  return { values: [null, OTHER, ...listed], place: (v) => (v === null || known.has(v) ? v : OTHER) };
}

/** Every value the facts take, each listed on its own. */
function dataLayout(d: Dimension, facts: readonly Fact[], also: readonly DimensionValue[] = []): Layout {
  const values = new Set<DimensionValue>([null, ...also]);
  for (const f of facts) for (const v of d.values(f)) values.add(v);
  return { values: [...values], place: (v) => v };
}

/**
 * The values of an open dimension listed on their own: those with a count of 11
 * or more (in any measure) in the table by that dimension alone, over all the
 * data. It rests on those values' own counts only, so adding or removing a rare
 * value changes no row but OTHER's counts. Secondary suppression may still
 * withhold a listed value's counts: its row then says only that one of them is
 * 11 or more, never that a small one exists.
 */
function listedValues(d: Dimension, facts: readonly Fact[]): DimensionValue[] {
  const alone = count(facts, [d], [dataLayout(d, facts)]).get(1)!;
  return [...alone.values()].filter((t) => t.values[0] !== null && MEASURES.some((m) => t[m].size > MAX_SUPPRESSED)).map((t) => t.values[0]);
}

/** What every caller sees: the layouts of `dims` described above. */
export function publicLayouts(facts: readonly Fact[], dims: readonly Dimension[]): Layout[] {
  return dims.map((d) => {
    switch (d.vocabulary.kind) {
      case 'closed':
        return closedLayout(d.vocabulary.values);
      case 'years':
        return foldedLayout(yearWindow());
      case 'open':
        return foldedLayout(listedValues(d, facts));
    }
  });
}

/** The owner's own view: closed vocabularies as published, years and open dimensions with every value the data takes. */
export function detailLayouts(facts: readonly Fact[], dims: readonly Dimension[]): Layout[] {
  return dims.map((d) => (d.vocabulary.kind === 'closed' ? closedLayout(d.vocabulary.values) : dataLayout(d, facts, d.vocabulary.kind === 'years' ? yearWindow() : [])));
}
