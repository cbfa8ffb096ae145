/**
 * Name search. Names and aliases are kept as words (lower case, accents removed,
 * anything but a-z a separator), and a search finds the persons with, for every
 * word asked, a name or alias word starting with it: "quisp" and "Quíspe" find
 * Quispe, "juan quispe" finds Juan Carlos Quispe Mamani. The name index
 * (nameIndex.ts) answers that, where a substring match scans every person.
 */
import { normaliseText } from '@enlace/store';
import type { PersonRecord } from './records';

/** The words of a text as the index holds them. */
export function searchWords(text: string): string[] {
  return normaliseText(text).split(/[^a-z]+/).filter(Boolean);
}

/** What is indexed for a person: the distinct words of the names and aliases, space-separated. */
export function personSearchText(p: Pick<PersonRecord, 'givenNames' | 'familyNames' | 'aliases'>): string {
  return [...new Set([p.givenNames, p.familyNames, ...p.aliases].flatMap(searchWords))].join(' ');
}

/**
 * The same match without the index, as a condition on a person's indexed text (every word asked
 * starts one of its words): for a page read from a table's first rows (repository.ts). Values go
 * into `params`, named after `param`.
 */
export function searchTextCondition(variable: string, words: readonly string[], params: Record<string, unknown>, param = 'nameWord'): string {
  return words.map((w, i) => {
    params[`${param}${i}`] = w;
    params[`${param}${i}s`] = ` ${w}`;
    return `(${variable}.searchText STARTS WITH $${param}${i} OR ${variable}.searchText CONTAINS $${param}${i}s)`;
  }).join(' AND ');
}
