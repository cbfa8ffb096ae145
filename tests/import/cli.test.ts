/**
 * The import command: its exit status, so that scripts notice rejected rows (0 for a clean import,
 * EXIT_REJECTED_ROWS when a row was rejected, the valid rows still imported, dry run alike); a dry
 * run that leaves no file behind and changes no byte of a store; a country that is not a member
 * refused before anything is made. Runs the built command (scripts/dist/import.js) on a few rows
 * of the sample export.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXIT_REJECTED_ROWS } from '@enlace/scripts/import';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'scripts', 'import-examples');
const [HEADER, ...LINES] = readFileSync(join(EXAMPLES, 'causas-ar.csv'), 'utf8').split('\n');
const BAD_LINE = LINES[1499]; // line 1501 of the file: a 31st of February

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-import-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run { country?: string; dataDir?: string; env?: Record<string, string> }

/** Runs the import of these lines of the sample (AR into <dir>/data unless told), on Kùzu, with no ENLACE_COUNTRIES unless given. */
function importFile(name: string, lines: string[], ...extra: Array<string | Run>) {
  const run = (extra.find((e) => typeof e === 'object') ?? {}) as Run;
  const file = join(dir, name);
  writeFileSync(file, [HEADER, ...lines].join('\n'));
  const env: Record<string, string | undefined> = { ...process.env, STORE: 'kuzu', ...run.env };
  if (!run.env?.ENLACE_COUNTRIES) delete env.ENLACE_COUNTRIES;
  delete env.KUZU_PATH;
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'dist', 'import.js'), '--country', run.country ?? 'AR', '--file', file,
    '--mapping', join(EXAMPLES, 'mapeo-ar.json'), '--data-dir', run.dataDir ?? join(dir, 'data'), ...extra.filter((e) => typeof e === 'string')], { encoding: 'utf8', env });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

/** Every file and folder under `root`, each with its size, time and digest: equal snapshots, nothing touched. */
function snapshot(root: string): string[] {
  if (!existsSync(root)) return ['(none)'];
  const entries: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        entries.push(`${relative(root, path)}/`);
        walk(path);
      } else entries.push(`${relative(root, path)} ${stat.size} ${stat.mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(root);
  return entries;
}

/** The summary's counts, without "would be": a dry run's and an import's compare equal. */
const counts = (out: string) => out.split('\n').filter((l) => /^(persons|cases|involvements):|identity documents/.test(l)).map((l) => l.replace(/ would be/g, ''));

test('a clean import exits 0', () => {
  const { status, out, err } = importFile('clean.csv', LINES.slice(0, 5));
  expect(err).not.toMatch(/failed/);
  expect(out).toMatch(/5 rows read, 5 valid, 0 rejected/);
  expect(status).toBe(0);
});

test('a rejected row makes the import, and its dry run, exit with EXIT_REJECTED_ROWS; the valid rows are imported', () => {
  expect(BAD_LINE).toContain('31/02/1985');
  const dry = importFile('bad.csv', [...LINES.slice(5, 8), BAD_LINE], '--dry-run');
  // Grouped by reason, with a sample line giving the line, column and value.
  expect(dry.out).toMatch(/rejected 1 row for 1 reason:\n {2}1 row: column fecha_nacimiento: person\.dateOfBirth must be a date .*\(got "31\/02\/1985"\)\n {4}line 5, column fecha_nacimiento: "31\/02\/1985"/);
  expect(dry.status).toBe(EXIT_REJECTED_ROWS);
  const real = importFile('bad.csv', [...LINES.slice(5, 8), BAD_LINE]);
  expect(real.out).toMatch(/4 rows read, 3 valid, 1 rejected/);
  expect(real.status).toBe(EXIT_REJECTED_ROWS);
  expect(EXIT_REJECTED_ROWS).not.toBe(0);
});

test('a dry run on a fresh data folder leaves it exactly as it was, and counts what the import then creates', () => {
  const fresh = join(dir, 'fresh');
  mkdirSync(fresh);
  const before = snapshot(fresh);
  const dry = importFile('fresh.csv', LINES.slice(0, 8), '--dry-run', { dataDir: fresh });
  expect(dry.err).toMatch(/no store at .* yet: every record would be new \(none is created\)/);
  expect(dry.status).toBe(0);
  expect(snapshot(fresh)).toEqual(before);
  // A data folder that does not exist is not made either.
  const absent = importFile('fresh.csv', LINES.slice(0, 8), '--dry-run', { dataDir: join(dir, 'absent') });
  expect(absent.status).toBe(0);
  expect(existsSync(join(dir, 'absent'))).toBe(false);
  // The records as they would be stored, and the counts the real import then reports.
  expect(dry.out).toMatch(/as they would be stored .*\n {2}person AR-P-\d+ \(new\): \{"country":"AR","givenNames":/);
  expect(dry.out).toMatch(/\n {2}case FIS-AR-\d{4}-\d+ \(new\): \{"country":"AR","reference":"FIS-AR-/);
  expect(dry.out).toMatch(/dry run: nothing was written/);
  const real = importFile('fresh.csv', LINES.slice(0, 8), { dataDir: fresh });
  expect(real.status).toBe(0);
  expect(counts(real.out)).toEqual(counts(dry.out));
  expect(counts(real.out)[0]).toMatch(/^persons: [1-9]\d* created, 0 updated, 0 unchanged$/);
});

test('a dry run against a store reads it read-only: right counts, not a byte of it changed', () => {
  const data = join(dir, 'stored');
  expect(importFile('first.csv', LINES.slice(0, 5), { dataDir: data }).status).toBe(0);
  const before = snapshot(data);
  const dry = importFile('more.csv', LINES.slice(0, 12), '--dry-run', { dataDir: data });
  expect(dry.err).not.toMatch(/failed|no store/);
  expect(dry.status).toBe(0);
  expect(snapshot(data)).toEqual(before);
  const real = importFile('more.csv', LINES.slice(0, 12), { dataDir: data });
  expect(counts(real.out)).toEqual(counts(dry.out));
  expect(counts(dry.out)[0]).toMatch(/^persons: \d+ created, 0 updated, [1-9]\d* unchanged$/);
});

describe('only a member of the network is imported', () => {
  test('with no store yet, npm start\'s default members: AR is taken, BR refused with the list (exit 2) and nothing made', () => {
    const fresh = join(dir, 'members-fresh');
    const br = importFile('br.csv', LINES.slice(0, 3), { country: 'BR', dataDir: fresh });
    expect(br.status).toBe(2);
    expect(br.out).toBe('');
    expect(br.err).toMatch(/^import: BR is not a member of this network \(members: AR, CO, PE, from npm start's default\); a new member is added with npm start -- --countries AR,CO,PE,BR\n$/);
    expect(existsSync(fresh)).toBe(false);
    expect(importFile('br.csv', LINES.slice(0, 3), '--dry-run', { country: 'AR', dataDir: fresh }).status).toBe(0);
  });

  test('with stores, the countries that have one: CO refused where only AR has a store, also as a dry run', () => {
    const data = join(dir, 'stored'); // AR's store, from the test before
    const before = snapshot(data);
    for (const dry of [[], ['--dry-run']]) {
      const co = importFile('co.csv', LINES.slice(0, 3), ...dry, { country: 'CO', dataDir: data });
      expect(co.status).toBe(2);
      expect(co.err).toContain('CO is not a member of this network (members: AR, from the stores in');
    }
    expect(snapshot(data)).toEqual(before);
    expect(existsSync(join(data, 'co'))).toBe(false);
  });

  test('ENLACE_COUNTRIES, when set, says who the members are', () => {
    const data = join(dir, 'stored');
    expect(importFile('br.csv', LINES.slice(0, 3), '--dry-run', { country: 'BR', dataDir: data, env: { ENLACE_COUNTRIES: 'AR,BR' } }).status).toBe(0);
    const pe = importFile('pe.csv', LINES.slice(0, 3), '--dry-run', { country: 'PE', dataDir: data, env: { ENLACE_COUNTRIES: 'AR,BR' } });
    expect(pe.status).toBe(2);
    expect(pe.err).toContain('PE is not a member of this network (members: AR, BR, from ENLACE_COUNTRIES); a new member is added with npm start -- --countries AR,BR,PE and in ENLACE_COUNTRIES');
    expect(existsSync(join(data, 'br'))).toBe(false);
  });
});
