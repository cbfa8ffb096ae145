/**
 * What each list filter should find, written out plainly from the schema's
 * descriptions over the seed generator's own output (tests/protocol/oracle.ts),
 * apart from the member's Cypher: a name is words, each the start of a word of a
 * name or alias; the other filters are equalities, list membership and ranges.
 */
import { normaliseDocumentNumber, normaliseText } from '@enlace/store';
import { searchedFields, type CaseFilter, type PersonFilter } from '@enlace/member';
import { grants, knows, type CallerSpec, type World } from '../protocol/oracle';

/** Words as a reader splits a name: lower case, accents dropped, anything but a-z a separator. */
export const wordsOf = (text: string): string[] => normaliseText(text).split(/[^a-z]+/).filter(Boolean);

const given = (v: string | null | undefined): v is string => v !== undefined && v !== null && v !== '';

export function personMatches(world: World, filter: PersonFilter, id: string): boolean {
  const p = world.persons.get(id)!;
  if (given(filter.name)) {
    const asked = wordsOf(filter.name);
    const held = [p.givenNames, p.familyNames, ...p.aliases].flatMap(wordsOf);
    if (!asked.length || !asked.every((w) => held.some((h) => h.startsWith(w)))) return false;
  }
  if (given(filter.documentNumber)) {
    const number = normaliseDocumentNumber(filter.documentNumber);
    if (!world.documents.some((d) => d.personId === id && normaliseDocumentNumber(d.number) === number)) return false;
  }
  if (given(filter.nationality) && !p.nationalities.includes(filter.nationality.toUpperCase())) return false;
  if (given(filter.category) && !world.involvements.some((i) => i.personId === id && i.category === filter.category)) return false;
  return true;
}

export function caseMatches(world: World, filter: CaseFilter, id: string): boolean {
  const c = world.cases.get(id)!;
  if (given(filter.offence) && !c.offences.includes(filter.offence)) return false;
  if (given(filter.status) && c.status !== filter.status) return false;
  if (given(filter.openedFrom) && c.openedOn < filter.openedFrom) return false;
  if (given(filter.openedTo) && c.openedOn > filter.openedTo) return false;
  if (given(filter.place)) {
    const place = normaliseText(filter.place);
    const used = world.caseRoutes.filter((r) => r.caseId === id).map((r) => world.observations.get(r.observationId)!);
    const places = used.flatMap((o) => o.legs.flatMap((l) => [l.from, l.to])).flatMap((pl) => [pl.country, pl.locality ?? '']);
    if (!places.some((x) => x && normaliseText(x) === place)) return false;
  }
  return true;
}

/** Whether the caller may read every field the filter searches (a search never matches on a withheld field). */
function readsSearched(world: World, caller: CallerSpec, kind: 'Person' | 'Case', filter: object, id: string): boolean {
  return searchedFields(kind, filter).every((coordinate) => {
    const [type, field] = coordinate.split('.');
    return grants(world, world.protocol.fields[type][field], caller, { kind, id });
  });
}

/** The ids, in the owner's order, a caller should find with a filter. */
export function expectedPersons(world: World, caller: CallerSpec, filter: PersonFilter): string[] {
  return [...world.persons.values()]
    .filter((p) => personMatches(world, filter, p.id) && knows(world, caller, { kind: 'Person', id: p.id }) && readsSearched(world, caller, 'Person', filter, p.id))
    .sort((a, b) => a.seq - b.seq)
    .map((p) => p.id);
}

export function expectedCases(world: World, caller: CallerSpec, filter: CaseFilter): string[] {
  return [...world.cases.values()]
    .filter((c) => caseMatches(world, filter, c.id) && knows(world, caller, { kind: 'Case', id: c.id }) && readsSearched(world, caller, 'Case', filter, c.id))
    .sort((a, b) => a.seq - b.seq)
    .map((c) => c.id);
}
