/**
 * Value encodings shared by every adapter. Lists are stored as one string with
 * a delimiter on both ends, so that membership is a plain `CONTAINS` that both
 * Cypher dialects accept and no adapter has to infer list types (Kùzu cannot
 * type an empty or all-null list parameter). The delimiter is a control character,
 * which @enlace/platform's input validation refuses in every text a caller sends.
 */
const SEP = '\u001f';

export function encodeList(values: readonly string[] | null | undefined): string {
  return values && values.length ? SEP + values.join(SEP) + SEP : '';
}

export function decodeList(value: unknown): string[] {
  return typeof value === 'string' && value.length ? value.slice(1, -1).split(SEP) : [];
}

/** The token to search an encoded list for one element with `CONTAINS`. */
export function listToken(value: string): string {
  return SEP + value + SEP;
}

/** Lower case, accents removed, whitespace collapsed: for name matching. */
export function normaliseText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Upper case letters and digits only: for identity document numbers. */
export function normaliseDocumentNumber(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}
