/**
 * `kit trust --dir <dir> …`: joining is configuration on both sides. Each operation reads an
 * entry another operator sent (entries.ts) and changes only the trust settings of this
 * directory's enlace.env (trustSettings.ts), keeping public keys under trust/. The process
 * reads them at its next start.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SECRETARIAT_COUNTRY, type Role, type TrustedIssuer } from '@enlace/platform';
import { CONFORMANCE_ISSUER_PREFIX, CONFORMANCE_KID_PREFIX, TEST_FOREIGN_MEMBER, TEST_PARTNER } from '../conformance/testIdentity';
import { readEnvFile, readHeader, writeEnvFile, type Settings } from './envFile';
import { readEntry, type IssuerEntry, type Jwks } from './entries';
import { KitError } from './kitError';
import { readManifest, type KitManifest, type KitPaths } from './layout';
import { addCodes, codes, directory, dropTrustedIssuers, putDirectoryEntry, putTrustedIssuer, removeCodes, trustedIssuers } from './trustSettings';

interface Opened {
  manifest: KitManifest;
  paths: KitPaths;
  settings: Settings;
  save(): void;
}

function open(dir: string): Opened {
  const { manifest, paths } = readManifest(dir);
  const settings = readEnvFile(paths.env);
  return { manifest, paths, settings, save: () => writeEnvFile(paths.env, settings, readHeader(paths.env)) };
}

const writeJwks = (path: string, jwks: Jwks) => writeFileSync(path, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o644 });
const slug = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
const gatewayJwksFile = (paths: KitPaths) => join(paths.trust, 'gateway.jwks.json');
/** A file of the directory as enlace.env names it: relative, since `kit start` runs in the directory. */
const inDir = (kit: Opened, file: string) => relative(kit.paths.dir, file);

/** A member joins: the gateway lists it, the secretariat trusts its service key for its country, every process knows its code. */
export function addMember(dir: string, entryPath: string): string {
  const kit = open(dir);
  const entry = readEntry(entryPath, 'member');
  const { country } = entry;
  if (kit.manifest.process === 'member' && kit.manifest.country === country) throw new KitError(`${entryPath} is this member's own entry (${country})`);
  if (kit.manifest.process === 'gateway') {
    putDirectoryEntry(kit.settings, country, entry.url);
  } else {
    addCodes(kit.settings, 'ENLACE_MEMBERS', [country]);
  }
  if (kit.manifest.process === 'secretariat') {
    const jwks = join(kit.paths.trust, `service-${country.toLowerCase()}.jwks.json`);
    writeJwks(jwks, entry.serviceJwks);
    putTrustedIssuer(kit.settings, { issuer: entry.serviceIssuer, jwks: inDir(kit, jwks), countries: [country], roles: ['service'] });
  }
  kit.save();
  return kit.manifest.process === 'gateway' ? `${country} → ${entry.url} in MEMBER_DIRECTORY`
    : kit.manifest.process === 'secretariat' ? `${country} in ENLACE_MEMBERS; its service issuer ${entry.serviceIssuer} trusted for ${country} and the service role`
    : `${country} in ENLACE_MEMBERS`;
}

/** A member trusts the gateway's key for the assertions it signs per request (ENLACE_GATEWAY_JWKS). */
export function addGateway(dir: string, entryPath: string): string {
  const kit = open(dir);
  if (kit.manifest.process !== 'member') throw new KitError('only a member verifies the gateway\'s assertions: --add-gateway is for a member\'s directory');
  const entry = readEntry(entryPath, 'gateway');
  const file = gatewayJwksFile(kit.paths);
  // A conformance run's key, when one is trusted, stays beside the gateway's.
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Jwks).keys.filter((k) => k.kid?.startsWith(CONFORMANCE_KID_PREFIX)) : [];
  writeJwks(file, { keys: [...entry.jwks.keys, ...kept] });
  kit.settings.set('ENLACE_GATEWAY_JWKS', inDir(kit, file));
  kit.save();
  return `ENLACE_GATEWAY_JWKS → ${inDir(kit, file)} (the gateway at ${entry.url})`;
}

/** The countries a process knows: a gateway its directory's, the others ENLACE_MEMBERS; and XS and the partners. */
function knownCodes(kit: Opened): Set<string> {
  const members = kit.manifest.process === 'gateway' && !kit.settings.get('ENLACE_MEMBERS')?.trim() ? [...directory(kit.settings).keys()] : codes(kit.settings, 'ENLACE_MEMBERS');
  return new Set([...members, SECRETARIAT_COUNTRY, ...codes(kit.settings, 'ENLACE_PARTNERS')]);
}

function issuerJwks(kit: Opened, entry: IssuerEntry): string {
  if (typeof entry.jwks === 'string') return entry.jwks;
  const file = join(kit.paths.trust, `issuer-${slug(entry.issuer)}.jwks.json`);
  writeJwks(file, entry.jwks);
  return inDir(kit, file);
}

/** Trusts an identity provider for people, for the countries and roles its entry names. */
export function addIssuer(dir: string, entryPath: string): string {
  const kit = open(dir);
  const entry = readEntry(entryPath, 'issuer');
  if (entry.issuer.startsWith(CONFORMANCE_ISSUER_PREFIX)) throw new KitError(`${entry.issuer} is a conformance issuer: trust it for a run with --add-conformance`);
  if (entry.roles.includes('service')) throw new KitError('an identity provider for people cannot vouch for the service role (members\' own keys do, by --add-member)');
  const known = knownCodes(kit);
  const unknown = entry.countries.filter((c) => !known.has(c));
  if (unknown.length) {
    throw new KitError(`${entry.issuer} is bound to ${unknown.join(', ')}, which this ${kit.manifest.process} does not know (members: ${[...known].join(', ')}): add the member's entry first (--add-member), or a partner with --add-partner`);
  }
  const { claims, audience } = entry;
  putTrustedIssuer(kit.settings, { issuer: entry.issuer, jwks: issuerJwks(kit, entry), countries: entry.countries, roles: entry.roles, ...(claims && { claims }), ...(audience && { audience }) });
  kit.save();
  return `${entry.issuer} trusted for ${entry.countries.join(', ')} as ${entry.roles.join(', ')}${claims ? ', its claims mapped by the entry\'s "claims"' : ''}`;
}

/** A partner network's code (ENLACE_PARTNERS): its tokens carry the partner role only. */
export function addPartner(dir: string, code: string): string {
  const kit = open(dir);
  if (knownCodes(kit).has(code) && !codes(kit.settings, 'ENLACE_PARTNERS').includes(code)) throw new KitError(`${code} is a member or the secretariat, not a partner`);
  addCodes(kit.settings, 'ENLACE_PARTNERS', [code]);
  kit.save();
  return `${code} in ENLACE_PARTNERS`;
}

/**
 * Trusts a conformance issuer for one run (conformance/testIdentity.ts): for a member, its own country,
 * the test member QZ, XS and the test partner QP, and its key as a gateway's for the assertions the suite
 * signs; for the secretariat QZ, XS and QP; for the gateway XS. Undone by --remove-conformance.
 */
export function addConformance(dir: string, entryPath: string): string {
  const kit = open(dir);
  const entry = readEntry(entryPath, 'issuer');
  if (!entry.issuer.startsWith(CONFORMANCE_ISSUER_PREFIX) || typeof entry.jwks === 'string') throw new KitError(`${entryPath} is not a conformance issuer's entry (made by \`npm run conformance -- issuer\`)`);
  const kind = kit.manifest.process;
  const countries = kind === 'member' ? [kit.manifest.country!, TEST_FOREIGN_MEMBER, SECRETARIAT_COUNTRY, TEST_PARTNER]
    : kind === 'secretariat' ? [TEST_FOREIGN_MEMBER, SECRETARIAT_COUNTRY, TEST_PARTNER]
    : [SECRETARIAT_COUNTRY];
  const roles: Role[] = kind === 'gateway' ? ['secretariat', 'auditor'] : ['prosecutor', 'analyst', 'auditor', 'secretariat', 'partner'];
  dropTrustedIssuers(kit.settings, (i) => i.issuer.startsWith(CONFORMANCE_ISSUER_PREFIX));
  if (kind !== 'gateway') {
    addCodes(kit.settings, 'ENLACE_MEMBERS', [TEST_FOREIGN_MEMBER]);
    addCodes(kit.settings, 'ENLACE_PARTNERS', [TEST_PARTNER]);
  }
  const jwks = join(kit.paths.trust, 'conformance.jwks.json');
  writeJwks(jwks, entry.jwks);
  putTrustedIssuer(kit.settings, { issuer: entry.issuer, jwks: inDir(kit, jwks), countries, roles } satisfies TrustedIssuer);
  if (kind === 'member') {
    const file = gatewayJwksFile(kit.paths);
    const gateway = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Jwks).keys.filter((k) => !k.kid?.startsWith(CONFORMANCE_KID_PREFIX)) : [];
    writeJwks(file, { keys: [...gateway, ...entry.jwks.keys] });
    kit.settings.set('ENLACE_GATEWAY_JWKS', inDir(kit, file));
  }
  kit.save();
  return `conformance issuer ${entry.issuer} trusted for ${countries.join(', ')}${kind === 'member' ? ', its key for the suite\'s assertions' : ''}; restart the process, run the check, then --remove-conformance`;
}

export function removeConformance(dir: string): string {
  const kit = open(dir);
  const dropped = dropTrustedIssuers(kit.settings, (i) => i.issuer.startsWith(CONFORMANCE_ISSUER_PREFIX));
  rmSync(join(kit.paths.trust, 'conformance.jwks.json'), { force: true });
  if (kit.manifest.process !== 'gateway') {
    removeCodes(kit.settings, 'ENLACE_MEMBERS', [TEST_FOREIGN_MEMBER]);
    removeCodes(kit.settings, 'ENLACE_PARTNERS', [TEST_PARTNER]);
  }
  const file = gatewayJwksFile(kit.paths);
  if (kit.manifest.process === 'member' && existsSync(file)) {
    const gateway = (JSON.parse(readFileSync(file, 'utf8')) as Jwks).keys.filter((k) => !k.kid?.startsWith(CONFORMANCE_KID_PREFIX));
    if (gateway.length) writeJwks(file, { keys: gateway });
    else {
      rmSync(file);
      kit.settings.delete('ENLACE_GATEWAY_JWKS');
    }
  }
  kit.save();
  return dropped.length ? `conformance trust removed (${dropped.map((i) => i.issuer).join(', ')}); restart the process` : 'no conformance issuer was trusted';
}

/** What the directory trusts now, for `kit show`. */
export function describeTrust(dir: string): string[] {
  const kit = open(dir);
  const lines = [`${kit.manifest.process}${kit.manifest.country ? ` ${kit.manifest.country}` : ''} at ${kit.manifest.url}`];
  lines.push(`  members: ${codes(kit.settings, 'ENLACE_MEMBERS').join(', ') || (kit.manifest.process === 'gateway' ? '(its directory\'s)' : 'none')}`);
  if (kit.manifest.process === 'gateway') lines.push(`  directory: ${[...directory(kit.settings)].map(([c, u]) => `${c}=${u}`).join(', ') || 'empty'}`);
  lines.push(`  partners: ${codes(kit.settings, 'ENLACE_PARTNERS').join(', ') || 'none'}`);
  for (const i of trustedIssuers(kit.settings)) lines.push(`  issuer ${i.issuer}: ${i.countries.join(', ')} as ${i.roles.join(', ')}`);
  if (kit.manifest.process === 'member') lines.push(`  gateway assertions: ${kit.settings.get('ENLACE_GATEWAY_JWKS') ? 'verified with trust/gateway.jwks.json' : 'no gateway trusted: foreign callers refused'}`);
  return lines;
}
