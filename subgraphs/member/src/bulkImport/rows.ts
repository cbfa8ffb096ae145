/**
 * The rows a bulk import writes: one row of a national export, already mapped and
 * validated (by the import command's rows.ts), naming a person, a case and the
 * person's part in it, and, when the export has them, the person's account, a
 * transfer and a route observation of the case (rowParts.ts). The member checks every row again with the same input
 * functions (inputs.ts) when the rows come over its operator path: a body is
 * never trusted.
 */
import { hash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { caseFields, category, documentFields, nationalReference, personFields, type CaseFields, type DocumentFields, type PersonFields } from '../inputs';
import { MODUS_OPERANDI_FIELDS, modusOperandiFields, type ModusOperandi } from '../modusOperandi';
import { importParts, type ImportParts } from './rowParts';

export interface ImportRow extends Partial<ImportParts> {
  /** The line of the export it came from (reports name it). */
  line: number;
  personRef: string;
  person: PersonFields;
  documents: DocumentFields[];
  caseRef: string;
  case: CaseFields & Partial<ModusOperandi>;
  category: string;
}

/** A row rejected, or a warning about one: its line, its column (when known) and why. */
export interface Problem {
  line: number;
  column: string | null;
  reason: string;
}

/** A row that fails the checks: which line and why (the operator path answers it as a bad request). */
export class RowRejected extends Error {
  constructor(readonly line: number | null, reason: string) {
    super(`${line === null ? 'a row' : `the row of line ${line}`}: ${reason}`);
  }
}

type Input = Record<string, unknown>;
const isObject = (v: unknown): v is Input => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The coded modus operandi a row maps (an unmapped dimension is absent, so the store keeps its
 * value); each value checked against its vocabulary.
 */
export function mappedModusOperandi(mapped: Input, at = 'case'): Partial<ModusOperandi> {
  const checked = modusOperandiFields(mapped, at);
  return Object.fromEntries(MODUS_OPERANDI_FIELDS.filter((f) => mapped[f] !== undefined).map((f) => [f, checked[f]]));
}

/**
 * A row as received, checked with the mutations' own rules and rebuilt from what they return
 * (nothing else of the body is kept). A row the import command built passes unchanged.
 */
export function checkedRow(raw: unknown): ImportRow {
  if (!isObject(raw)) throw new RowRejected(null, 'is not an object');
  const line = raw.line;
  if (typeof line !== 'number' || !Number.isSafeInteger(line) || line < 1) throw new RowRejected(null, '`line` must be a positive whole number');
  try {
    if (!isObject(raw.person)) throw new RowRejected(line, 'person: must be an object');
    if (!isObject(raw.case)) throw new RowRejected(line, 'case: must be an object');
    if (raw.documents !== undefined && raw.documents !== null && !(Array.isArray(raw.documents) && raw.documents.every(isObject))) {
      throw new RowRejected(line, 'documents: must be a list of objects');
    }
    const kase = { ...caseFields(raw.case, 'case'), ...mappedModusOperandi(raw.case) };
    const caseRef = nationalReference('caseRef', raw.caseRef);
    // The import keys a case by its reference: one given apart from it would write a record under another key.
    if (caseRef !== kase.reference) throw new RowRejected(line, 'caseRef: must be the case\'s reference');
    return {
      line,
      personRef: nationalReference('personRef', raw.personRef),
      person: personFields(raw.person, 'person', { imported: true }),
      documents: documentFields(raw.documents ?? [], 'documents'),
      caseRef,
      case: kase,
      category: category('category', raw.category),
      ...importParts(raw),
    };
  } catch (err) {
    if (err instanceof GraphQLError) throw new RowRejected(line, err.message);
    throw err;
  }
}

/** What an import writes to a record, hashed: the same data gives the same hash, so a re-import can tell that nothing changed. */
export function contentHash(value: unknown): string {
  // One-shot crypto.hash (Node ≥ 20.12): the same digest as createHash, without a Hash object per row.
  return hash('sha256', JSON.stringify(value), 'base64url').slice(0, 22);
}

// Each row's hashes are computed once (a row is compared several times): by `hashRow` as the row is
// read, so that this work overlaps the store's writing of the batch before, not its own transaction.
const hashes = new WeakMap<ImportRow, { person: string; case: string }>();
export const hashRow = (r: ImportRow): void => void hashesOf(r);
const hashesOf = (r: ImportRow) =>
  hashes.get(r) ?? hashes.set(r, { person: contentHash({ person: r.person, documents: r.documents }), case: contentHash(r.case) }).get(r)!;
export const personHash = (r: ImportRow): string => hashesOf(r).person;
export const caseHash = (r: ImportRow): string => hashesOf(r).case;
