/**
 * The network's catalogue of purposes (issue 20): the reasons a request may state in
 * x-enlace-purpose, each with an id and labels in the network's languages, and "other",
 * which needs a reason in words (`other: <reason>`). Every process reads the same file
 * (ENLACE_PURPOSES; default schema/purposes.json) and checks each request's purpose
 * against it where the headers are read; the secretariat serves it to the console and
 * the explorer (purposeCatalogue), so a picker offers what the servers accept.
 *
 * Free text outside the catalogue ("Investigation of a trafficking network") is accepted
 * or refused as the catalogue's `freeText` says: the default accepts it, so scripts and
 * clients written before the catalogue keep working; a network that wants only catalogue
 * purposes in its logs sets `"freeText": "refuse"`. The audit log keeps the purpose as sent.
 */
import { readFileSync } from 'node:fs';
import { HttpError } from './httpError';
import { PURPOSE_HEADER } from './identity';

export interface CataloguePurpose {
  id: string;
  /** By language code (en, es, pt, …). */
  labels: Readonly<Record<string, string>>;
}

export interface PurposeCatalogue {
  purposes: readonly CataloguePurpose[];
  /** The purpose that needs a reason: sent as `<id>: <reason>` (`other: …`). */
  other: CataloguePurpose & { minReasonLength: number };
  freeText: 'accept' | 'refuse';
}

/** What a stated purpose is, read against the catalogue. */
export type StatedPurpose = { kind: 'catalogue'; id: string } | { kind: 'other'; reason: string } | { kind: 'free' };

const ID = /^[a-z][a-z0-9-]{1,39}$/;
const LANG = /^[a-z]{2,3}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readLabels(where: string, raw: unknown): Record<string, string> {
  if (!isObject(raw) || !Object.keys(raw).length) throw new Error(`${where}.labels must name the purpose in at least one language: { "en": "…" }`);
  for (const [lang, text] of Object.entries(raw)) {
    if (!LANG.test(lang)) throw new Error(`${where}.labels: "${lang}" is not a language code (en, es, pt)`);
    if (typeof text !== 'string' || !text.trim() || text.length > 200) throw new Error(`${where}.labels.${lang} must be text of 1 to 200 characters`);
  }
  return raw as Record<string, string>;
}

function readPurpose(where: string, raw: unknown): CataloguePurpose {
  if (!isObject(raw)) throw new Error(`${where} must be an object { "id": …, "labels": … }`);
  if (typeof raw.id !== 'string' || !ID.test(raw.id)) throw new Error(`${where}.id must be 2 to 40 lower-case letters, digits or hyphens, starting with a letter`);
  return { id: raw.id, labels: readLabels(where, raw.labels) };
}

/** A catalogue document, checked: anything it does not say clearly stops the process that reads it. */
export function readPurposeCatalogue(doc: unknown, source = 'the purpose catalogue'): PurposeCatalogue {
  if (!isObject(doc)) throw new Error(`${source}: not a JSON object`);
  if (!Array.isArray(doc.purposes) || !doc.purposes.length) throw new Error(`${source}: "purposes" must list at least one purpose`);
  const purposes = doc.purposes.map((p, i) => readPurpose(`${source}: purposes[${i}]`, p));
  if (!isObject(doc.other)) throw new Error(`${source}: "other" must be the purpose that needs a reason: { "id": "other", "labels": …, "minReasonLength": 10 }`);
  const other = readPurpose(`${source}: other`, doc.other);
  const minReasonLength = doc.other.minReasonLength ?? 10;
  if (!Number.isInteger(minReasonLength) || (minReasonLength as number) < 1 || (minReasonLength as number) > 150) {
    throw new Error(`${source}: other.minReasonLength must be a whole number from 1 to 150`);
  }
  const ids = [...purposes.map((p) => p.id), other.id];
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`${source}: the id "${twice}" is given twice`);
  const freeText = doc.freeText ?? 'accept';
  if (freeText !== 'accept' && freeText !== 'refuse') throw new Error(`${source}: "freeText" must be "accept" or "refuse"`);
  return { purposes, other: { ...other, minReasonLength: minReasonLength as number }, freeText };
}

export function loadPurposeCatalogue(path: string): PurposeCatalogue {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: cannot read the purpose catalogue: ${(err as Error).message}`);
  }
  return readPurposeCatalogue(doc, path);
}

/** ENLACE_PURPOSES (a file), else the network's default catalogue at `defaultPath`. */
export const purposeCatalogueFromEnv = (env: NodeJS.ProcessEnv, defaultPath: string): PurposeCatalogue =>
  loadPurposeCatalogue(env.ENLACE_PURPOSES?.trim() || defaultPath);

/** Reads a stated purpose against the catalogue (ids exactly; `other:` in any case, spaces around the colon allowed; `other` alone has no reason). */
export function statedPurpose(catalogue: PurposeCatalogue, text: string): StatedPurpose {
  const value = text.trim();
  if (catalogue.purposes.some((p) => p.id === value)) return { kind: 'catalogue', id: value };
  // `other` alone is other without a reason, not free text.
  const other = new RegExp(`^${catalogue.other.id}\\s*(?::(.*))?$`, 'is').exec(value);
  if (other) return { kind: 'other', reason: (other[1] ?? '').trim() };
  return { kind: 'free' };
}

const refused = (why: string) => new HttpError(400, `Header ${PURPOSE_HEADER} ${why}`, 'PURPOSE_NOT_IN_CATALOGUE', { header: PURPOSE_HEADER });

/**
 * Throws 400 PURPOSE_NOT_IN_CATALOGUE unless the purpose is a catalogue id, `other: <reason>` with
 * a reason long enough, or free text where the catalogue accepts it. No purpose is not this check's
 * business: the protocol's rules refuse protected reads without one (PURPOSE_REQUIRED).
 */
export function checkPurpose(catalogue: PurposeCatalogue, purpose: string | null): void {
  if (purpose === null) return;
  const stated = statedPurpose(catalogue, purpose);
  const min = catalogue.other.minReasonLength;
  if (stated.kind === 'other' && stated.reason.length < min) {
    throw refused(`says "${catalogue.other.id}" without a reason: write "${catalogue.other.id}: " and why, at least ${min} characters`);
  }
  if (stated.kind === 'free' && catalogue.freeText === 'refuse') {
    const ids = catalogue.purposes.map((p) => p.id).join(', ');
    throw refused(`must be a purpose of the network's catalogue (${ids}) or "${catalogue.other.id}: " and why`);
  }
}
