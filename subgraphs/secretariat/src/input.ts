/** Validation shared by the agreement flows: every problem is BAD_USER_INPUT naming the field, before anything is written. */
import { badInput, isIdOfKind, ownerOf, type IdKind } from '@enlace/platform';
import * as repo from './repository';
import { SECRETARIAT_CODE } from './storeSchema';

const KIND_EXAMPLE: Partial<Record<IdKind, string>> = { C: 'a case', P: 'a person record' };

/** The id of a member's record of this kind. */
export function memberRecordId(field: string, value: unknown, kind: 'C' | 'P'): string {
  if (!isIdOfKind(value, kind) || ownerOf(value) === SECRETARIAT_CODE) throw badInput(field, `must be the id of ${KIND_EXAMPLE[kind]} of a member state`);
  return String(value);
}

/** Case ids a member attaches: its own cases only, each once. */
export function ownCaseIds(field: string, values: readonly unknown[] | null | undefined, country: string): string[] {
  const ids = (values ?? []).map((v, i) => {
    const id = memberRecordId(`${field}[${i}]`, v, 'C');
    if (ownerOf(id) !== country) throw badInput(`${field}[${i}]`, `must be a case of your own member state (${country}): each member attaches only its own cases`);
    return id;
  });
  return [...new Set(ids)];
}

/** Refuses countries that are not in the member directory (read in the write's transaction). */
export async function requireMembers(tx: repo.Runner, field: string, countries: readonly string[]): Promise<void> {
  const members = new Set((await repo.listMemberStates(tx)).map((m) => m.country));
  countries.forEach((c, i) => {
    if (!members.has(c)) throw badInput(`${field}[${i}]`, `${c} is not a member state of the network`);
  });
}

export function criteriaOf(field: string, values: readonly string[] | null | undefined): string[] {
  const criteria = [...new Set(values ?? [])];
  if (!criteria.length) throw badInput(field, 'must name at least one criterion that matched');
  criteria.forEach((c, i) => {
    if (!(repo.LINK_CRITERIA as readonly string[]).includes(c)) throw badInput(`${field}[${i}]`, `must be one of ${repo.LINK_CRITERIA.join(', ')}`);
  });
  return criteria;
}
