/**
 * Amounts as clerks write them: `1.500,00` or `1,500.00`, `USD 1500`, `$ 1.500`,
 * `1 500,50 ARS`. The mapping says which separator marks the decimals; the other
 * one, spaces and apostrophes group thousands and are dropped, but only where they
 * group by three, so that `1500.50` in an export written with decimal commas is
 * refused rather than read as 150050. A currency written before or after the number
 * is returned for the caller to translate; the sign is kept, for the member's rules
 * to refuse.
 */

export type DecimalSeparator = '.' | ',';

export interface WrittenAmount {
  /** The amount with a point before its decimals ("1500.00"), a minus kept. */
  amount: string;
  /** A currency written beside the number (`USD`, `U$S`, `$`), as written; null without one. */
  currency: string | null;
}

// A currency code, name or symbol, a number, or a currency after it.
const CELL = /^([^\d\s.,'+-][^\d\s]*?)?\s*([+-])?\s*([\d.,'\s\u00A0\u202F]*\d[\d.,'\s\u00A0\u202F]*?)\s*([^\d\s.,'][^\d\s]*)?$/u;

/** The amount of a cell, or why it is none. */
export function readAmount(cell: string, decimal: DecimalSeparator): WrittenAmount | { problem: string } {
  const example = decimal === ',' ? 'a decimal comma, e.g. 1.500,00' : 'a decimal point, e.g. 1,500.00';
  const refused = { problem: `must be an amount with ${example}, thousands grouped by three (got "${cell}")` };
  const m = CELL.exec(cell.trim());
  if (!m || (m[1] && m[4])) return refused;
  const [whole, fraction, ...more] = m[3].split(decimal);
  if (more.length || (fraction !== undefined && !/^\d+$/.test(fraction))) return refused;
  const groups = whole.split(/[.,'\s\u00A0\u202F]/u);
  if (groups.length > 1 && !(/^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g)))) return refused;
  const digits = groups.join('') || '0';
  return { amount: `${m[2] === '-' ? '-' : ''}${digits}${fraction === undefined ? '' : `.${fraction}`}`, currency: m[1] ?? m[4] ?? null };
}
