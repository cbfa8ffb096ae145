/**
 * The secretariat's pseudonym evaluator (docs/PSEUDONYMS.md), outside GraphQL:
 *
 *   POST /pseudonyms/evaluate  { elements: [x-coordinate, …], key? }  →  { key, keys, elements: [x(k·element), …] }
 *
 * `keys` are the key ids it holds, the current one first (two during a rotation); `key` names the one used.
 *
 * It multiplies blinded P-256 elements by the network's key k and sees nothing
 * else: no identifier, no pseudonym. Members' service identities call it for
 * their indexes, each member within a budget of elements per hour; a member's or a
 * partner's person (through the gateway, which relays) for a check, each caller
 * within a far smaller budget; the secretariat's own staff never (it gets no hits,
 * and holds the key: docs/PSEUDONYMS.md). Every batch an entry in the
 * secretariat's audit log with its caller and size (never an element), written
 * before the answer is released (fail-closed, as for GraphQL).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerWithheld, auditUnavailableAnswer, callerKey, HttpError, identify, PrfInputError, readBody, SECRETARIAT_COUNTRY, sendJson,
  type AuditRecord, type AuditTrouble, type Caller, type ChainLog, type ErrorCode, type Logger, type PrfKey, type Readiness, type TokenVerifier,
} from '@enlace/platform';
import { ElementBudget } from './budget';

export const EVALUATE_PATH = '/pseudonyms/evaluate';
export const DEFAULT_MAX_BATCH = 1_000;
export const DEFAULT_BUDGET_PER_HOUR = 500_000;
/** A name check is up to 8 elements, a document or an account one: 400 an hour is 50 name checks, and more than the members' hit budget lets a caller use. */
export const DEFAULT_CALLER_BUDGET_PER_HOUR = 400;
/** A base64url x-coordinate is 43 characters; with quotes and commas, 64 bytes an element is ample. */
const BYTES_PER_ELEMENT = 64;

export interface PseudonymSettings {
  /** The network's key; null: the evaluator answers PSEUDONYMS_UNAVAILABLE. */
  key: PrfKey | null;
  /** During a rotation, the key that will replace it: served to a request that names it (`"key": its id). */
  nextKey?: PrfKey | null;
  /** Whether /ready needs the key (ENLACE_PRF_REQUIRED). */
  required?: boolean;
  /** Elements per request at most (ENLACE_PRF_BATCH_MAX; default 1,000). */
  maxBatch?: number;
  /** Elements per member per hour, for its index (ENLACE_PRF_BUDGET_PER_HOUR; default 500,000). */
  budgetPerHour?: number;
  /** Elements per person per hour, for checks (ENLACE_PRF_CALLER_BUDGET_PER_HOUR; default 400). */
  callerBudgetPerHour?: number;
}

export interface EvaluatorOptions {
  settings: PseudonymSettings;
  verifier: TokenVerifier;
  audit: { log: ChainLog<AuditRecord>; trouble(): AuditTrouble | null };
  logger: Pick<Logger, 'error'>;
  now?: () => Date;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  code?: ErrorCode;
  /** Elements evaluated (0 when refused). */
  evaluated: number;
}

const refusal = (status: number, code: ErrorCode, message: string, extra: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {}): Answer =>
  ({ status, code, headers: extra.headers, evaluated: 0, body: { errors: [{ message, extensions: { code, ...extra.extensions } }] } });

/** /ready's part: not ready only when the key is required and missing. */
export function evaluatorReadiness(settings: PseudonymSettings | undefined): Readiness {
  if (settings?.key) return { ready: true, pseudonyms: 'ok' };
  if (!settings?.required) return { ready: true };
  return { ready: false, pseudonyms: 'no pseudonym key: set ENLACE_PRF_KEY_FILE to the file of the network\'s pseudonym key (ENLACE_PRF_REQUIRED=true asks for it)' };
}

/** The handler to give serveApollo's `pages`: answers the evaluator's path, and only it. */
export function pseudonymRoutes(options: EvaluatorOptions) {
  const { settings } = options;
  const maxBatch = settings.maxBatch ?? DEFAULT_MAX_BATCH;
  const memberBudget = new ElementBudget(settings.budgetPerHour ?? DEFAULT_BUDGET_PER_HOUR, options.now);
  const callerBudget = new ElementBudget(settings.callerBudgetPerHour ?? DEFAULT_CALLER_BUDGET_PER_HOUR, options.now);
  replaySpending(options, maxBatch, memberBudget, callerBudget);

  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== EVALUATE_PATH) return false;
    if (req.method !== 'POST') {
      sendJson(res, 405, { errors: [{ message: `${path} takes POST`, extensions: { code: 'BAD_REQUEST' } }] }, { allow: 'POST' });
      return true;
    }
    // Who asks, before the body is read (an unauthenticated request is answered 401 by the server's error path, not logged: no caller).
    const { caller } = await identify(req, options.verifier);
    if (options.audit.trouble()) {
      const { status, ...body } = auditUnavailableAnswer(null);
      sendJson(res, status, body);
      return true;
    }
    let answer: Answer;
    let size = 0;
    try {
      const outcome = await evaluate(req, caller);
      answer = outcome.answer;
      size = outcome.size;
    } catch (err) {
      if (err instanceof HttpError) {
        answer = refusal(err.status, err.code, err.message); // a body over the limit (PAYLOAD_TOO_LARGE)
      } else {
        options.logger.error({ err }, 'pseudonym evaluator: unexpected failure');
        answer = refusal(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      }
    }
    try {
      await options.audit.log.append(auditEntry(caller, size, answer), { ifNotWritten: (r) => answerWithheld(r, false) });
    } catch {
      const { status, ...body } = auditUnavailableAnswer(null);
      sendJson(res, status, body);
      return true;
    }
    sendJson(res, answer.status, answer.body, answer.headers);
    return true;
  };

  async function evaluate(req: IncomingMessage, caller: Caller): Promise<{ answer: Answer; size: number }> {
    if (caller.country === SECRETARIAT_COUNTRY) {
      return { answer: refusal(403, 'PSEUDONYMS_FORBIDDEN', `The secretariat's own identities may not have elements evaluated (it gets no hits); this token is a ${caller.roles.join(', ')} of ${caller.country}`), size: 0 };
    }
    const service = caller.roles.includes('service');
    const key = settings.key;
    if (!key) {
      return { answer: refusal(503, 'PSEUDONYMS_UNAVAILABLE', 'The secretariat holds no pseudonym key: its operators set ENLACE_PRF_KEY_FILE to the file of the network\'s pseudonym key and restart it'), size: 0 };
    }
    const raw = await readBody(req, maxBatch * BYTES_PER_ELEMENT + 1024);
    let elements: unknown;
    let named: unknown;
    try {
      ({ elements, key: named } = (JSON.parse(raw) as { elements?: unknown; key?: unknown } | null) ?? {});
    } catch {
      return { answer: refusal(400, 'BAD_REQUEST', 'The body is not valid JSON'), size: 0 };
    }
    // The current key unless the request names the next one (a member indexing during a rotation).
    const keys = [key, ...(settings.nextKey ? [settings.nextKey] : [])];
    const chosen = named === undefined || named === null ? key : keys.find((k) => k.id === named);
    if (!chosen) return { answer: refusal(400, 'BAD_REQUEST', `key: this evaluator holds the keys ${keys.map((k) => k.id).join(' and ')}, not the one named`), size: 0 };
    if (!Array.isArray(elements) || !elements.length) return { answer: refusal(400, 'BAD_REQUEST', 'elements: must be a list of base64url P-256 x-coordinates, not empty'), size: 0 };
    const size = elements.length;
    if (size > maxBatch) return { answer: refusal(400, 'BAD_REQUEST', `elements: at most ${maxBatch} per request, not ${size}: send smaller batches`), size };
    const budget = service ? memberBudget : callerBudget;
    const spent = budget.spend(service ? caller.country : callerKey(caller), size);
    if (spent) {
      const whose = service ? `${caller.country}'s` : 'Your';
      return {
        answer: refusal(429, 'PSEUDONYM_BUDGET_SPENT', `${whose} budget of ${budget.limit} elements per hour at the pseudonym evaluator is spent (${spent.used} used, ${size} asked); try again in ${spent.retryAfterMinutes} min`, {
          headers: { 'retry-after': String(spent.retryAfterMinutes * 60) }, extensions: { limit: budget.limit, retryAfterMinutes: spent.retryAfterMinutes },
        }),
        size,
      };
    }
    try {
      return { answer: { status: 200, body: { key: chosen.id, keys: keys.map((k) => k.id), elements: await evaluateInSlices(chosen, elements) }, evaluated: size }, size };
    } catch (err) {
      if (!(err instanceof PrfInputError)) throw err;
      // Counted against the budget all the same: a malformed batch is not a free probe.
      return { answer: refusal(400, 'BAD_REQUEST', err.message), size };
    }
  }
}

/**
 * The budgets as the last hour of the audit log left them: every batch is an entry written before
 * its answer, so a restart (or a crash) gives no caller a fresh budget. Counted as `evaluate` counts:
 * a batch served, or refused as malformed within the batch limit; never one refused before counting.
 */
function replaySpending(options: EvaluatorOptions, maxBatch: number, members: ElementBudget, callers: ElementBudget): void {
  const since = (options.now?.() ?? new Date()).getTime() - 3_600_000;
  const recent = options.audit.log.newestWhile((e) => Date.parse(e.at) >= since);
  for (const e of recent.reverse()) {
    const n = e.elements ?? 0;
    if (e.operation?.type !== 'pseudonyms' || !e.caller || n <= 0) continue;
    const counted = e.decision === 'ALLOWED' || (e.decision === 'ERROR' && e.errors.length === 1 && e.errors[0] === 'BAD_REQUEST' && n <= maxBatch);
    if (!counted) continue;
    const service = e.caller.roles.includes('service');
    (service ? members : callers).replay(service ? e.caller.country : callerKey(e.caller), n, Date.parse(e.at));
  }
}

/** Elements evaluated per turn of the event loop: a full batch is 0.1–0.3 s of CPU, and GraphQL requests wait for none of it. */
const SLICE = 100;

async function evaluateInSlices(key: PrfKey, elements: readonly unknown[]): Promise<string[]> {
  const out: string[] = [];
  for (let at = 0; at < elements.length; at += SLICE) {
    if (at) await new Promise((resolve) => setImmediate(resolve));
    try {
      out.push(...key.evaluate(elements.slice(at, at + SLICE)));
    } catch (err) {
      // The index in the whole batch, not in the slice.
      if (err instanceof PrfInputError) throw new PrfInputError(err.message.replace(/^elements\[(\d+)\]/, (_, i: string) => `elements[${Number(i) + at}]`));
      throw err;
    }
  }
  return out;
}

/** The entry of one batch: who asked, how many elements, the outcome; never an element. */
function auditEntry(caller: Caller, size: number, answer: Answer): AuditRecord {
  return {
    at: new Date().toISOString(),
    service: SECRETARIAT_COUNTRY,
    caller: {
      subject: caller.subject, country: caller.country, roles: [...caller.roles], issuer: caller.issuer,
      ...(caller.onBehalfOf ? { onBehalfOf: { ...caller.onBehalfOf, roles: [...caller.onBehalfOf.roles] } } : {}),
    },
    operation: { type: 'pseudonyms', name: 'evaluate', sha256: null },
    purpose: null,
    caseRef: null,
    decision: !answer.code ? 'ALLOWED' : answer.code === 'PSEUDONYMS_FORBIDDEN' || answer.code === 'PSEUDONYM_BUDGET_SPENT' ? 'REFUSED' : 'ERROR',
    delivered: [],
    withheld: [],
    hits: null,
    wrote: [],
    errors: answer.code ? [answer.code] : [],
    elements: size,
  };
}
