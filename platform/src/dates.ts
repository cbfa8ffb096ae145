/** ISO 'YYYY-MM-DD' dates, as the stores keep them. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** By arithmetic, not a Date per call: imports check millions of dates (issue 11). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Years before 100 stay refused, as when this used Date.UTC (which reads them as 19xx).
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/** Today's UTC date, formatted once per day (validation asks it for every date it checks). */
let day = { text: '', from: 0, to: 0 };
export function today(): string {
  const now = Date.now();
  if (now < day.from || now >= day.to) {
    const from = now - (now % 86_400_000);
    day = { text: new Date(from).toISOString().slice(0, 10), from, to: from + 86_400_000 };
  }
  return day.text;
}
