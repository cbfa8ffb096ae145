/**
 * `kit start --dir <dir>`: runs the directory's process in this Node process, with its enlace.env
 * as its environment: the same entry point (`node subgraphs/member/dist/main.js`, …) and the same
 * variables `npm start` gives it, so a deployed member and a development one differ only in
 * settings. A setting in the file wins over the environment; one the file leaves out may come from
 * the environment (a Neo4j password from Compose's or systemd's secrets), and is named at start.
 * It runs in the directory, whose files enlace.env names relative to it. Signals go to the process
 * itself (it stops cleanly on SIGTERM), which is what systemd and Compose send.
 */
import { join, resolve } from 'node:path';
import { readEnvFile, type Settings } from './envFile';
import { KitError } from './kitError';
import { readManifest, type KitManifest } from './layout';
import { directory, trustedIssuers } from './trustSettings';
import { PROCESS_SCRIPTS } from '../network';

const root = resolve(__dirname, '..', '..', '..');

/** The variables Enlace's processes read. */
const PROCESS_SETTING = /^(ENLACE_|MEMBER_|AUDIT_|KUZU_|STORE|NEO4J_|COOPERATION_|SECRETARIAT_URL$|PORT$|HOST$)/;

/** Why the process could not serve with these settings (a one-line refusal), and what is only worth a warning. */
export function readiness(manifest: KitManifest, settings: Settings, dir: string): { refusal?: string; warnings: string[] } {
  const warnings: string[] = [];
  const trust = (what: string) => `npm run kit -- trust --dir ${dir} ${what}`;
  if (!trustedIssuers(settings).length) return { refusal: `no identity provider is trusted yet, so every request would be refused: ${trust('--add-issuer <issuer-entry.json>')}`, warnings };
  if (manifest.process === 'gateway' && !directory(settings).size) return { refusal: `the member directory is empty: ${trust('--add-member <member-entry.json>')}`, warnings };
  if (manifest.process === 'secretariat' && !settings.get('ENLACE_MEMBERS')?.trim()) return { refusal: `no member has joined yet: ${trust('--add-member <member-entry.json>')}`, warnings };
  if (manifest.process === 'member') {
    if (!settings.get('ENLACE_GATEWAY_JWKS')) warnings.push(`no gateway is trusted: only ${manifest.country}'s own callers are served (${trust('--add-gateway <gateway-entry.json>')})`);
    if (!settings.get('SECRETARIAT_URL')) warnings.push('no SECRETARIAT_URL: no JIT, cooperation grant or audit head reaches the secretariat');
  }
  return { warnings };
}

export function startKit(dir: string): void {
  const { manifest, paths } = readManifest(dir);
  const settings = readEnvFile(paths.env);
  const { refusal, warnings } = readiness(manifest, settings, dir);
  if (refusal) throw new KitError(`cannot start the ${manifest.process} of ${paths.dir}: ${refusal}`);
  for (const w of warnings) console.error(`kit: ${w}`);
  const inherited = Object.keys(process.env).filter((name) => PROCESS_SETTING.test(name) && !settings.has(name));
  if (inherited.length) console.error(`kit: from the environment, not enlace.env: ${inherited.sort().join(', ')}`);
  for (const [name, value] of settings) process.env[name] = value;
  process.chdir(paths.dir);
  // The process's own entry point, chosen by the directory: loaded as `node <script>` would.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(root, PROCESS_SCRIPTS[manifest.process]));
}
