/**
 * The kit's files on bad input: one-line refusals that say what to do, never a private key in an
 * entry, never a stack trace. (tests/kit/kit.test.ts runs the kit's network.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEntry } from '@enlace/scripts/kit/entries';
import { readEnvFile, writeEnvFile } from '@enlace/scripts/kit/envFile';
import { initKit } from '@enlace/scripts/kit/init';
import { KitError } from '@enlace/scripts/kit/kitError';
import { addIssuer, addMember } from '@enlace/scripts/kit/trust';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-kit-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, value: unknown) => {
  writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  return join(dir, name);
};

test('enlace.env: values are written as systemd and Compose read them, and read back the same', () => {
  const file = join(dir, 'a.env');
  const settings = new Map([['PORT', '4101'], ['ENLACE_TRUSTED_ISSUERS', '[{"issuer":"x","countries":["AR"]}]'], ['MEMBER_CONTACT_POINT', 'Fiscalía — Unidad TIP']]);
  writeEnvFile(file, settings, ['header']);
  expect(readFileSync(file, 'utf8')).toContain(`ENLACE_TRUSTED_ISSUERS='[{"issuer":"x","countries":["AR"]}]'`);
  expect(readEnvFile(file)).toEqual(settings);
  expect(() => writeEnvFile(file, new Map([['X', "it's"]]), [])).toThrow(KitError);
  expect(() => readEnvFile(write('bad.env', 'PORT 4101\n'))).toThrow(/line 1: expected NAME=value/);
});

test('an entry carrying a private key is refused, and so is an entry of the wrong kind', () => {
  const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };
  const leaked = write('leaked.json', { kind: 'gateway', url: 'http://127.0.0.1:4000/graphql', jwks: { keys: [{ ...jwk, d: 'secret' }] } });
  expect(() => readEntry(leaked, 'gateway')).toThrow(/holds a private or secret key/);
  const gateway = write('gateway.json', { kind: 'gateway', url: 'http://127.0.0.1:4000/graphql', jwks: { keys: [jwk] } });
  expect(readEntry(gateway, 'gateway').url).toBe('http://127.0.0.1:4000/graphql');
  expect(() => readEntry(gateway, 'member')).toThrow(/is a gateway entry, not a member entry/);
});

test('trust refuses an issuer bound to a country the process does not know, and a member\'s own entry', async () => {
  const ar = await initKit({ kind: 'member', dir: join(dir, 'ar'), port: 4101, host: '127.0.0.1', country: 'AR' });
  const issuer = write('idp.json', { kind: 'issuer', issuer: 'https://idp.example', jwks: 'https://idp.example/jwks.json', countries: ['CO'], roles: ['prosecutor'] });
  expect(() => addIssuer(ar.paths.dir, issuer)).toThrow(/bound to CO, which this member does not know/);
  expect(() => addMember(ar.paths.dir, ar.paths.entry)).toThrow(/this member's own entry/);
  await expect(initKit({ kind: 'member', dir: join(dir, 'ar'), port: 4101, host: '127.0.0.1', country: 'AR' })).rejects.toThrow(/already holds a kit/);
});

test('an OpenID Connect provider\'s entry carries its claim mapping and audience into the trust settings, and a bad mapping is refused', async () => {
  const ar = await initKit({ kind: 'member', dir: join(dir, 'ar-oidc'), port: 4102, host: '127.0.0.1', country: 'AR' });
  const claims = { country: { value: 'AR' }, roles: { claim: 'realm_access.roles', values: { 'enlace-prosecutor': 'prosecutor' } } };
  const entry = { kind: 'issuer', issuer: 'https://idp.fiscales.example/realms/enlace', jwks: 'https://idp.fiscales.example/certs', countries: ['AR'], roles: ['prosecutor'] };
  expect(addIssuer(ar.paths.dir, write('oidc.json', { ...entry, claims, audience: 'api://enlace' }))).toMatch(/claims mapped/);
  const trusted = JSON.parse(readEnvFile(join(ar.paths.dir, 'enlace.env')).get('ENLACE_TRUSTED_ISSUERS')!);
  const { kind: _kind, ...binding } = entry;
  expect(trusted).toContainEqual({ ...binding, claims, audience: 'api://enlace' });
  const serviceMapped = { ...claims, roles: { claim: 'roles', values: { svc: 'service' } } };
  expect(() => addIssuer(ar.paths.dir, write('oidc-bad.json', { ...entry, claims: serviceMapped }))).toThrow(/cannot map to the service role/);
});
