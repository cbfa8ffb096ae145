/**
 * The purpose and the case reference are free text ("Investigação de tráfico"),
 * but an HTTP header value is bytes, which node:http reads as Latin-1: raw UTF-8
 * arrived as mojibake ("InvestigaÃ§Ã£o"). So they have one encoding,
 * percent-encoded UTF-8 (what encodeURIComponent makes), decoded once where a
 * request's headers are read (identity.ts) and encoded again wherever they are
 * sent on. Printable ASCII without `%` is its own encoding: "DEMO-1" and
 * "XS:J:0oq2dni" are sent as they are. Anything else is refused, saying how to
 * send it: raw bytes beyond ASCII, a malformed escape, a control character.
 */
import { hasControlCharacter } from './controlCharacters';
import { HttpError } from './httpError';

/** The longest purpose or case reference, in characters once decoded. */
export const MAX_HEADER_TEXT = 200;

const EXAMPLE = `${encodeURIComponent('Investigación')} for Investigación`;
// eslint-disable-next-line no-control-regex -- control characters are part of what it looks for
const NOT_ASCII = /[^\x00-\x7f]/;
// C1 controls (U+0080–U+009F) are line breaks to some readers of logs: refused too once decoded.
const C1_CONTROL = /[\u0080-\u009f]/;
// What encodeHeaderText escapes: `%` itself, control characters and everything beyond ASCII.
const NEEDS_ESCAPE = /[^\x20-\x24\x26-\x7e]/gu;

const invalid = (name: string, why: string) => new HttpError(400, `Header ${name} ${why}`, 'INVALID_HEADER', { header: name });

/** A header's text, decoded; null when absent or blank. Throws 400 INVALID_HEADER, naming the header. */
export function decodeHeaderText(name: string, raw: string | undefined, maxLength = MAX_HEADER_TEXT): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (NOT_ASCII.test(value)) throw invalid(name, `is not percent-encoded UTF-8: send its text as encodeURIComponent makes it (${EXAMPLE})`);
  let text: string;
  try {
    text = decodeURIComponent(value).trim();
  } catch {
    throw invalid(name, `has a malformed percent escape: send its text as percent-encoded UTF-8, as encodeURIComponent makes it (${EXAMPLE}; % itself is %25)`);
  }
  if (hasControlCharacter(text) || C1_CONTROL.test(text)) throw invalid(name, 'must not contain control characters');
  if (text.length > maxLength) throw invalid(name, `must be at most ${maxLength} characters`);
  return text || null;
}

/** The header value carrying `text`: percent-encoded where it must be, so that decodeHeaderText gives `text` back. */
export function encodeHeaderText(text: string): string {
  return text.replace(NEEDS_ESCAPE, encodeURIComponent);
}
