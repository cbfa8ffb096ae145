/**
 * Precision and recall of hit/no-hit by name (issue 22) on a generated set with its ground
 * truth: persons drawn from the seed's name pools (the region's common names, so namesakes are
 * frequent), and for a sample of them a name as another country's clerk would write it. A query
 * finds the persons that share one of its keys (nameKeys.ts); it should find its own person
 * and no other. Printed per key set, so that what each key adds is measured, not claimed.
 *
 *   node scripts/dist/bench/nameKeys.js [--persons 50000] [--queries 5000] [--seed 7] [--out scripts/bench/results/name-keys.md]
 */
import { writeFileSync } from 'node:fs';
import { nameTokens, phonetic, queryKeys, recordKeys, type NameForKeys, type NameKeyKind } from '@enlace/platform';
import { namePool } from '../seed/catalogue';
import { Random } from '../seed/random';
import { parseFlags } from '../flags';

const flags = parseFlags(process.argv.slice(2), {
  persons: { default: '50000', pattern: /^\d+$/, hint: 'persons in the set' },
  queries: { default: '5000', pattern: /^\d+$/, hint: 'variant queries' },
  seed: { default: '7', pattern: /^\d+$/, hint: 'the generator seed' },
  out: { default: '', pattern: /^.*$/, hint: 'a Markdown file for the results' },
});

const NATIONALITIES = ['AR', 'BO', 'PE', 'CO', 'VE', 'PY', 'MX', 'GT', 'DO', 'CL', 'EC', 'BR', 'HT'];

interface Person extends NameForKeys {
  id: number;
  dateOfBirth: string | null;
}

function generatePersons(n: number, rng: Random): Person[] {
  const persons: Person[] = [];
  for (let id = 0; id < n; id++) {
    const pool = namePool(rng.pick(NATIONALITIES));
    const sex = rng.chance(0.5) ? 'MALE' : 'FEMALE';
    const givenNames = rng.pick(sex === 'MALE' ? pool.male : pool.female);
    const count = pool.familyCount(() => rng.next());
    const familyNames = Array.from({ length: count }, () => rng.pick(pool.family)).join(' ');
    const birthYear = rng.int(1950, 2008);
    const dateOfBirth = rng.chance(0.85) ? `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : null;
    persons.push({ id, givenNames, familyNames, birthYear, sex: rng.chance(0.03) ? null : sex, dateOfBirth });
  }
  return persons;
}

/** Spellings clerks use for one sound, applied to a word at random. */
const RESPELLINGS: Array<[RegExp, string]> = [
  [/^Jhon$/, 'John'], [/^John$/, 'Jhon'], [/^Brayan$/, 'Bryan'], [/^Wilmer$/, 'Vilmer'], [/^Jazmín$/, 'Yasmín'],
  [/^Yesenia$/, 'Jesenia'], [/^Katherine$/, 'Katerine'], [/^Yuliana$/, 'Juliana'], [/^Kevin$/, 'Kevin'],
  [/z$/, 's'], [/s$/, 'z'], [/V/, 'B'], [/v/, 'b'], [/^H/, ''], [/ll/, 'y'], [/ñ/, 'n'], [/ç/, 'c'],
  [/Qu/, 'K'], [/qu/, 'k'], [/^Ji/, 'Xi'], [/ph/, 'f'], [/th/, 't'], [/ss/, 's'], [/i$/, 'y'],
];

const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

interface Query {
  of: number;
  name: NameForKeys;
  how: string[];
}

/** One person's name as another file writes it: a few changes, each of a kind noted. */
function variantOf(p: Person, rng: Random): Query {
  let given = p.givenNames;
  let family = p.familyNames;
  const how: string[] = [];
  if (rng.chance(0.5)) { given = stripAccents(given); family = stripAccents(family); how.push('accents'); }
  if (rng.chance(0.4)) { family = family.toUpperCase(); how.push('case'); }
  if (rng.chance(0.35)) {
    const respell = (w: string) => {
      const options = RESPELLINGS.filter(([re]) => re.test(w));
      return options.length ? w.replace(...rng.pick(options)) : w;
    };
    const before = `${given} ${family}`;
    given = given.split(' ').map(respell).join(' ');
    family = family.split(' ').map(respell).join(' ');
    if (`${given} ${family}` !== before) how.push('spelling');
  }
  const familyWords = family.split(' ');
  if (familyWords.length > 1 && rng.chance(0.2)) { family = familyWords[0]; how.push('second family name left out'); }
  else if (familyWords.length > 1 && rng.chance(0.1)) { family = familyWords[familyWords.length - 1]; how.push('first family name left out'); }
  const givenWords = given.split(' ');
  if (givenWords.length > 1 && rng.chance(0.3)) { given = givenWords[0]; how.push('second given name left out'); }
  // Family and given names given in the wrong fields (a name written "QUISPE MAMANI Jhon" read in order).
  if (rng.chance(0.15)) { [given, family] = [family, given]; how.push('fields swapped'); }
  return { of: p.id, name: { givenNames: given, familyNames: family, birthYear: p.birthYear, dateOfBirth: rng.chance(0.5) ? p.dateOfBirth : null, sex: rng.chance(0.2) ? null : p.sex }, how: how.length ? how : ['as written'] };
}

interface Result {
  kinds: NameKeyKind[];
  recall: number;
  precision: number;
  /** Of the other persons found, those a name, year and sex cannot tell apart from the person asked for. */
  namesakes: number;
  others: number;
  perChange: Map<string, { found: number; of: number }>;
}

const sameName = (a: Person, b: Person) =>
  a.birthYear === b.birthYear && a.sex === b.sex && nameTokens(`${a.givenNames} ${a.familyNames}`).map(phonetic).sort().join(' ') === nameTokens(`${b.givenNames} ${b.familyNames}`).map(phonetic).sort().join(' ');

function measure(persons: Person[], queries: Query[], kinds: NameKeyKind[]): Result {
  const index = new Map<string, number[]>();
  for (const p of persons) for (const k of recordKeys(p, kinds)) (index.get(k) ?? index.set(k, []).get(k)!).push(p.id);
  let found = 0;
  let others = 0;
  let namesakes = 0;
  const perChange = new Map<string, { found: number; of: number }>();
  for (const q of queries) {
    const hits = new Set<number>();
    for (const k of queryKeys(q.name, kinds)) for (const id of index.get(k) ?? []) hits.add(id);
    const ok = hits.has(q.of);
    if (ok) found++;
    for (const id of hits) {
      if (id === q.of) continue;
      others++;
      if (sameName(persons[id], persons[q.of])) namesakes++;
    }
    for (const h of q.how) {
      const c = perChange.get(h) ?? { found: 0, of: 0 };
      c.of++;
      if (ok) c.found++;
      perChange.set(h, c);
    }
  }
  return { kinds, recall: found / queries.length, precision: found / Math.max(1, found + others), namesakes, others, perChange };
}

function main(): void {
  const rng = new Random(Number(flags.seed));
  const persons = generatePersons(Number(flags.persons), rng);
  const queries = Array.from({ length: Number(flags.queries) }, () => variantOf(rng.pick(persons), rng));
  const sets: NameKeyKind[][] = [['T'], ['T', 'P'], ['T', 'P', 'N'], ['P', 'N']];
  const results = sets.map((kinds) => measure(persons, queries, kinds));
  const every = sets[2];
  const byBirth = [
    ['the whole date', queries.filter((q) => q.name.dateOfBirth)],
    ['the year alone', queries.filter((q) => !q.name.dateOfBirth)],
  ] as const;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    '# Hit/no-hit by name: precision and recall of the match keys',
    '',
    `Generated by \`node scripts/dist/bench/nameKeys.js --persons ${flags.persons} --queries ${flags.queries} --seed ${flags.seed}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `${Number(flags.persons).toLocaleString('en')} persons drawn from the seed's name pools of ${NATIONALITIES.length} nationalities (the region's common names: namesakes are frequent), born 1950–2008, 3% of unknown sex;`,
    `${Number(flags.queries).toLocaleString('en')} queries, each one person's name as another file writes it (accents dropped, family names in capitals, respelled, a second name left out, given and family names swapped; the sex left out in one in five), with the year of birth.`,
    'Recall: the share of queries that find their person. Precision: of all persons found, the share that are the person asked for.',
    'Namesakes: other persons found whose names sound the same, born the same year, of the same sex: no name search can tell them apart; a hit only says whom to ask.',
    '',
    '| Keys | Recall | Precision | Other persons found | of them namesakes |',
    '|---|---|---|---|---|',
    ...results.map((r) => `| ${r.kinds.join(' + ')} | ${pct(r.recall)} | ${pct(r.precision)} | ${r.others.toLocaleString('en')} | ${r.namesakes.toLocaleString('en')} |`),
    '',
    `With every key (${every.join(' + ')}), by what the question gives of the birth (a record keys N with both where it has the date):`,
    '',
    '| Question gives | Queries | Recall | Precision | Other persons found | of them namesakes |',
    '|---|---|---|---|---|---|',
    ...byBirth.map(([label, qs]) => {
      const r = measure(persons, qs, every);
      return `| ${label} | ${qs.length.toLocaleString('en')} | ${pct(r.recall)} | ${pct(r.precision)} | ${r.others.toLocaleString('en')} | ${r.namesakes.toLocaleString('en')} |`;
    }),
    '',
    'Recall by change (a query can have several), per key set:',
    '',
    '| Change | Queries | ' + results.map((r) => r.kinds.join('+')).join(' | ') + ' |',
    '|---|---|' + results.map(() => '---|').join(''),
    ...[...results[2].perChange.keys()].sort().map((h) => {
      const of = results[0].perChange.get(h)?.of ?? 0;
      return `| ${h} | ${of.toLocaleString('en')} | ` + results.map((r) => { const c = r.perChange.get(h); return c ? pct(c.found / c.of) : '–'; }).join(' | ') + ' |';
    }),
  ];
  const text = lines.join('\n') + '\n';
  process.stdout.write(text);
  if (flags.out) writeFileSync(flags.out, text);
}

main();
