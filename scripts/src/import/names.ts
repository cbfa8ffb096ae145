/**
 * Names as case systems write them: often one column, "APELLIDO APELLIDO, Nombre"
 * or "Nombre APELLIDO", and often in capitals. A mapping's `person.name` splits
 * such a column into family and given names by a pattern, and names are shown in
 * a readable case ("QUISPE MAMANI" → "Quispe Mamani", "DE LA CRUZ" → "de la Cruz").
 */

/** How one column holds a whole name. */
export type NamePattern = 'FAMILY, GIVEN' | 'GIVEN FAMILY' | 'FAMILY GIVEN';
export const NAME_PATTERNS: readonly NamePattern[] = ['FAMILY, GIVEN', 'GIVEN FAMILY', 'FAMILY GIVEN'];

export interface SplitName {
  familyNames: string;
  givenNames: string;
}

/** Words that stay lower case inside a name (Spanish and Portuguese particles). */
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'e', 'da', 'das', 'do', 'dos', 'di', 'van', 'von']);

const isUpper = (word: string) => word === word.toUpperCase() && word !== word.toLowerCase();
const words = (s: string) => s.split(/\s+/).filter(Boolean);

/**
 * Splits a whole name. With a comma pattern, at the first comma (none: all of it is
 * family names). Without one, the family names are the words written in capitals
 * where the cell mixes case ("Jhon QUISPE MAMANI"); in a cell of one case, the
 * last (or first) `familyWords` words.
 */
export function splitName(whole: string, pattern: NamePattern, familyWords = 2): SplitName {
  if (pattern === 'FAMILY, GIVEN') {
    const comma = whole.indexOf(',');
    if (comma === -1) return { familyNames: whole.trim(), givenNames: '' };
    return { familyNames: whole.slice(0, comma).trim(), givenNames: whole.slice(comma + 1).replace(/,/g, ' ').trim() };
  }
  const w = words(whole);
  const familyFirst = pattern === 'FAMILY GIVEN';
  const mixed = w.some(isUpper) && w.some((x) => !isUpper(x));
  let n: number;
  if (mixed) {
    n = 0;
    const ordered = familyFirst ? w : [...w].reverse();
    while (n < ordered.length && (isUpper(ordered[n]) || PARTICLES.has(ordered[n].toLowerCase()))) n++;
  } else n = Math.min(familyWords, Math.max(w.length - 1, 1));
  const family = familyFirst ? w.slice(0, n) : w.slice(w.length - n);
  const given = familyFirst ? w.slice(n) : w.slice(0, w.length - n);
  return { familyNames: family.join(' '), givenNames: given.join(' ') };
}

/** A name in a readable case: each word capitalised (also after - and '), particles lower case except first. */
export function displayCase(name: string): string {
  return words(name)
    .map((word, i) => {
      const lower = word.toLocaleLowerCase('es');
      if (i > 0 && PARTICLES.has(lower)) return lower;
      return lower.replace(/(^|[-'’])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toLocaleUpperCase('es'));
    })
    .join(' ');
}

/** Only a name written all in capitals or all in lower case is recased: "McDonald" or "da Silva" as typed stay so. */
export function readableName(name: string): string {
  return name === name.toUpperCase() || name === name.toLowerCase() ? displayCase(name) : name;
}
