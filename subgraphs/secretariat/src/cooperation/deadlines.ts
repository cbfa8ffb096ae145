/**
 * How long an owner has to answer a cooperation request, by urgency (issue 8):
 * by default 8 hours, 3 days and 14 days, as in the EU information-exchange
 * practice; a network sets its own with COOPERATION_DEADLINES, read once at start.
 */
export const URGENCIES = ['URGENT', 'NORMAL', 'NON_URGENT'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Milliseconds the owner has, per urgency. */
export type DeadlinePeriods = Readonly<Record<Urgency, number>>;

const HOUR_MS = 3_600_000;
const UNIT_MS = { m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS } as const;

export const DEFAULT_DEADLINES: DeadlinePeriods = { URGENT: 8 * HOUR_MS, NORMAL: 72 * HOUR_MS, NON_URGENT: 14 * 24 * HOUR_MS };

const EXAMPLE = 'URGENT=8h,NORMAL=3d,NON_URGENT=14d';

/**
 * COOPERATION_DEADLINES (`URGENT=8h,NORMAL=3d,NON_URGENT=14d`, units m, h, d): the
 * periods it names, the defaults for the rest. Anything else stops the start, since a
 * misread deadline would silently mark requests overdue or not.
 */
export function parseDeadlines(value: string | undefined, name = 'COOPERATION_DEADLINES'): DeadlinePeriods {
  const periods: Record<Urgency, number> = { ...DEFAULT_DEADLINES };
  if (!value?.trim()) return periods;
  const seen = new Set<string>();
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Z_]+)\s*=\s*(\d+)\s*([mhd])$/.exec(part);
    if (!m) throw new Error(`${name}: "${part}" is not URGENCY=<number><m|h|d>, e.g. ${EXAMPLE}`);
    const urgency = m[1] as Urgency;
    if (!URGENCIES.includes(urgency)) throw new Error(`${name}: "${m[1]}" is not an urgency (${URGENCIES.join(', ')})`);
    if (seen.has(urgency)) throw new Error(`${name}: ${urgency} is given twice`);
    seen.add(urgency);
    const ms = Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS];
    if (!Number.isSafeInteger(ms) || ms < 1) throw new Error(`${name}: ${urgency} must be a period of at least one minute, got "${part}"`);
    periods[urgency] = ms;
  }
  return periods;
}

/** When an answer is due: `from` plus the urgency's period (ISO 8601). */
export function deadlineFrom(from: Date, urgency: Urgency, periods: DeadlinePeriods): string {
  return new Date(from.getTime() + periods[urgency]).toISOString();
}
