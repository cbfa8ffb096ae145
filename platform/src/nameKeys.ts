/**
 * Match keys of a person's name for hit/no-hit by name (issue 22): a few normalised keys per
 * person, each with the year of birth and the sex, so that one name written in different
 * countries' ways gives at least one key in common, and different persons seldom do. The keys,
 * never the name, are what a hit/no-hit question carries (pseudonymised: pseudonyms.ts).
 *
 * What each key forgives (figures: scripts/bench/results/name-keys.md):
 * - `T` sorted tokens: case, accents, punctuation, the order of given and family names, and
 *   particles ("de la Cruz");
 * - `P` sorted phonetic tokens: also spellings of one sound across Spanish and Portuguese
 *   (Jhon/John/Jon, Hernández/Ernandes, Vásquez/Basques, Gonçalves/Gonsalves);
 * - `N` name pairs, phonetic, in either order: the first given name with the first family
 *   name, and with the last: also a second given or family name left out on one side (the
 *   last is the main family name in Portuguese and Brazilian files), and given and family
 *   names written in each other's fields. The weakest key: namesakes share it most often.
 * A sex left unknown on a record keys it as both: an unknown cannot rule a person out.
 */

export type NameKeyKind = 'T' | 'P' | 'N';
export const NAME_KEY_KINDS: readonly NameKeyKind[] = ['T', 'P', 'N'];

export interface NameForKeys {
  /** Empty with `familyNames` holding every word when the split is not known (see writtenName): then no N keys. */
  givenNames: string;
  familyNames: string;
  /** The year of birth (from a whole date or a year alone); keys need one. */
  birthYear: number;
  /** The whole date of birth (YYYY-MM-DD) where known: the weakest keys (N) are made with it too. */
  dateOfBirth?: string | null;
  /** 'MALE' | 'FEMALE'; anything else (unknown, other) keys as both. */
  sex?: string | null;
}

/** Words that join family names rather than name anyone: "de la Cruz", "dos Santos". */
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'da', 'das', 'do', 'dos', 'e', 'y', 'i', 'van', 'von', 'der', 'di', 'du', 'le', 'mc']);

/** Lower case, accents and punctuation gone, particles dropped (unless a name is nothing else). */
export function nameTokens(text: string): string[] {
  const plain = text
    .replace(/[çÇ]/g, 's') // before the accents go: ç is an s, a bare c before a, o or u is a k
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  const words = plain ? plain.split(' ') : [];
  const kept = words.filter((w) => !PARTICLES.has(w));
  return kept.length ? kept : words;
}

/** Spellings of one sound made one: a small rule set for Spanish and Portuguese names as clerks write them. */
export function phonetic(token: string): string {
  let s = token
    .replace(/x/g, 'j') // as in Ximénez and Jiménez; first, so that the x written below for ch and sh stays apart from j
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/(sh|ch)/g, 'x')
    .replace(/lh/g, 'y')
    .replace(/nh/g, 'n')
    .replace(/ll/g, 'y')
    .replace(/gu(?=[ei])/g, 'g')
    .replace(/qu/g, 'k')
    .replace(/c(?=[ei])/g, 's')
    .replace(/g(?=[ei])/g, 'j')
    .replace(/c/g, 'k')
    .replace(/z/g, 's')
    .replace(/h/g, '')
    .replace(/v/g, 'b')
    .replace(/w/g, 'u')
    .replace(/y(?=[aeiou])/g, 'j') // a consonant y, as clerks write Yesenia and Jesenia, Yasmín and Jazmín
    .replace(/y/g, 'i'); // a vowel y
  s = s.replace(/(.)\1+/g, '$1'); // double letters
  return s;
}

const sexesOf = (sex: string | null | undefined): string[] => (sex === 'MALE' ? ['M'] : sex === 'FEMALE' ? ['F'] : ['M', 'F']);

/**
 * A record's match keys (each `kind:text|born|sex`): T and P with the year of birth; N with the
 * year, and with the whole date where the record has one. None when the name has fewer than two
 * words or the year is unknown.
 */
export function recordKeys(name: NameForKeys, kinds: readonly NameKeyKind[] = NAME_KEY_KINDS): string[] {
  return keysOf(name, kinds, name.dateOfBirth ? [String(name.birthYear), name.dateOfBirth] : [String(name.birthYear)]);
}

/**
 * A question's match keys: T and P with the year; N with the whole date when the question gives
 * one (far fewer namesakes share a date than a year), else with the year.
 */
export function queryKeys(name: NameForKeys, kinds: readonly NameKeyKind[] = NAME_KEY_KINDS): string[] {
  return keysOf(name, kinds, [name.dateOfBirth ?? String(name.birthYear)]);
}

function keysOf(name: NameForKeys, kinds: readonly NameKeyKind[], pairBorn: readonly string[]): string[] {
  const given = nameTokens(name.givenNames);
  const family = nameTokens(name.familyNames);
  const all = [...given, ...family];
  if (all.length < 2 || !Number.isInteger(name.birthYear)) return []; // one word and a year name too many people
  const split = given.length > 0 && family.length > 0;
  const texts: Array<[NameKeyKind, string, readonly string[]]> = [];
  const year = [String(name.birthYear)];
  for (const kind of kinds) {
    if (kind === 'T') texts.push([kind, [...all].sort().join(' '), year]);
    if (kind === 'P') texts.push([kind, all.map(phonetic).sort().join(' '), year]);
    if (kind === 'N' && split) {
      for (const f of new Set([family[0], family[family.length - 1]])) texts.push([kind, [phonetic(given[0]), phonetic(f)].sort().join(' '), pairBorn]);
    }
  }
  const keys = new Set<string>();
  for (const sex of sexesOf(name.sex)) for (const [kind, text, borns] of texts) for (const born of borns) keys.add(`${kind}:${text}|${born}|${sex}`);
  return [...keys];
}

/**
 * A name as one line of text, split as files write it: "Family, Given"; or family names in
 * capitals beside a given name that is not ("QUISPE MAMANI Jhon"). Otherwise the split is not
 * known: every word goes to `familyNames` and only the keys that need no split (T, P) are made.
 */
export function writtenName(text: string): { givenNames: string; familyNames: string } {
  const comma = text.indexOf(',');
  if (comma > 0) return { familyNames: text.slice(0, comma).trim(), givenNames: text.slice(comma + 1).trim() };
  const words = text.trim().split(/\s+/).filter(Boolean);
  const capital = (w: string) => w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase();
  const family = words.filter(capital);
  if (family.length && family.length < words.length) return { familyNames: family.join(' '), givenNames: words.filter((w) => !capital(w)).join(' ') };
  return { givenNames: '', familyNames: words.join(' ') };
}
