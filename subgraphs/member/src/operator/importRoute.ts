/**
 * The member's operator path for imports, outside GraphQL: what `npm run import`
 * uses while the member serves (a second process cannot open its Kùzu store).
 *
 *   POST /operator/import      { session, seq, dryRun, rows }  → the batch's counts, warnings (and a dry run's first records)
 *   POST /operator/import/end  { session }                     → the session's totals
 *
 * Authenticated by the member's own service key (operatorToken.ts), every row checked again
 * with the mutations' rules (bulkImport/rows.ts), written through the store's one write path
 * (reads keep being served), and every batch and end an entry in the member's audit chain,
 * refused like a GraphQL request while that chain cannot be written. Every refusal is a JSON
 * error with a registered code, never a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerWithheld, auditUnavailableAnswer, HttpError, readBody, sendJson, sha256Base64url,
  type AuditCaller, type AuditRecord, type ChainLog, type AuditTrouble, type ErrorCode, type Logger, type OperatorVerifier,
} from '@enlace/platform';
import { StoreBusyError, StoreFaultError } from '@enlace/store';
import { checkedRow, RowRejected, type ImportRow } from '../bulkImport';
import type { ImportSessions } from './importSessions';

export const IMPORT_PATH = '/operator/import';
export const IMPORT_END_PATH = '/operator/import/end';
/** One batch's body at most (the GraphQL path keeps its 1 MiB). */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
/** Rows of one batch at most (the command's --batch allows as many). */
export const MAX_BATCH_ROWS = 100_000;

export interface OperatorImportOptions {
  country: string;
  sessions: ImportSessions;
  /** Checks the operator's token; null: the member has no service key, and the path is closed. */
  verify: OperatorVerifier | null;
  audit: { log: ChainLog<AuditRecord> | null; trouble(): AuditTrouble | null };
  logger: Pick<Logger, 'error'>;
}

/** An answer of the path: a status and a JSON body (a refusal's is `{ errors: [...] }`). */
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The error code an audit entry names (none: the request succeeded). */
  code?: ErrorCode;
}

const refusal = (status: number, code: ErrorCode, message: string, headers?: Record<string, string>): Answer =>
  ({ status, code, headers, body: { errors: [{ message, extensions: { code } }] } });
const badRequest = (message: string) => refusal(400, 'BAD_REQUEST', message);

/** The handler to give serveApollo's `pages`: answers the operator paths, and only them. */
export function operatorImportRoutes(options: OperatorImportOptions) {
  const { country, sessions } = options;

  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== IMPORT_PATH && path !== IMPORT_END_PATH) return false;
    if (req.method !== 'POST') {
      sendJson(res, 405, { errors: [{ message: `${path} takes POST`, extensions: { code: 'BAD_REQUEST' } }] }, { allow: 'POST' });
      return true;
    }
    if (!options.verify) {
      throw new HttpError(403, `This member's operator path is closed: it needs the member's service key (MEMBER_SERVICE_KEY), which operator tokens are checked against`, 'OPERATOR_FORBIDDEN');
    }
    // Who asks, before the body is read: a stranger's 64 MiB are not parsed.
    const caller = await options.verify(req.headers.authorization);
    if (options.audit.trouble()) {
      const { status, ...body } = auditUnavailableAnswer(null);
      sendJson(res, status, body);
      return true;
    }
    const raw = await readBody(req, path === IMPORT_PATH ? IMPORT_BODY_LIMIT : 4096);
    const end = path === IMPORT_END_PATH;
    let answer: Answer;
    let wrote: string[] = [];
    let committed = false;
    try {
      const outcome = end ? endSession(raw) : await batch(raw);
      answer = outcome.answer;
      wrote = outcome.wrote ?? [];
      committed = wrote.length > 0;
    } catch (err) {
      options.logger.error({ err, country }, 'operator import: unexpected failure');
      answer = refusal(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
    // The entry, then the answer: an answer is only released once its entry is on disk (fail-closed, as for GraphQL).
    if (options.audit.log) {
      const record = importRecord(country, caller, end, raw, wrote, answer.code);
      try {
        await options.audit.log.append(record, { ifNotWritten: (r) => answerWithheld(r, committed) });
      } catch {
        const { status, ...body } = auditUnavailableAnswer(committed ? { records: wrote } : null);
        sendJson(res, status, body);
        return true;
      }
    }
    sendJson(res, answer.status, answer.body, answer.headers);
    return true;
  };

  async function batch(raw: string): Promise<{ answer: Answer; wrote?: string[] }> {
    const body = parse(raw);
    if (!body.ok) return { answer: body.answer };
    const { session: id, seq, dryRun, rows: received } = body.value as { session: unknown; seq: unknown; dryRun: unknown; rows: unknown };
    if (!validSessionId(id)) return { answer: badRequest('session: must be the import\'s id, 8 to 100 letters, digits or dashes') };
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return { answer: badRequest('seq: must be the batch\'s number, from 0') };
    if (typeof dryRun !== 'boolean') return { answer: badRequest('dryRun: must be true or false') };
    if (!Array.isArray(received) || !received.length) return { answer: badRequest('rows: must be a list of rows, not empty') };
    if (received.length > MAX_BATCH_ROWS) return { answer: badRequest(`rows: at most ${MAX_BATCH_ROWS} per batch`) };
    let rows: ImportRow[];
    try {
      rows = received.map(checkedRow);
    } catch (err) {
      if (err instanceof RowRejected) return { answer: badRequest(`rows: ${err.message}`) };
      throw err;
    }
    const session = seq === 0 ? (sessions.get(id) ? undefined : sessions.open(id, dryRun)) : sessions.get(id);
    if (!session) {
      return seq === 0
        ? { answer: badRequest(`session ${id} is already open: a new import needs a new session id`) }
        : { answer: refusal(409, 'IMPORT_SESSION_LOST', `This member holds no import session ${id}: it restarted during the import, or the session sat idle over 10 minutes. Run the import again: a re-import only writes what is missing.`) };
    }
    if (session.dryRun !== dryRun) return { answer: badRequest(`dryRun: session ${id} is ${session.dryRun ? 'a dry run' : 'an import'}`) };
    if (session.busy) return { answer: badRequest(`session ${id} is still writing a batch: send the next one after its answer`) };
    if (seq !== session.next) return { answer: badRequest(`seq: batch ${seq} is not the next of session ${id}, which expects batch ${session.next}`) };
    session.busy = true;
    session.preview = null;
    try {
      const outcome = await session.importer.batch(rows);
      session.next++;
      session.batches++;
      session.rows += rows.length;
      return {
        answer: { status: 200, body: { session: id, seq, counts: outcome.counts, warnings: outcome.warnings, written: outcome.wrote.length, ...(dryRun ? { preview: session.preview } : {}) } },
        wrote: outcome.wrote,
      };
    } catch (err) {
      // Refused before it started, or a fault: nothing of the batch was written; the same batch may come again (busy).
      if (err instanceof StoreBusyError) return { answer: refusal(503, 'STORE_BUSY', err.message, { 'retry-after': '1' }) };
      sessions.drop(id); // the importer's state may be part of a failed batch: the command runs the import again
      if (err instanceof StoreFaultError) return { answer: refusal(503, 'STORE_UNAVAILABLE', err.message) };
      throw err;
    } finally {
      session.busy = false;
    }
  }

  function endSession(raw: string): { answer: Answer; wrote?: string[] } {
    const body = parse(raw);
    if (!body.ok) return { answer: body.answer };
    const id = (body.value as { session?: unknown }).session;
    if (!validSessionId(id)) return { answer: badRequest('session: must be the import\'s id, 8 to 100 letters, digits or dashes') };
    const session = sessions.get(id);
    if (!session) return { answer: refusal(409, 'IMPORT_SESSION_LOST', `This member holds no import session ${id}: it restarted during the import, or the session sat idle over 10 minutes. Run the import again: a re-import only writes what is missing.`) };
    if (session.busy) return { answer: badRequest(`session ${id} is still writing a batch`) };
    sessions.drop(id);
    return { answer: { status: 200, body: { session: id, dryRun: session.dryRun, batches: session.batches, rows: session.rows, counts: session.importer.counts } } };
  }
}

function parse(raw: string): { ok: true; value: object } | { ok: false; answer: Answer } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, answer: badRequest('The body is not valid JSON') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, answer: badRequest('The body must be a JSON object') };
  return { ok: true, value };
}

const validSessionId = (id: unknown): id is string => typeof id === 'string' && /^[A-Za-z0-9-]{8,100}$/.test(id);

/** The audit entry of one batch (or end) of an import: who, which body, what it wrote. */
function importRecord(country: string, caller: AuditCaller, end: boolean, raw: string, wrote: string[], code: ErrorCode | undefined): AuditRecord {
  return {
    at: new Date().toISOString(),
    service: country,
    caller,
    operation: { type: 'import', name: end ? 'bulkImportEnd' : 'bulkImport', sha256: sha256Base64url(raw) },
    purpose: 'import',
    caseRef: null,
    decision: code ? (code === 'STORE_BUSY' ? 'REFUSED' : 'ERROR') : 'ALLOWED',
    delivered: [],
    withheld: [],
    hits: null,
    wrote,
    errors: code ? [code] : [],
  };
}
