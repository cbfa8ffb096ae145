/**
 * One row of an export, mapped and validated with the member's own rules
 * (@enlace/member inputs: the same the mutations apply; an account, a transfer and a
 * route as recordAccount, recordTransfer and recordRouteObservation check them), or the
 * problem that rejects it (the whole row), with its line, column and reason.
 */
import { GraphQLError } from 'graphql';
import {
  caseFields, category, documentFields, importParts, mappedModusOperandi, nationalReference, personFields, type ImportRow as WritableRow, type Problem,
} from '@enlace/member';
import { personKey, ruleName } from './keys';
import { columnOf, keyRules, mappedColumns, type Mapping } from './mapping';
import { rowMapper, type MappedRow } from './mapRow';
import { ValueError } from './readers';
import type { SourceRecord } from './sources';

export type { Problem } from '@enlace/member';

/** A row the member writes (@enlace/member's bulkImport), with what the command reports about it. */
export interface ImportRow extends WritableRow {
  /** The person.key rule that keyed the person (keys.ts), for the report's counts. */
  keyRule: string;
  /** What mapping decided without refusing the row (a default code, a partial date left unknown): warnings. */
  notes: Problem[];
}

export const describe = (p: Problem): string => `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.reason}`;

/** A row validator for this mapping: an ImportRow, or the row's problem. */
export function rowValidator(mapping: Mapping): (source: SourceRecord) => ImportRow | Problem {
  const map = rowMapper(mapping);
  const columns = mappedColumns(mapping);
  const rules = keyRules(mapping);
  const noKey = `no key for the person: ${rules.map(ruleName).join(', then ')} gave none (person.key)`;
  return (source) => {
    if (source.broken) return { line: source.line, column: null, reason: `the row ${source.broken}` };
    let m: MappedRow | undefined;
    try {
      m = map(source.row);
      // The coded modus operandi the mapping maps (an unmapped one is left as the store has it).
      const kase = { ...caseFields(m.case, 'case'), ...mappedModusOperandi(m.case, 'case') };
      const person = personFields(m.person, 'person', { imported: true });
      const documents = documentFields(m.documents, 'person.documents');
      const key = personKey(rules, { nationalId: m.person.nationalId, person, documents, caseReference: kase.reference });
      if (!key) return { line: source.line, column: columnOf(columns, 'person.nationalId'), reason: noKey };
      return {
        line: source.line,
        personRef: nationalReference('person.nationalId', key.key),
        keyRule: key.rule,
        person,
        documents,
        caseRef: kase.reference,
        case: kase,
        category: category('involvement.category', m.category),
        ...importParts(m, 'places'),
        notes: m.notes.map((n) => ({ line: source.line, column: columnOf(columns, n.field), reason: `${n.field} ${n.message}` })),
      };
    } catch (err) {
      if (err instanceof ValueError) return { line: source.line, column: columnOf(columns, err.field), reason: `${err.field} ${err.message}` };
      if (err instanceof GraphQLError && typeof err.extensions.field === 'string') {
        return { line: source.line, column: columnOf(columns, err.extensions.field), reason: withValue(err.message, err.extensions.field, m) };
      }
      throw err;
    }
  };
}

/** A validation message with the value the row gave (`case.status: must be one of … (got "SENTENCED")`). */
function withValue(message: string, field: string, m: MappedRow | undefined): string {
  const [, section, rest] = /^(person\.documents|person|case|involvement|account|transfer|route)\.?(.*)$/.exec(field) ?? [];
  const roots: Record<string, unknown> = { 'person.documents': m?.documents, person: m?.person, case: m?.case, involvement: { category: m?.category }, account: m?.account, transfer: m?.transfer, route: m?.route };
  const root = section ? roots[section] : undefined;
  let value: unknown = root;
  for (const key of (rest ?? '').split(/[.[\]]+/).filter(Boolean)) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (value === null || value === undefined || value === '' || typeof value === 'object') return message;
  const shown = String(value).length > 80 ? `${String(value).slice(0, 80)}…` : String(value);
  return `${message} (got "${shown}")`;
}

export const isProblem = (r: ImportRow | Problem): r is Problem => 'reason' in r;
