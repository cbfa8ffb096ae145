/** Minimal `--name value` flag parsing for the project's scripts, with one-line errors. */
export interface FlagSpec {
  default: string;
  pattern: RegExp;
  hint: string;
}

export function parseFlags<K extends string>(argv: string[], specs: Record<K, FlagSpec>, usage?: string): Record<K, string> {
  const values = Object.fromEntries(Object.entries<FlagSpec>(specs).map(([k, s]) => [k, s.default])) as Record<K, string>;
  const fail = (message: string): never => {
    console.error(`${message}\nflags: ${Object.entries<FlagSpec>(specs).map(([k, s]) => `--${k} (${s.hint})`).join(', ')}${usage ? `\n${usage}` : ''}`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '') as K;
    if (!argv[i].startsWith('--') || !(name in specs)) fail(`unknown argument "${argv[i]}"`);
    const value = argv[++i];
    if (value === undefined || !specs[name].pattern.test(value)) fail(`--${name} needs ${specs[name].hint}`);
    values[name] = value;
  }
  return values;
}
