/**
 * Small-cell suppression of one measure over a lattice of tables: the table of
 * the grouping asked for and every coarser one (its margins, down to the grand
 * total), each of which a caller can also ask for. Pure.
 *
 * - Primary: every count from 0 to MAX_SUPPRESSED (10) is suppressed. Zeros
 *   too: a table lists its empty combinations (cells.ts), so a suppressed cell
 *   may be empty and an observer can prove no cell holds anything.
 * - Secondary, table by table from the coarsest, the coarser ones fixed first,
 *   so a table is suppressed the same way whatever grouping it is asked as part
 *   of. A line of a table is the cells that differ in one dimension only; its
 *   margin is one cell of the table without that dimension. In every line:
 *   - under a published margin, a suppressed cell must not be the only one, and
 *     the suppressed cells must not all be empty, else subtracting the
 *     published cells from the margin gives them back;
 *   - under a suppressed margin, at least one cell is suppressed (else the
 *     published cells would give the margin back).
 *   Until both hold, the smallest published non-zero cell of the line is
 *   suppressed too (ties broken by the cell's values, so the result is
 *   deterministic).
 * Combinations of several lines and tables are not solved as a whole: the
 * published counts are rounded for that (rounding.ts), and tests/statistics/
 * attacks the seeded data with a linear programme over the published tables.
 */
import type { DimensionValue } from './dimensions';

export const MAX_SUPPRESSED = 10;

export interface CountedCell {
  values: readonly DimensionValue[];
  count: number;
}

/** Cells by key (their values as JSON), per table: the table's mask over the lattice's dimensions. */
export type Lattice = ReadonlyMap<number, ReadonlyMap<string, CountedCell>>;

export const cellKey = (values: readonly DimensionValue[]): string => JSON.stringify(values);

const isSmall = (n: number): boolean => n <= MAX_SUPPRESSED;

/** The positions (bits) of a mask, ascending. */
export function positionsOf(mask: number): number[] {
  const out: number[] = [];
  for (let bit = 0; 1 << bit <= mask; bit++) if (mask & (1 << bit)) out.push(bit);
  return out;
}

const popcount = (mask: number): number => positionsOf(mask).length;

/** The suppressed cells of every table of the lattice, by mask. */
export function suppress(lattice: Lattice): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  const masks = [...lattice.keys()].sort((a, b) => popcount(a) - popcount(b) || a - b);
  for (const mask of masks) result.set(mask, suppressTable(mask, lattice.get(mask)!, lattice, result));
  return result;
}

function suppressTable(mask: number, cells: ReadonlyMap<string, CountedCell>, lattice: Lattice, done: ReadonlyMap<number, Set<string>>): Set<string> {
  const suppressed = new Set([...cells].filter(([, c]) => isSmall(c.count)).map(([k]) => k));
  const positions = positionsOf(mask);
  // The lines along each dimension, with the margin each adds up to (in the table without that dimension).
  const lines = positions.flatMap((bit, j) => {
    const parentMask = mask & ~(1 << bit);
    const parentSuppressed = done.get(parentMask);
    if (!lattice.has(parentMask) || !parentSuppressed) throw new Error(`statistics: the margin table ${parentMask} of ${mask} is missing`);
    const byParent = new Map<string, string[]>();
    for (const [key, cell] of cells) {
      const parent = cellKey(cell.values.filter((_, i) => i !== j));
      (byParent.get(parent) ?? byParent.set(parent, []).get(parent)!).push(key);
    }
    return [...byParent].map(([parent, keys]) => ({ keys, marginSuppressed: parentSuppressed.has(parent) }));
  });

  for (let changed = true; changed; ) {
    changed = false;
    for (const { keys, marginSuppressed } of lines) {
      const hidden = keys.filter((k) => suppressed.has(k));
      // Under a published margin the suppressed cells add up to a known total: one that is not 0, shared by two at least.
      const total = hidden.reduce((sum, k) => sum + cells.get(k)!.count, 0);
      const safe = marginSuppressed ? hidden.length >= 1 : hidden.length === 0 || (hidden.length >= 2 && total >= 1);
      if (safe) continue;
      const next = keys
        .filter((k) => !suppressed.has(k) && cells.get(k)!.count > 0)
        .sort((a, b) => cells.get(a)!.count - cells.get(b)!.count || (a < b ? -1 : 1))[0];
      if (next === undefined) continue; // nothing left to suppress in this line (the residual risk above)
      suppressed.add(next);
      changed = true;
    }
  }
  return suppressed;
}
