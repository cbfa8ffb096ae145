/**
 * One row of an export, mapped and validated with the member's own rules
 * (@enlace/member inputs: the same the mutations apply), or the problem that
 * rejects it, with its line, column and reason.
 */
import { hash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import {
  caseFields, category, documentFields, MODUS_OPERANDI_FIELDS, modusOperandiFields, nationalReference, personFields, type CaseFields, type DocumentFields, type ModusOperandi, type PersonFields,
} from '@enlace/member';
import { columnOf, mappedColumns, rowMapper, ValueError, type Mapping } from './mapping';
import type { SourceRecord } from './sources';

export interface ImportRow {
  line: number;
  personRef: string;
  person: PersonFields;
  documents: DocumentFields[];
  caseRef: string;
  case: CaseFields & Partial<ModusOperandi>;
  category: string;
}

export interface Problem {
  line: number;
  column: string | null;
  reason: string;
}

export const describe = (p: Problem): string => `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.reason}`;

/** A row validator for this mapping: an ImportRow, or the row's problem. */
export function rowValidator(mapping: Mapping): (source: SourceRecord) => ImportRow | Problem {
  const map = rowMapper(mapping);
  const columns = mappedColumns(mapping);
  return (source) => {
    if (source.broken) return { line: source.line, column: null, reason: `the row ${source.broken}` };
    try {
      const m = map(source.row);
      // The coded modus operandi the mapping maps (an unmapped one is left as the store has it).
      const kase = { ...caseFields(m.case, 'case'), ...mappedModusOperandi(m.case) };
      return {
        line: source.line,
        personRef: nationalReference('person.nationalId', m.person.nationalId),
        person: personFields(m.person, 'person'),
        documents: documentFields(m.documents, 'person.documents'),
        caseRef: kase.reference,
        case: kase,
        category: category('involvement.category', m.category),
      };
    } catch (err) {
      if (err instanceof ValueError) return { line: source.line, column: columnOf(columns, err.field), reason: `${err.field} ${err.message}` };
      if (err instanceof GraphQLError && typeof err.extensions.field === 'string') {
        return { line: source.line, column: columnOf(columns, err.extensions.field), reason: err.message };
      }
      throw err;
    }
  };
}

function mappedModusOperandi(mapped: Record<string, unknown>): Partial<ModusOperandi> {
  const checked = modusOperandiFields(mapped, 'case');
  return Object.fromEntries(MODUS_OPERANDI_FIELDS.filter((f) => mapped[f] !== undefined).map((f) => [f, checked[f]]));
}

export const isProblem = (r: ImportRow | Problem): r is Problem => 'reason' in r;

/** What an import writes to a record, hashed: the same data gives the same hash, so a re-import can tell that nothing changed. */
export function contentHash(value: unknown): string {
  // One-shot crypto.hash (Node ≥ 20.12): the same digest as createHash, without a Hash object per row.
  return hash('sha256', JSON.stringify(value), 'base64url').slice(0, 22);
}
