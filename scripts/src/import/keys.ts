/**
 * A person's key in an export: what a re-import matches the person on. Case
 * systems do not give every person a national id or a document, so a mapping
 * lists rules tried in order (`person.key`), the first that gives a key wins:
 *
 * - "nationalId": the mapped national id, as it is (the default, alone);
 * - "document": the person's first identity document, `DOC:<type>:<country>:<number>`
 *   with the number in capitals and digits only;
 * - { "composite": [fields] }: several of familyNames, givenNames, dateOfBirth, sex and
 *   case.reference, all present, compared without case or accents, hashed (`NAME:<hash>`).
 *   A composite with case.reference keys a person per case: the same person in two
 *   cases is then two records, which the owner may merge later; say so to the users.
 *
 * The dry run counts the rows keyed by each rule.
 */
import { hash } from 'node:crypto';
import { normaliseDocumentNumber, normaliseText } from '@enlace/store';

export type KeyRule = 'nationalId' | 'document' | { composite: string[] };
export const COMPOSITE_PARTS = ['familyNames', 'givenNames', 'dateOfBirth', 'sex', 'case.reference'];
/** The longest key the store takes (a national reference). */
const MAX_KEY = 60;

export interface KeySource {
  nationalId: unknown;
  person: Record<string, unknown>;
  documents: ReadonlyArray<{ type: string; number: string; issuingCountry: string }>;
  caseReference: unknown;
}

/** What is wrong with a rule of `person.key`, if anything. */
export function checkKeyRule(rule: unknown): string | undefined {
  if (rule === 'nationalId' || rule === 'document') return undefined;
  const parts = (rule as { composite?: unknown })?.composite;
  if (!Array.isArray(parts) || !parts.length) return `${JSON.stringify(rule)} is not a key rule ("nationalId", "document" or { "composite": [fields] })`;
  const unknown = parts.filter((p) => !COMPOSITE_PARTS.includes(String(p)));
  if (unknown.length) return `composite part(s) ${unknown.join(', ')} unknown (known: ${COMPOSITE_PARTS.join(', ')})`;
  return undefined;
}

/** A rule's name in reports: nationalId, document, or composite(familyNames+dateOfBirth). */
export const ruleName = (rule: KeyRule): string => (typeof rule === 'string' ? rule : `composite(${rule.composite.join('+')})`);

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/** The key the first applicable rule gives, with the rule's name; null when none applies. */
export function personKey(rules: readonly KeyRule[], source: KeySource): { key: string; rule: string } | null {
  for (const rule of rules) {
    const key = keyBy(rule, source);
    if (key) return { key, rule: ruleName(rule) };
  }
  return null;
}

function keyBy(rule: KeyRule, s: KeySource): string | null {
  if (rule === 'nationalId') return text(s.nationalId) || null;
  if (rule === 'document') {
    const d = s.documents[0];
    if (!d) return null;
    const key = `DOC:${d.type}:${d.issuingCountry}:${normaliseDocumentNumber(d.number)}`;
    return key.length <= MAX_KEY ? key : `DOC:${digest(key)}`;
  }
  const parts = rule.composite.map((p) => normaliseText(text(p === 'case.reference' ? s.caseReference : s.person[p])));
  if (parts.some((p) => !p)) return null;
  return `NAME:${digest(parts.join('|'))}`;
}

const digest = (s: string) => hash('sha256', s, 'base64url').slice(0, 22);
