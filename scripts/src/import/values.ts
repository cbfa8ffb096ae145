/**
 * Cells as clerks leave them, made into values: free text with line breaks,
 * tabs or other control characters becomes one line (Enlace's text fields hold
 * none); "unknown" markers (`s/d`, `N/A`, `sin dato`, …) read as an empty cell;
 * source codes translate through value tables to one or several Enlace values,
 * with a default for codes the table does not list.
 */
import { normaliseText } from '@enlace/store';

/** Control characters (C0, DEL, C1), no-break and other odd spaces, and runs of spaces: one space. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SPACES = /[\u0000-\u001F\u007F-\u009F\u00A0\u2000-\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF\s]+/g;

/** A cell as one line of text, trimmed (a cell of printable ASCII only, the usual case, is returned as it is). */
export const cleanText = (raw: string): string => (/[^\x21-\x7E]/.test(raw) ? raw.replace(SPACES, ' ').trim() : raw);

/** Whether a cell is one of the markers (compared without case, accents or surrounding spaces). */
export function unknownMarkers(markers: readonly string[]): (value: string) => boolean {
  const set = new Set(markers.map((m) => normaliseText(m)));
  if (!set.size) return () => false;
  // Normalising every cell was a tenth of an import's mapping: a cell much longer than every marker is none
  // (normalising drops accents and spaces, so a marker's cell may be somewhat longer than the marker).
  const longest = Math.max(...markers.map((m) => m.length));
  return (value) => value.length <= 2 * longest + 4 && set.has(normaliseText(value));
}

/** A table's target: one Enlace value or several (a list field: one source code, several offences). */
export type Target = string | string[];

export interface Translation {
  values: string[];
  /** Set when the code was not in the table and the default was taken: the code, to report. */
  defaulted?: string;
}

/**
 * A translator through a table; codes compare without case or accents ("VICTIMA" is
 * "Víctima"). A code the table lacks takes `fallback` when there is one, else is refused.
 */
export function translator(table: Record<string, Target>, fallback: Target | undefined): (code: string) => Translation | null {
  const exact = new Map(Object.entries(table).map(([k, v]) => [k, asList(v)]));
  const loose = new Map(Object.entries(table).map(([k, v]) => [normaliseText(k), asList(v)]));
  const otherwise = fallback === undefined ? undefined : asList(fallback);
  return (code) => {
    const found = exact.get(code) ?? loose.get(normaliseText(code));
    if (found) return { values: found };
    return otherwise ? { values: otherwise, defaulted: code } : null;
  };
}

const asList = (v: Target): string[] => (Array.isArray(v) ? v : v === '' ? [] : [v]);
