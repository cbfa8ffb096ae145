/**
 * Flag parsing for the project's scripts on Node's `util.parseArgs`, with each
 * flag's own value check, one-line errors (exit 2, with the usage) and `--help`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface FlagSpec {
  default: string;
  /** What a value must look like; a switch (no value) has none. */
  pattern?: RegExp;
  hint: string;
  /** A further check on a value that matched: the error message, or nothing when it is fine. */
  check?: (value: string) => string | undefined;
}

/** What a command line asks for: the flags' values, the help text, or an error (with the help text to show beside it). */
export type FlagOutcome<K extends string> = { values: Record<K, string> } | { help: string } | { error: string; help: string };

/**
 * Reads `--name value` and `--name=value`; a flag without a pattern is a switch
 * (`--fresh`), whose value is 'yes' when given and its default otherwise.
 * `--help` or `-h` anywhere asks for the help text.
 */
export function readFlags<K extends string>(argv: string[], specs: Record<K, FlagSpec>, usage?: string): FlagOutcome<K> {
  const entries = Object.entries<FlagSpec>(specs) as Array<[K, FlagSpec]>;
  const help = `flags: ${entries.map(([k, s]) => `--${k} (${s.hint})`).join(', ')}${usage ? `\n${usage}` : ''}`;
  if (argv.includes('--help') || argv.includes('-h')) return { help };
  const options: ParseArgsConfig['options'] = Object.fromEntries(entries.map(([k, s]) => [k, { type: s.pattern ? 'string' : 'boolean' }]));
  let parsed: Record<string, string | boolean | undefined>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as typeof parsed;
  } catch (err) {
    // parseArgs' own messages name the flag: "Unknown option '--x'", "Option '--scale <value>' argument missing".
    return { error: (err as Error).message.replace(/\n/g, ' '), help };
  }
  const values = {} as Record<K, string>;
  for (const [name, spec] of entries) {
    const given = parsed[name];
    if (given === undefined) values[name] = spec.default;
    else if (typeof given === 'boolean') values[name] = 'yes';
    else if (!spec.pattern?.test(given)) return { error: `--${name} needs ${spec.hint}`, help };
    else {
      const problem = spec.check?.(given);
      if (problem) return { error: `--${name}: ${problem}`, help };
      values[name] = given;
    }
  }
  return { values };
}

/** `readFlags` for a script's `main`: prints the help and exits 0, or prints the error and the help and exits 2. */
export function parseFlags<K extends string>(argv: string[], specs: Record<K, FlagSpec>, usage?: string): Record<K, string> {
  const outcome = readFlags(argv, specs, usage);
  if ('values' in outcome) return outcome.values;
  if ('error' in outcome) {
    console.error(`${outcome.error}\n${outcome.help}`);
    process.exit(2);
  }
  console.log(outcome.help);
  process.exit(0);
}
