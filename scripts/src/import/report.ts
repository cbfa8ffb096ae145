/**
 * What an import, or its dry run, shows besides its counts: the rejected rows grouped by reason,
 * with a few sample lines each (an export rejected by the thousand for one date format reads as
 * one reason, not a thousand lines), and a dry run's first records as they would be stored.
 * Pure: lines for the command to print.
 */
import type { CaseRecord, PersonRecord, PlannedObservation, PlannedRecords } from '@enlace/member';
import type { Problem } from './rows';
import { fmt } from '../seed/progress';

/** Sample lines shown per reason (fewer when --show asks for fewer). */
export const SAMPLES_PER_REASON = 3;
/** Records of each kind a dry run shows. */
export const PREVIEW_RECORDS = 3;

/**
 * What varies from row to row within one reason: quoted values (`got "31/02/1985"`) and numbers
 * (a list's index, a broken row's count of fields, a parser's position).
 */
const VARYING = /"[^"]*"|\d+/g;
const tokensOf = (reason: string): string[] => reason.match(VARYING) ?? [];
const masked = (token: string): string => (token.startsWith('"') ? '"…"' : '…');

/** The reason with its values masked: the rows of one reason share it (with the column). */
export const reasonKey = (reason: string): string => reason.replace(VARYING, masked);

export interface ProblemGroup {
  column: string | null;
  /** The reason, its values masked where they differ within the group (kept where all its rows agree, e.g. a list of accepted values). */
  reason: string;
  count: number;
  /** The first few rows, each with its own values. */
  samples: Array<{ line: number; column: string | null; value: string | null }>;
}

/** The problems grouped by column and reason key, the largest group first (then the earliest). */
export function groupProblems(problems: readonly Problem[], samples = SAMPLES_PER_REASON): ProblemGroup[] {
  const groups = new Map<string, { first: Problem; shared: Array<string | null>; count: number; samples: Problem[] }>();
  for (const p of problems) {
    const key = `${p.column ?? ''}\u0000${reasonKey(p.reason)}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { first: p, shared: tokensOf(p.reason), count: 1, samples: samples > 0 ? [p] : [] });
      continue;
    }
    group.count++;
    if (group.samples.length < samples) group.samples.push(p);
    const tokens = tokensOf(p.reason);
    group.shared.forEach((t, i) => { if (t !== null && t !== tokens[i]) group.shared[i] = null; });
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.first.line - b.first.line)
    .map((g) => {
      let i = 0;
      const reason = g.first.reason.replace(VARYING, (token) => (g.shared[i++] === null ? masked(token) : token));
      return { column: g.first.column, reason, count: g.count, samples: g.samples.map((p) => ({ line: p.line, column: p.column, value: sampleValue(p, g.shared, reason) })) };
    });
}

/**
 * A sample's value: its quoted values the group masks; when the group masks none (its rows agree), its
 * first quoted value (the offending one, as the reasons put it); without any, its own reason when that
 * differs from the group's (a masked number), else nothing.
 */
function sampleValue(p: Problem, shared: ReadonlyArray<string | null>, groupReason: string): string | null {
  const quoted = tokensOf(p.reason).map((t, i) => ({ t, masked: shared[i] === null })).filter(({ t }) => t.startsWith('"'));
  const masked = quoted.filter((q) => q.masked).map((q) => q.t);
  if (masked.length) return masked.join(', ');
  if (quoted.length && !shared.includes(null)) return quoted[0].t;
  return p.reason === groupReason ? null : p.reason;
}

/** The rejected rows as lines: at most `show` reasons, each with its count and up to `show` (at most three) samples. */
export const rejectionLines = (problems: readonly Problem[], show: number): string[] => groupedLines('rejected', problems, show);

/** The warnings (a default code taken, a partial date left unknown, a later row differing) grouped the same way. */
export const warningLines = (warnings: readonly Problem[], show: number): string[] => groupedLines('warnings on', warnings, show);

function groupedLines(heading: string, problems: readonly Problem[], show: number): string[] {
  if (!problems.length) return [];
  const groups = groupProblems(problems, Math.min(SAMPLES_PER_REASON, show));
  const lines = [`${heading} ${rows(problems.length)} for ${fmt(groups.length)} ${groups.length === 1 ? 'reason' : 'reasons'}:`];
  for (const g of groups.slice(0, show)) {
    lines.push(`  ${rows(g.count)}: ${g.column ? `column ${g.column}: ` : ''}${g.reason}`);
    for (const s of g.samples) lines.push(`    line ${s.line}${s.column ? `, column ${s.column}` : ''}${s.value ? `: ${s.value}` : ''}`);
    if (g.count > g.samples.length && g.samples.length) lines.push(`    … and ${fmt(g.count - g.samples.length)} more`);
  }
  const hidden = groups.slice(show);
  if (hidden.length) lines.push(`  … and ${fmt(hidden.length)} more ${hidden.length === 1 ? 'reason' : 'reasons'} (${rows(hidden.reduce((n, g) => n + g.count, 0))}; --show more)`);
  return lines;
}

const rows = (n: number) => `${fmt(n)} ${n === 1 ? 'row' : 'rows'}`;

export type { PlannedRecords } from '@enlace/member';

/**
 * A dry run's first persons, cases, accounts, transfers and route observations to be written, each
 * a line: its national reference (an account by its identifier, a transfer and an observation by
 * their case's file number), whether it is new or an update, and its fields as the store would hold
 * them. Left out: the id and local number (given when written), flags an import does not set, and
 * empty fields.
 */
export class RecordPreview {
  readonly persons: string[] = [];
  readonly cases: string[] = [];
  readonly accounts: string[] = [];
  readonly transfers: string[] = [];
  readonly observations: string[] = [];

  constructor(private readonly limit = PREVIEW_RECORDS) {}

  add(plan: PlannedRecords): void {
    const references = new Map([...plan.newReferences, ...plan.changedReferences].map((r) => [r.record, r.key.slice(2)]));
    const take = <T extends { id: string }>(into: string[], records: readonly T[], kind: string, status: string, fields: (r: T) => object) => {
      for (const r of records) {
        if (into.length >= this.limit) return;
        into.push(`${kind} ${references.get(r.id) ?? r.id} (${status}): ${readable(fields(r))}`);
      }
    };
    const person = ({ id, seq: _seq, flaggedForPartners: _flagged, ...fields }: PersonRecord) =>
      ({ ...fields, documents: plan.documents.filter((d) => d.personId === id).map(({ id: _id, personId: _p, ...d }) => d) });
    const kase = ({ id: _id, seq: _seq, ...fields }: CaseRecord) => fields;
    take(this.persons, plan.newPersons, 'person', 'new', person);
    take(this.persons, plan.updatedPersons, 'person', 'update', person);
    take(this.cases, plan.newCases, 'case', 'new', kase);
    take(this.cases, plan.updatedCases, 'case', 'update', kase);
    const more = (into: string[], lines: string[]) => into.push(...lines.slice(0, this.limit - into.length));
    more(this.accounts, plan.accounts.map((a) => `account ${a.account.identifierType} ${a.account.identifier} (${a.status}): ${readable({ ...a.account, holder: a.holder })}`));
    more(this.transfers, plan.transfers.map((t) => `transfer in case ${t.caseRef} (${t.status}): ${readable({ ...t.transfer, from: t.from ?? 'cash or unknown', to: t.to ?? 'cash or unknown' })}`));
    more(this.observations, plan.observations.map((o) => `route observation ${o.observation.routeCode} of case ${o.caseRef} (${o.status}): ${readable(observationFields(o.observation))}`));
  }

  lines(): string[] {
    const all = [...this.persons, ...this.cases, ...this.accounts, ...this.transfers, ...this.observations];
    if (!all.length) return ['nothing would be created or updated'];
    return [`as they would be stored (the first ${this.limit} of each kind to write; ids are given when written):`, ...all.map((l) => `  ${l}`)];
  }
}

/** An observation as a reader follows it: its places in order, each leg's mode once when they share it. */
function observationFields({ routeCode: _code, legs, ...fields }: PlannedObservation['observation']): object {
  const places = legs.length ? [legs[0].from, ...legs.map((l) => l.to)].map((p) => (p.locality ? `${p.locality} (${p.country})` : p.country)) : [];
  const modes = [...new Set(legs.map((l) => l.mode))];
  // An import's legs all take the route's transport: said once.
  return { places: places.join(' → '), ...(modes.length === 1 && modes[0] === fields.transport ? {} : { modes }), ...fields };
}

/** JSON without empty fields, long texts cut: one readable line. */
function readable(fields: object): string {
  return JSON.stringify(fields, function (this: unknown, _key: string, value: unknown) {
    if (!Array.isArray(this) && (value === null || value === '' || (Array.isArray(value) && !value.length))) return undefined;
    return typeof value === 'string' && value.length > 60 ? `${value.slice(0, 59)}…` : value;
  });
}
