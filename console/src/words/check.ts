/**
 * The words the console's build requires (vite.config.ts runs this and fails on any
 * problem; tests/unit/console/words.test.ts runs it too): every value of each enum the
 * console shows, as the SDL has it, with words in every language; every rule of the
 * sharing protocol (both sections of schema/protocol/v<N>.json) with its title in
 * every language; every operation the console sends with words for the audit views.
 * Pure: the caller reads the files.
 */
import { LANGS } from '../lang.ts';
import { ENUM_WORDS } from './enums.ts';
import { OPERATION_WORDS } from './operations.ts';

type WordTable = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** `enum Name { … }` blocks of an SDL, value names in order (descriptions and comments left out). */
export function sdlEnums(sdl: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const withoutText = sdl.replace(/"""[\s\S]*?"""/g, '').replace(/"(?:[^"\\\n]|\\.)*"/g, '').replace(/#[^\n]*/g, '');
  for (const m of withoutText.matchAll(/\benum\s+(\w+)\s*(?:@[^{]*)?\{([^}]*)\}/g)) {
    found.set(m[1], m[2].split(/[\s,]+/).filter((v) => /^[A-Za-z_]\w*$/.test(v)));
  }
  return found;
}

export interface ProtocolRules {
  rules: Record<string, { title?: unknown }>;
  secretariat?: { rules: Record<string, { title?: unknown }> };
}

const missingLangs = (words: Readonly<Record<string, unknown>> | undefined): string[] =>
  LANGS.filter((l) => typeof words?.[l] !== 'string' || !(words[l] as string).trim());

export interface CheckInput {
  sdls: readonly string[];
  protocol: ProtocolRules;
  /** The console's source files' texts, for the operation names they send. */
  sources: readonly string[];
  /** The tables to check (the console's own by default; a test gives doctored ones). */
  enumWords?: Readonly<Record<string, WordTable>>;
  operationWords?: WordTable;
}

export function missingWords(input: CheckInput): string[] {
  const problems: string[] = [];
  const enumWords: Readonly<Record<string, WordTable>> = input.enumWords ?? ENUM_WORDS;
  const operationWords: WordTable = input.operationWords ?? OPERATION_WORDS;
  const enums = new Map<string, Set<string>>();
  for (const sdl of input.sdls) for (const [name, values] of sdlEnums(sdl)) enums.set(name, new Set([...(enums.get(name) ?? []), ...values]));

  for (const [name, table] of Object.entries(enumWords)) {
    const values = enums.get(name);
    if (!values) {
      problems.push(`enum ${name}: not in the schema`);
      continue;
    }
    for (const value of values) {
      if (!table[value]) problems.push(`enum ${name}.${value}: no words`);
      else for (const l of missingLangs(table[value])) problems.push(`enum ${name}.${value}: no words in ${l}`);
    }
    for (const value of Object.keys(table)) if (!values.has(value)) problems.push(`enum ${name}.${value}: words for a value the schema does not have`);
  }

  const sections: Array<[string, Record<string, { title?: unknown }>]> = [['protocol', input.protocol.rules], ['protocol secretariat', input.protocol.secretariat?.rules ?? {}]];
  for (const [where, rules] of sections) {
    for (const [name, rule] of Object.entries(rules)) {
      const title = rule.title as Readonly<Record<string, unknown>> | undefined;
      if (!title || typeof title !== 'object') problems.push(`${where} rule ${name}: no title`);
      else for (const l of missingLangs(title)) problems.push(`${where} rule ${name}: no title in ${l}`);
    }
  }

  // The console names a rule by its name alone: one in both sections must read the same.
  for (const [name, rule] of Object.entries(input.protocol.secretariat?.rules ?? {})) {
    const member = input.protocol.rules[name];
    if (member && JSON.stringify(member.title) !== JSON.stringify(rule.title)) problems.push(`protocol rule ${name}: a different title in each section`);
  }

  const operations = new Set(input.sources.flatMap((text) => [...text.matchAll(/\b(?:query|mutation)\s+([A-Z]\w*)\s*[({]/g)].map((m) => m[1])));
  for (const name of operations) {
    if (!operationWords[name]) problems.push(`operation ${name}: no words for the audit views`);
    else for (const l of missingLangs(operationWords[name])) problems.push(`operation ${name}: no words in ${l}`);
  }
  return problems;
}
