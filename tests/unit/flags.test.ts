/** The scripts' flags: util.parseArgs plus each flag's value check, and what a script does with a bad command line. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFlags, type FlagSpec } from '@enlace/scripts/flags';

const SPECS: Record<'countries' | 'scale' | 'data-dir' | 'fresh', FlagSpec> = {
  countries: { default: 'AR,CO,PE', pattern: /^[A-Z]{2}(,[A-Z]{2})*$/, hint: 'member country codes, like AR,CO,PE', check: (v) => (v.includes('XS') ? 'XS is not a member' : undefined) },
  scale: { default: '200', pattern: /^[1-9]\d*$/, hint: 'persons per member' },
  'data-dir': { default: 'data', pattern: /^.+$/, hint: 'where the stores live' },
  fresh: { default: 'no', hint: 'start from empty stores' },
};
const USAGE = 'usage: node scripts/dist/x.js [--scale N]';
const read = (...argv: string[]) => readFlags(argv, SPECS, USAGE);
const errorOf = (...argv: string[]) => {
  const outcome = read(...argv);
  if (!('error' in outcome)) throw new Error(`no error for ${argv.join(' ')}`);
  return outcome.error;
};

test('no flags: the defaults', () => {
  expect(read()).toEqual({ values: { countries: 'AR,CO,PE', scale: '200', 'data-dir': 'data', fresh: 'no' } });
});

test('--name value, --name=value and a switch', () => {
  expect(read('--scale', '5000', '--data-dir=/tmp/d', '--fresh')).toEqual({
    values: { countries: 'AR,CO,PE', scale: '5000', 'data-dir': '/tmp/d', fresh: 'yes' },
  });
});

test('a value that does not fit, or fails its check, is an error naming the flag', () => {
  expect(errorOf('--scale', 'many')).toBe('--scale needs persons per member');
  expect(errorOf('--scale=')).toBe('--scale needs persons per member');
  expect(errorOf('--countries', 'AR,XS')).toBe('--countries: XS is not a member');
});

test('unknown flags, stray arguments, missing values and values given to a switch are errors', () => {
  expect(errorOf('--bogus')).toMatch(/Unknown option '--bogus'/);
  expect(errorOf('--scale', '10', 'extra')).toMatch(/Unexpected argument 'extra'/);
  expect(errorOf('--scale')).toMatch(/'--scale <value>' argument missing/);
  expect(errorOf('--fresh=yes')).toMatch(/'--fresh' does not take an argument/);
  expect(errorOf('--scale', '-5')).toMatch(/'--scale' argument is ambiguous/);
});

test('an error comes with the help text, and --help or -h asks for it', () => {
  const help = 'flags: --countries (member country codes, like AR,CO,PE), --scale (persons per member), --data-dir (where the stores live), --fresh (start from empty stores)\n' + USAGE;
  expect(read('--bogus')).toEqual({ error: expect.any(String), help });
  expect(read('--help')).toEqual({ help });
  expect(read('--scale', '3', '-h')).toEqual({ help });
});

describe('a script run with a bad command line (the built scripts)', () => {
  const script = join(__dirname, '..', '..', 'scripts', 'dist', 'token.js');
  const run = (...argv: string[]) => {
    if (!existsSync(script)) throw new Error(`${script} is missing: build first (npm run build)`);
    return spawnSync(process.execPath, [script, ...argv], { encoding: 'utf8' });
  };

  test('an unknown flag: exit code 2, the error and the usage on stderr, nothing on stdout', () => {
    const result = run('--country', 'AR', '--bogus');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('usage: node scripts/dist/token.js');
  });

  test('--help: exit code 0, the flags on stdout', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--country (');
    expect(result.stdout).toContain('usage: node scripts/dist/token.js');
  });
});
