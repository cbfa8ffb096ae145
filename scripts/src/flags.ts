/** Minimal flag parsing for the project's scripts, with one-line errors (exit 2) and `--help`. */
export interface FlagSpec {
  default: string;
  /** What a value must look like; a switch (no value) has none. */
  pattern?: RegExp;
  hint: string;
  /** A further check on a value that matched: the error message, or nothing when it is fine. */
  check?: (value: string) => string | undefined;
}

/**
 * Parses `--name value` and `--name=value`; a flag without a pattern is a switch
 * (`--fresh`), whose value is 'yes' when given and its default otherwise.
 */
export function parseFlags<K extends string>(argv: string[], specs: Record<K, FlagSpec>, usage?: string): Record<K, string> {
  const values = Object.fromEntries(Object.entries<FlagSpec>(specs).map(([k, s]) => [k, s.default])) as Record<K, string>;
  const help = `flags: ${Object.entries<FlagSpec>(specs).map(([k, s]) => `--${k} (${s.hint})`).join(', ')}${usage ? `\n${usage}` : ''}`;
  const fail = (message: string): never => {
    console.error(`${message}\n${help}`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      console.log(help);
      process.exit(0);
    }
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(argv[i]);
    const name = m?.[1] as K | undefined;
    if (!m || !name || !(name in specs)) return fail(`unknown argument "${argv[i]}"`);
    const spec = specs[name];
    if (!spec.pattern) {
      if (m[2] !== undefined) fail(`--${name} takes no value`);
      values[name] = 'yes';
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || !spec.pattern.test(value)) fail(`--${name} needs ${spec.hint}`);
    const problem = spec.check?.(value);
    if (problem) fail(`--${name}: ${problem}`);
    values[name] = value;
  }
  return values;
}
