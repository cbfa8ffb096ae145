/**
 * Which countries are the local network's members (scripts/src/members.ts), and `npm run token`
 * (the built scripts/dist/token.js) refusing any other country than those, XS and the partner.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MEMBERS, networkMembers, notAMember } from '@enlace/scripts/members';

let dir: string;
let stores: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-members-'));
  // A data folder as npm start leaves it: member stores, the secretariat's, and a folder without a store.
  stores = join(dir, 'data');
  for (const cc of ['ar', 'co']) {
    mkdirSync(join(stores, cc), { recursive: true });
    writeFileSync(join(stores, cc, 'member.kuzu'), '');
  }
  mkdirSync(join(stores, 'secretariat'));
  writeFileSync(join(stores, 'secretariat', 'secretariat.kuzu'), '');
  mkdirSync(join(stores, 'bo'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the countries with a store in the data folder; ENLACE_COUNTRIES first; npm start\'s default without stores or on Neo4j', () => {
  expect(networkMembers(stores, {})).toEqual({ countries: ['AR', 'CO'], source: `the stores in ${stores}` });
  expect(networkMembers(stores, { ENLACE_COUNTRIES: 'pe, AR,PE' })).toEqual({ countries: ['PE', 'AR'], source: 'ENLACE_COUNTRIES' });
  expect(networkMembers(join(dir, 'none'), {})).toEqual({ countries: DEFAULT_MEMBERS, source: "npm start's default" });
  expect(networkMembers(stores, { STORE: 'neo4j' })).toEqual({ countries: ['AR', 'CO', 'PE'], source: "npm start's default" });
  expect(networkMembers(stores, { STORE: 'neo4j', ENLACE_COUNTRIES: 'BO' }).countries).toEqual(['BO']);
});

test('the refusal lists the members and says how one is added', () => {
  expect(notAMember('BR', { countries: ['AR', 'CO', 'PE'], source: "npm start's default" }))
    .toBe("BR is not a member of this network (members: AR, CO, PE, from npm start's default); a new member is added with npm start -- --countries AR,CO,PE,BR");
});

describe('npm run token', () => {
  const script = join(__dirname, '..', '..', 'scripts', 'dist', 'token.js');
  const token = (country: string, keys: string, env: Record<string, string> = {}) => {
    if (!existsSync(script)) throw new Error(`${script} is missing: build first (npm run build)`);
    const base: Record<string, string | undefined> = { ...process.env, STORE: 'kuzu', ...env };
    if (!env.ENLACE_COUNTRIES) delete base.ENLACE_COUNTRIES;
    return spawnSync(process.execPath, [script, '--country', country, '--role', 'prosecutor', '--keys-dir', keys, '--data-dir', stores], { encoding: 'utf8', env: base });
  };

  test('a member, the secretariat and the partner get a token', () => {
    const keys = join(dir, 'keys');
    for (const country of ['AR', 'co', 'XS', 'XP']) {
      const result = token(country, keys);
      expect([country, result.status, result.stderr]).toEqual([country, 0, '']);
      expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    }
  });

  test('any other country is refused with the list (exit 2), before any key is made', () => {
    const keys = join(dir, 'keys-br');
    const result = token('BR', keys);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`token: BR is not a member of this network (members: AR, CO, from the stores in ${stores}; also taken: XS, the secretariat, and XP, the development partner); a new member is added with npm start -- --countries AR,CO,BR\n`);
    expect(existsSync(keys)).toBe(false);
    // A store-less country in the data folder is no member either; ENLACE_COUNTRIES, when set, is the list.
    expect(token('BO', keys).status).toBe(2);
    expect(token('BR', join(dir, 'keys'), { ENLACE_COUNTRIES: 'AR,BR' }).status).toBe(0);
  });
});
