/**
 * A purpose or a case reference that only holds a place: the explorer's and the
 * README's `<why you need these records>`, a template's `{{purpose}}`, an unset
 * shell variable's `$PURPOSE`, `TODO`, `n/a`, a JavaScript client's "undefined".
 * Owners log the purpose as the reason a record was read, so such a value is
 * refused as no purpose at all would be, rather than written to the log as one.
 */

/** Whole values that say nothing (compared case-insensitively, without surrounding punctuation). */
const EMPTY_WORDS = new Set([
  'todo', 'tbd', 'tba', 'n/a', 'na', 'none', 'null', 'undefined', 'nil', 'placeholder', 'purpose', 'your purpose', 'the purpose',
  'case', 'case ref', 'case-ref', 'caseref', 'case reference', 'reference', 'your case reference', 'why you need these records',
  'finalidad', 'referencia', 'finalidade', 'referência',
]);

/** `<…>`, `{…}`, `{{…}}`, `[…]`, `${…}`, `%…%` wrapped round the whole value, or a bare `$NAME`. */
const TEMPLATE = /^(<[^<>]*>|\{\{?[^{}]*\}?\}|\[[^[\]]*\]|\$\{[^{}]*\}|%[A-Za-z_]\w*%|\$[A-Za-z_]\w*)$/;
/** Nothing but punctuation, symbols or the same letter over and over (`...`, `-`, `?`, `xxx`). */
const NO_CONTENT = /^(?:[^\p{L}\p{N}]+|(\p{L})\1{2,})$/iu;

export function isPlaceholderText(text: string): boolean {
  const value = text.trim();
  if (TEMPLATE.test(value) || NO_CONTENT.test(value)) return true;
  return EMPTY_WORDS.has(value.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}/]+$/gu, ''));
}
