/**
 * A member's protocol settings from its environment:
 * - MEMBER_PROTOCOL_TIGHTENING: the member's tightening of the sharing protocol,
 *   as a JSON object or the path of a JSON file (see schema/protocol/PROTOCOL.md);
 * - SECRETARIAT_URL: the secretariat subgraph, asked for the JIT a request names,
 *   the cooperation grants a caller holds, and where requests are filed;
 * - MEMBER_GRANT_CACHE_SECONDS: how long the answer that a caller holds no grants
 *   is kept (default 5; 0 asks on every request): a new grant takes effect within
 *   that time (a revocation at once: grants themselves are never kept);
 * - MEMBER_CONTACT_POINT: whom foreign callers should ask (hit/no-hit answers);
 * - MEMBER_HIT_BUDGET: distinct document numbers one caller may test per hour;
 * - MEMBER_HIT_REFERENCE_KEY_FILE: the key sealing hit/no-hit references (created
 *   on first start, readable by the member alone; default beside the store).
 * There is deliberately no setting to switch enforcement off. One setting exists for tests alone:
 * ENLACE_TEST_PROTOCOL_FILE (testProtocolFromEnv), refused in production mode.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ServingMode } from '@enlace/platform';
import { HitReferences } from './hitReference';
import { checkProtocolDocument } from '@enlace/protocol';
import { ProtocolError, readProtocol, type ProtocolDocument, type ProtocolTightening } from './model';

export interface MemberProtocolSettings {
  secretariatUrl?: string;
  protocolTightening?: ProtocolTightening;
  contactPoint?: string;
  hitBudgetPerHour?: number;
  hitReferenceKey?: Buffer;
  grantCacheSeconds?: number;
}

/** The hit reference key kept in `path` (32 bytes, base64), made on first use. */
export function hitReferenceKeyFile(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, HitReferences.randomKey().toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ProtocolError(`${path} does not hold a 32-byte key in base64`);
  return key;
}

export function readTightening(value: string): ProtocolTightening {
  const text = value.trim().startsWith('{') ? value : readFileSync(value.trim(), 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ProtocolError(`MEMBER_PROTOCOL_TIGHTENING is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ProtocolError('MEMBER_PROTOCOL_TIGHTENING must be a JSON object');
  return parsed as ProtocolTightening;
}

export function memberProtocolFromEnv(env: NodeJS.ProcessEnv, defaultKeyFile?: string): MemberProtocolSettings {
  const keyFile = env.MEMBER_HIT_REFERENCE_KEY_FILE?.trim() || defaultKeyFile;
  const settings: MemberProtocolSettings = {};
  if (env.SECRETARIAT_URL?.trim()) settings.secretariatUrl = env.SECRETARIAT_URL.trim();
  if (env.MEMBER_PROTOCOL_TIGHTENING?.trim()) settings.protocolTightening = readTightening(env.MEMBER_PROTOCOL_TIGHTENING);
  if (env.MEMBER_CONTACT_POINT?.trim()) settings.contactPoint = env.MEMBER_CONTACT_POINT.trim();
  if (env.MEMBER_HIT_BUDGET?.trim()) {
    const budget = Number(env.MEMBER_HIT_BUDGET.trim());
    if (!Number.isInteger(budget) || budget < 1) throw new ProtocolError('MEMBER_HIT_BUDGET must be a positive whole number (document numbers per caller per hour)');
    settings.hitBudgetPerHour = budget;
  }
  if (env.MEMBER_GRANT_CACHE_SECONDS?.trim()) {
    const seconds = Number(env.MEMBER_GRANT_CACHE_SECONDS.trim());
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 300) throw new ProtocolError('MEMBER_GRANT_CACHE_SECONDS must be a whole number of seconds from 0 to 300');
    settings.grantCacheSeconds = seconds;
  }
  if (keyFile) settings.hitReferenceKey = hitReferenceKeyFile(keyFile);
  return settings;
}

/** A protocol document a member enforces instead of the network's, for tests only. */
export interface TestProtocol {
  document: ProtocolDocument;
  /** The file it came from, shown by /health. */
  source: string;
}

/**
 * TESTS ONLY. ENLACE_TEST_PROTOCOL_FILE names a protocol document that replaces the network's
 * schema/protocol/v1.json wholesale, looser or not: it exists so that the conformance check can be
 * shown to fail against a member enforcing a looser copy. Refused unless ENLACE_MODE=development
 * (never the case of a deployed member, whose kit writes production), and announced by /health.
 */
export function testProtocolFromEnv(env: NodeJS.ProcessEnv, mode: ServingMode): TestProtocol | undefined {
  const source = env.ENLACE_TEST_PROTOCOL_FILE?.trim();
  if (!source) return undefined;
  if (!mode.development) {
    throw new ProtocolError('ENLACE_TEST_PROTOCOL_FILE replaces the network\'s sharing protocol and is for tests only: it is refused in production mode (remove it, or set ENLACE_MODE=development on a test machine)');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (err) {
    throw new ProtocolError(`ENLACE_TEST_PROTOCOL_FILE: cannot read a protocol document from ${source} (${(err as Error).message})`);
  }
  checkProtocolDocument(raw, `ENLACE_TEST_PROTOCOL_FILE ${source}`);
  return { document: readProtocol(raw), source };
}
