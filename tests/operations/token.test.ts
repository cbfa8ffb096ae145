/**
 * `npm run token` as the README uses it, `export TOKEN=$(npm run -s token -- …)`:
 * what it prints on stdout is the token alone, whatever the build before it says
 * (turbo's banner and summary go to stderr).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';

const ROOT = resolve(__dirname, '..', '..');
let keys: string;
beforeAll(() => {
  keys = mkdtempSync(join(tmpdir(), 'enlace-token-keys-'));
});
afterAll(() => rmSync(keys, { recursive: true, force: true }));

test('npm run -s token prints the token alone on stdout', async () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { stdout, stderr } = await promisify(execFile)(npm, ['run', '-s', 'token', '--', '--country', 'CO', '--role', 'prosecutor', '--keys-dir', keys], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ENLACE_COUNTRIES: 'AR,CO,PE' }, timeout: 120_000,
  });
  expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  expect(decodeJwt(stdout.trim())).toMatchObject({ country: 'CO', roles: ['prosecutor'] });
  // The build still says what it did, where a person running it sees it.
  expect(stderr).toMatch(/Tasks:/);
}, 120_000);
