/**
 * A kit directory's `enlace.env`: the very settings the process reads from its environment
 * (README, "Configuration"), one `NAME=value` a line. Values that need it are single-quoted,
 * literally, which is also how systemd's `EnvironmentFile=` and Compose's `env_file:` read them,
 * so the file means the same to all three. Written 0600: it names key files and may hold secrets
 * (a Neo4j password, a metrics token).
 */
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { KitError } from './kitError';

export type Settings = Map<string, string>;

const NAME = /^[A-Z][A-Z0-9_]*$/;
const BARE = /^[A-Za-z0-9_./:,=@+%-]*$/;

/** Reads the settings; comments and blank lines are dropped, a malformed line is an error naming it. */
export function readEnvFile(path: string): Settings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KitError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): is this a directory made by \`kit init\`?`);
  }
  const settings: Settings = new Map();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq) : '';
    if (!NAME.test(name)) throw new KitError(`${path}, line ${i + 1}: expected NAME=value, got "${line.slice(0, 40)}"`);
    let value = line.slice(eq + 1);
    if (value.startsWith("'")) {
      if (value.length < 2 || !value.endsWith("'") || value.slice(1, -1).includes("'")) throw new KitError(`${path}, line ${i + 1}: a quoted value must be one '…' without quotes inside`);
      value = value.slice(1, -1);
    }
    settings.set(name, value);
  });
  return settings;
}

function quoted(name: string, value: string): string {
  if (value.includes("'") || /[\n\r]/.test(value)) throw new KitError(`${name}: a value cannot hold a single quote or a line break`);
  return BARE.test(value) ? value : `'${value}'`;
}

/** Writes the settings under a header comment, atomically (a crash leaves the old file or the new one), mode 0600. */
export function writeEnvFile(path: string, settings: Settings, header: string[]): void {
  const lines = [...header.map((h) => `# ${h}`), ''];
  for (const [name, value] of settings) {
    if (!NAME.test(name)) throw new KitError(`"${name}" is not a setting name`);
    lines.push(`${name}=${quoted(name, value)}`);
  }
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** The header comment of an existing file, so that a rewrite keeps it. */
export function readHeader(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('#')) break;
    header.push(line.replace(/^# ?/, ''));
  }
  return header;
}
