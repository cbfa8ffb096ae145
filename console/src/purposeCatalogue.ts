/**
 * The network's catalogue of purposes, as the secretariat serves it (purposeCatalogue), and how a stated
 * purpose reads against it. A purpose is sent as the catalogue id (`investigation`) or as `other: <reason>`;
 * the owners' audit logs keep what was sent, so these turn it back into words in the reader's language.
 */
export interface CataloguePurpose { id: string; labels: { lang: string; text: string }[] }

export interface PurposeCatalogue {
  purposes: CataloguePurpose[];
  other: CataloguePurpose;
  /** `other: ` */
  otherPrefix: string;
  minReasonLength: number;
  acceptsFreeText: boolean;
}

/** A purpose's label in `lang`, else in English, else in its first language. */
export function labelOf(purpose: CataloguePurpose, lang: string): string {
  return (purpose.labels.find((l) => l.lang === lang) ?? purpose.labels.find((l) => l.lang === 'en') ?? purpose.labels[0])?.text ?? purpose.id;
}

/** What a stated purpose is: a catalogue purpose, other with its reason, or text outside the catalogue. */
export type Stated = { kind: 'catalogue'; purpose: CataloguePurpose } | { kind: 'other'; reason: string } | { kind: 'free'; text: string };

/** Reads a purpose as the servers do (platform/src/purposes.ts): ids exactly, `other:` in any case. */
export function readPurpose(catalogue: PurposeCatalogue, text: string): Stated {
  const value = text.trim();
  const purpose = catalogue.purposes.find((p) => p.id === value);
  if (purpose) return { kind: 'catalogue', purpose };
  const other = new RegExp(`^${catalogue.other.id}\\s*(?::(.*))?$`, 'is').exec(value);
  if (other) return { kind: 'other', reason: (other[1] ?? '').trim() };
  return { kind: 'free', text: value };
}

/** What the picker sends: the id, or `other: <reason>`. */
export const purposeText = (catalogue: PurposeCatalogue, id: string, reason: string): string =>
  id === catalogue.other.id ? `${catalogue.otherPrefix}${reason.trim()}` : id;

/** A purpose in words for the reader: the catalogue's label, "Other: <reason>", or the text as sent. */
export function describePurpose(catalogue: PurposeCatalogue | null, lang: string, text: string | null): string {
  if (!text) return '';
  if (!catalogue) return text;
  const stated = readPurpose(catalogue, text);
  if (stated.kind === 'catalogue') return labelOf(stated.purpose, lang);
  if (stated.kind === 'other') return `${labelOf(catalogue.other, lang)}: ${stated.reason}`;
  return stated.text;
}

