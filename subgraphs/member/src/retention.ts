/**
 * A member's retention period: a closed case is kept for MEMBER_RETENTION_YEARS
 * after its closing date, then flagged for its owner's prosecutors to review
 * and erase. Open cases have no retention date; no setting, no flag.
 */
import { today } from '@enlace/platform';

/** MEMBER_RETENTION_YEARS: a whole number of years from 1 to 100, or unset (no retention date). */
export function retentionYearsFromEnv(env: NodeJS.ProcessEnv): number | null {
  const raw = env.MEMBER_RETENTION_YEARS?.trim();
  if (!raw) return null;
  const years = Number(raw);
  if (!/^\d+$/.test(raw) || years < 1 || years > 100) throw new Error(`MEMBER_RETENTION_YEARS must be a whole number of years from 1 to 100, got "${raw}"`);
  return years;
}

/** The day a case closed on `closedOn` reaches the end of its retention (29 February closes on 28 February in other years). */
export function retentionEndsOn(closedOn: string | null, years: number | null): string | null {
  if (!closedOn || !years) return null;
  const [y, m, d] = closedOn.split('-').map(Number);
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate(); // days in that month of that year
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whether the retention date has passed (on it, the case is still within retention). */
export function pastRetention(closedOn: string | null, years: number | null, on: string = today()): boolean {
  const ends = retentionEndsOn(closedOn, years);
  return ends !== null && ends < on;
}
