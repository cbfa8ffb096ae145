/**
 * The import command's exit status, so that scripts notice rejected rows: 0 for a clean import,
 * EXIT_REJECTED_ROWS when a row was rejected (the valid rows are still imported), dry run alike.
 * Runs the built command (scripts/dist/import.js) on a few rows of the sample export.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

function importFile(name: string, lines: string[], ...extra: string[]) {
  const file = join(dir, name);
  writeFileSync(file, [HEADER, ...lines].join('\n'));
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'dist', 'import.js'), '--country', 'AR', '--file', file,
    '--mapping', join(EXAMPLES, 'mapeo-ar.json'), '--data-dir', join(dir, 'data'), ...extra], { encoding: 'utf8', env: { ...process.env, STORE: 'kuzu' } });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

test('a clean import exits 0', () => {
  const { status, out, err } = importFile('clean.csv', LINES.slice(0, 5));
  expect(err).not.toMatch(/failed/);
  expect(out).toMatch(/5 rows read, 5 valid, 0 rejected/);
  expect(status).toBe(0);
});

test('a rejected row makes the import, and its dry run, exit with EXIT_REJECTED_ROWS; the valid rows are imported', () => {
  expect(BAD_LINE).toContain('31/02/1985');
  const dry = importFile('bad.csv', [...LINES.slice(5, 8), BAD_LINE], '--dry-run');
  expect(dry.out).toMatch(/rejected: line 5, column fecha_nacimiento/);
  expect(dry.status).toBe(EXIT_REJECTED_ROWS);
  const real = importFile('bad.csv', [...LINES.slice(5, 8), BAD_LINE]);
  expect(real.out).toMatch(/4 rows read, 3 valid, 1 rejected/);
  expect(real.status).toBe(EXIT_REJECTED_ROWS);
  expect(EXIT_REJECTED_ROWS).not.toBe(0);
});
