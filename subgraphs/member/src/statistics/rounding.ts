/**
 * Rounding of every published count (suppression.ts withholds the small ones
 * first). Suppression alone leaves exact totals and sub-totals that an observer
 * can combine across tables (a linear programme) to pin a withheld cell; with
 * every published count rounded on its own, each is only known within ±2, and
 * the differences no longer add up to one value. Pure and deterministic: the
 * same cell is published the same way in every query, so asking again teaches
 * nothing.
 *
 * - 11 to 17 are published as 15: nearest-5 rounding would publish 11 and 12 as
 *   10, which would read as a small count.
 * - Anything else is rounded to the nearest multiple of 5 (no ties: 18 → 20, 22 → 20).
 * Withheld counts (0 to 10 and the secondary ones) are never rounded: they are null.
 */
import { MAX_SUPPRESSED } from './suppression';

export const ROUNDING_BASE = 5;
/** The least published non-zero count: the first multiple of the base above MAX_SUPPRESSED. */
export const LEAST_PUBLISHED = Math.ceil((MAX_SUPPRESSED + 1) / ROUNDING_BASE) * ROUNDING_BASE;

export function roundCount(count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new Error(`statistics: a count must be a non-negative integer, got ${count}`);
  if (count <= MAX_SUPPRESSED) throw new Error(`statistics: a count up to ${MAX_SUPPRESSED} is suppressed, never rounded`);
  return Math.max(LEAST_PUBLISHED, Math.round(count / ROUNDING_BASE) * ROUNDING_BASE);
}
