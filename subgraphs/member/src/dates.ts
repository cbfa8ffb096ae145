/** Ages from dates of birth (ISO 'YYYY-MM-DD' strings, as the stores keep them). */
import { today } from '@enlace/common';

/** Whole years from `dateOfBirth` to `on`. */
export function ageOn(dateOfBirth: string, on: string = today()): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function ageBand(dateOfBirth: string | null): string {
  if (!dateOfBirth) return 'UNKNOWN';
  const age = ageOn(dateOfBirth);
  if (age < 12) return 'CHILD_0_11';
  if (age < 18) return 'MINOR_12_17';
  if (age < 30) return 'ADULT_18_29';
  if (age < 50) return 'ADULT_30_49';
  return 'ADULT_50_PLUS';
}

/** Minors are flagged from the date of birth; an unknown date is not proof of adulthood. */
export function isMinor(dateOfBirth: string | null): boolean | null {
  return dateOfBirth ? ageOn(dateOfBirth) < 18 : null;
}
