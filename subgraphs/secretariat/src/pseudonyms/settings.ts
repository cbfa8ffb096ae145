/**
 * The pseudonym evaluator's settings:
 * - ENLACE_PRF_KEY_FILE: the network's pseudonym key (32 random bytes, base64url, one line, readable by
 *   the secretariat alone); unset: the evaluator answers PSEUDONYMS_UNAVAILABLE;
 * - ENLACE_PRF_NEXT_KEY_FILE: during a rotation, the key that will replace it (docs/PSEUDONYMS.md, "Rotation"):
 *   served beside it to whoever names it, so members index under both before requesters switch;
 * - ENLACE_PRF_REQUIRED=true: /ready answers 503 while there is no key;
 * - ENLACE_PRF_BATCH_MAX: elements per request at most (default 1,000);
 * - ENLACE_PRF_BUDGET_PER_HOUR: elements per member per hour, for its index (default 500,000).
 * - ENLACE_PRF_CALLER_BUDGET_PER_HOUR: elements per person per hour, for checks (default 400).
 */
import { prfKeyFromFile } from '@enlace/platform';
import { DEFAULT_BUDGET_PER_HOUR, DEFAULT_CALLER_BUDGET_PER_HOUR, DEFAULT_MAX_BATCH, type PseudonymSettings } from './evaluator';

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return n;
}

export function pseudonymSettingsFromEnv(env: NodeJS.ProcessEnv): PseudonymSettings {
  const path = env.ENLACE_PRF_KEY_FILE?.trim();
  const required = env.ENLACE_PRF_REQUIRED?.trim();
  if (required && required !== 'true' && required !== 'false') throw new Error(`ENLACE_PRF_REQUIRED must be true or false, not "${required}"`);
  return {
    key: path ? prfKeyFromFile(path) : null,
    nextKey: env.ENLACE_PRF_NEXT_KEY_FILE?.trim() ? prfKeyFromFile(env.ENLACE_PRF_NEXT_KEY_FILE.trim(), 'ENLACE_PRF_NEXT_KEY_FILE') : null,
    required: required === 'true',
    maxBatch: wholeNumber(env, 'ENLACE_PRF_BATCH_MAX', DEFAULT_MAX_BATCH),
    budgetPerHour: wholeNumber(env, 'ENLACE_PRF_BUDGET_PER_HOUR', DEFAULT_BUDGET_PER_HOUR),
    callerBudgetPerHour: wholeNumber(env, 'ENLACE_PRF_CALLER_BUDGET_PER_HOUR', DEFAULT_CALLER_BUDGET_PER_HOUR),
  };
}
