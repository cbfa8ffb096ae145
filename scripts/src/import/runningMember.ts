/**
 * Whether an import goes through the running member: `--member <url>` says so; else
 * `npm start`'s `<data-dir>/pids.json` names `member <CC>` with a live pid and its URL
 * (the member then holds the Kùzu store, which a second process cannot open). And the
 * key that signs the operator's tokens: --operator-key, MEMBER_SERVICE_KEY, or where
 * `npm start` put the member's service key (.dev-keys/service-<cc>/private.jwk.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devServiceKeyDir } from '../devIssuer';

/** npm start's record of a running member (start.ts's recordPid). */
export function memberInPids(dataDir: string, country: string): { url: string; pid: number } | null {
  const file = join(dataDir, 'pids.json');
  if (!existsSync(file)) return null;
  let entries: Record<string, { pid?: unknown; url?: unknown }>;
  try {
    entries = JSON.parse(readFileSync(file, 'utf8')) as typeof entries;
  } catch {
    return null; // being rewritten, or not npm start's: as if no network ran
  }
  const entry = entries[`member ${country}`];
  if (!entry || typeof entry.pid !== 'number' || typeof entry.url !== 'string') return null;
  return isAlive(entry.pid) ? { url: entry.url, pid: entry.pid } : null;
}

/** Whether a process with this pid runs (signal 0 only checks; EPERM: it runs, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where npm start keeps a member's service key, under the repository's .dev-keys/. */
export const devServiceKeyPath = (root: string, country: string): string => join(devServiceKeyDir(join(root, '.dev-keys'), country), 'private.jwk.json');

/** The operator key's path, and which setting gave it (for errors). */
export function operatorKeyPath(flag: string, env: NodeJS.ProcessEnv, root: string, country: string): { path: string; from: string } {
  if (flag) return { path: flag, from: '--operator-key' };
  const fromEnv = env.MEMBER_SERVICE_KEY?.trim();
  if (fromEnv) return { path: fromEnv, from: 'MEMBER_SERVICE_KEY' };
  return { path: devServiceKeyPath(root, country), from: `npm start's key for member ${country}` };
}
