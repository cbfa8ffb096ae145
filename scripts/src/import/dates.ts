/**
 * Dates as clerks write them: a mapping lists the formats of a column, tried in
 * order, with tokens YYYY, MM/M, DD/D and MMMM (a month's name or abbreviation in
 * Spanish, Portuguese or English, any case, with or without accents or a final
 * dot); other letters are literal words ("D de MMMM de YYYY" reads "5 de febrero
 * de 1984"), spaces match any run of spaces. ISO YYYY-MM-DD is always accepted.
 *
 * A format without a day (YYYY, MM/YYYY, MMMM YYYY) reads a partial date: it is
 * returned as such ({ partial }), and the caller decides what the field can hold
 * of it (Enlace's dates are whole: a partial one is never completed with a
 * made-up day).
 */
import { isIsoDate } from '@enlace/platform';
import { normaliseText } from '@enlace/store';

const MONTHS: Array<[number, string[]]> = [
  [1, ['enero', 'ene', 'janeiro', 'jan', 'january']],
  [2, ['febrero', 'feb', 'fevereiro', 'fev', 'february']],
  [3, ['marzo', 'mar', 'marco', 'march']],
  [4, ['abril', 'abr', 'april', 'apr']],
  [5, ['mayo', 'may', 'maio', 'mai']],
  [6, ['junio', 'jun', 'junho', 'june']],
  [7, ['julio', 'jul', 'julho', 'july']],
  [8, ['agosto', 'ago', 'august', 'aug']],
  [9, ['septiembre', 'setiembre', 'sep', 'set', 'sept', 'setembro', 'september']],
  [10, ['octubre', 'oct', 'outubro', 'out', 'october']],
  [11, ['noviembre', 'nov', 'novembro', 'november']],
  [12, ['diciembre', 'dic', 'dezembro', 'dez', 'december', 'dec']],
];
/** Month names and abbreviations, lower case without accents, to their number. */
const MONTH_OF = new Map(MONTHS.flatMap(([n, names]) => names.map((name) => [name, n] as const)));

const TOKENS: Record<string, string> = {
  YYYY: '(?<y>\\d{4})', MMMM: '(?<mn>[\\p{L}]+)\\.?', MM: '(?<m>\\d{1,2})', M: '(?<m>\\d{1,2})', DD: '(?<d>\\d{1,2})', D: '(?<d>\\d{1,2})',
};

/** A date read from a cell: whole (ISO), partial (a year, or a year and month), or not a date in any listed format. */
export type ReadDate = { iso: string } | { partial: string } | null;

/** A format as a regular expression: tokens as groups, other characters literal, spaces flexible. */
function patternOf(format: string): RegExp {
  const parts = format.split(/(YYYY|MMMM|MM|DD|M|D)/);
  const source = parts.map((p, i) => (i % 2 ? TOKENS[p] : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))).join('');
  return new RegExp(`^${source}$`, 'iu');
}

/** What is wrong with a format, if anything: it needs a year, and a day needs a month. */
export function checkDateFormat(format: string): string | undefined {
  const tokens: string[] = format.match(/YYYY|MMMM|MM|DD|M|D/g) ?? [];
  if (!tokens.includes('YYYY')) return `"${format}" has no YYYY (a four-digit year)`;
  const month = tokens.some((t) => t.startsWith('M'));
  if (tokens.some((t) => t.startsWith('D')) && !month) return `"${format}" has a day but no month`;
  return undefined;
}

/** A reader of cells in these formats; each distinct text is parsed once (exports repeat a case's dates on each of its rows). */
export function dateReader(formats: readonly string[]): (value: string) => ReadDate {
  const patterns = formats.map(patternOf);
  const known = new Map<string, ReadDate>();
  return (value) => {
    const hit = known.get(value);
    if (hit !== undefined) return hit;
    const read = parse(value);
    if (known.size < 200_000) known.set(value, read);
    return read;
  };
  function parse(value: string): ReadDate {
    if (isIsoDate(value)) return { iso: value };
    for (const p of patterns) {
      const g = p.exec(value)?.groups;
      if (!g) continue;
      const month = g.mn !== undefined ? MONTH_OF.get(normaliseText(g.mn).replace(/\.$/, '')) : g.m !== undefined ? Number(g.m) : undefined;
      if (g.mn !== undefined && month === undefined) continue; // a word that is no month
      if (month !== undefined && (month < 1 || month > 12)) continue;
      const mm = month === undefined ? undefined : String(month).padStart(2, '0');
      if (g.d === undefined) return { partial: mm ? `${g.y}-${mm}` : g.y };
      const iso = `${g.y}-${mm}-${g.d.padStart(2, '0')}`;
      if (isIsoDate(iso)) return { iso };
    }
    return null;
  }
}
