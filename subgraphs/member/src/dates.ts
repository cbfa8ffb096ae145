/** Ages from dates of birth (ISO 'YYYY-MM-DD' strings, as the stores keep them). */
import { today } from '@enlace/platform';
import type { AgeBand } from './generated/resolvers';

/** Whole years from `dateOfBirth` to `on`. */
export function ageOn(dateOfBirth: string, on: string = today()): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const bandOf = (age: number): AgeBand =>
  age < 12 ? 'CHILD_0_11' : age < 18 ? 'MINOR_12_17' : age < 30 ? 'ADULT_18_29' : age < 50 ? 'ADULT_30_49' : 'ADULT_50_PLUS';

/**
 * The ages a person can be: one from a date of birth; from a year of birth alone (an import's
 * partial date), the two the year allows (before and after the birthday); none when unknown.
 */
function possibleAges(dateOfBirth: string | null, birthYear?: number | null, on: string = today()): number[] {
  if (dateOfBirth) return [ageOn(dateOfBirth, on)];
  if (birthYear === null || birthYear === undefined) return [];
  const age = Number(on.slice(0, 4)) - birthYear;
  return [Math.max(age - 1, 0), age];
}

/** The age band, where what is known settles it: a year of birth whose two possible ages fall in two bands gives UNKNOWN. */
export function ageBand(dateOfBirth: string | null, birthYear?: number | null, on?: string): AgeBand {
  const bands = new Set(possibleAges(dateOfBirth, birthYear, on).map(bandOf));
  return bands.size === 1 ? [...bands][0] : 'UNKNOWN';
}

/** Minors are flagged from the date (or year) of birth where it settles it; an unknown age is not proof of adulthood. */
export function isMinor(dateOfBirth: string | null, birthYear?: number | null, on?: string): boolean | null {
  const minors = new Set(possibleAges(dateOfBirth, birthYear, on).map((age) => age < 18));
  return minors.size === 1 ? [...minors][0] : null;
}
