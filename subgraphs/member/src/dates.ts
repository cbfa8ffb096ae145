/** Date helpers on ISO 'YYYY-MM-DD' strings (how the stores keep dates). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

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
