/**
 * An import through the running member (its operator path, POST /operator/import):
 * the rows go one batch per request, the next batch read and validated while the
 * member writes this one, each request under a fresh operator token signed with the
 * member's service key. A busy store (STORE_BUSY) or an audit log that cannot be
 * written for a moment is waited out, the same batch sent again; a member that
 * restarted has lost the session, and the import stops saying so (a re-import only
 * writes what is missing).
 */
import { randomUUID } from 'node:crypto';
import { signOperatorToken, type SigningKey } from '@enlace/platform';
import { IMPORT_BODY_LIMIT, IMPORT_END_PATH, IMPORT_PATH, noCounts, type ImportCounts, type ImportRow as WritableRow, type PlannedRecords, type Problem } from '@enlace/member';
import type { ImportRow } from './rows';
import type { ImportTarget, TargetOptions } from './target';

/** A running member to import into. */
export interface MemberEndpoint {
  /** Its URL (the GraphQL URL npm start prints, or its origin). */
  url: string;
  /** The member's service key, which signs the operator's tokens. */
  key: SigningKey;
}

/** The import stopped for a reason the operator must act on: the message says what to do. */
export class ImportStopped extends Error {
  override name = 'ImportStopped';
}

export const RESTARTED = 'the member restarted during the import; run it again: a re-import only writes what is missing';

/** How long a batch waits out a busy store, an audit log that cannot be written, or a member that does not answer. */
const RETRY_FOR_MS = 5 * 60 * 1000;
/** Room left in a request's body for everything around the rows. */
const BODY_MARGIN = 64 * 1024;

interface ErrorAnswer { errors?: Array<{ message?: string; extensions?: { code?: string; committed?: boolean } }> }
interface BatchAnswer extends ErrorAnswer { warnings: Problem[]; preview?: PlannedRecords | null }
interface EndAnswer extends ErrorAnswer { counts: ImportCounts }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The member's country, from its /health; refuses a URL that is not an Enlace member. */
export async function memberCountry(url: string): Promise<string> {
  let health: { member?: unknown };
  try {
    health = (await (await fetch(new URL('/health', url), { signal: AbortSignal.timeout(10_000) })).json()) as typeof health;
  } catch (err) {
    throw new ImportStopped(`no member answers at ${new URL(url).origin} (${(err as Error).message})`);
  }
  if (typeof health.member !== 'string') throw new ImportStopped(`${new URL(url).origin} is not an Enlace member (its /health names no member)`);
  return health.member;
}

/** What the member is sent of a row: what it writes (it checks every field again). */
const wire = ({ line, personRef, person, documents, caseRef, case: kase, category, account, transfer, route }: ImportRow): WritableRow =>
  ({ line, personRef, person, documents, caseRef, case: kase, category, account, transfer, route });

export function memberTarget(member: MemberEndpoint, options: TargetOptions): ImportTarget {
  const session = randomUUID();
  let seq = 0;

  const post = async <T extends ErrorAnswer>(path: string, body: string): Promise<T> => {
    const deadline = Date.now() + RETRY_FOR_MS;
    let pause = 250;
    const again = async () => {
      await sleep(pause);
      pause = Math.min(pause * 2, 5000);
    };
    for (;;) {
      let res: Response;
      try {
        // A fresh token per request: each lives minutes at most, an import may take longer.
        const token = await signOperatorToken(member.key, options.country);
        res = await fetch(new URL(path, member.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      } catch (err) {
        // Down or restarting: wait for it (once back, it no longer holds the session, and says so).
        if (Date.now() < deadline) {
          await again();
          continue;
        }
        throw new ImportStopped(`the member at ${new URL(member.url).origin} does not answer (${(err as Error).cause ?? (err as Error).message}); ${seq ? RESTARTED : 'is it running?'}`);
      }
      const answer = (await res.json().catch(() => ({ errors: [{ message: `an answer that is not JSON (HTTP ${res.status})` }] }))) as T;
      const error = answer.errors?.[0];
      if (!error) return answer;
      const code = error.extensions?.code ?? `HTTP ${res.status}`;
      const passing = code === 'STORE_BUSY' || (code === 'AUDIT_UNAVAILABLE' && !error.extensions?.committed);
      if (passing && Date.now() < deadline) {
        await again();
        continue;
      }
      if (code === 'IMPORT_SESSION_LOST') throw new ImportStopped(RESTARTED);
      if (code === 'AUDIT_UNAVAILABLE' && error.extensions?.committed) {
        throw new ImportStopped(`the member wrote a batch but cannot write its audit entry now (its /ready says why); once it is ready, run the import again: a re-import only writes what is missing`);
      }
      throw new ImportStopped(`the member refused the import (${code}, HTTP ${res.status}): ${error.message ?? 'no message'}`);
    }
  };

  /** Sends rows as one batch, or as two halves when their body would be over the member's limit. */
  const send = async (rows: ImportRow[]): Promise<Problem[]> => {
    const body = JSON.stringify({ session, seq, dryRun: options.dryRun, rows: rows.map(wire) });
    if (Buffer.byteLength(body) > IMPORT_BODY_LIMIT - BODY_MARGIN && rows.length > 1) {
      const half = Math.ceil(rows.length / 2);
      return [...(await send(rows.slice(0, half))), ...(await send(rows.slice(half)))];
    }
    const answer = await post<BatchAnswer>(IMPORT_PATH, body);
    seq++;
    if (answer.preview) options.onPlan(answer.preview);
    return answer.warnings;
  };

  return {
    batch: send,
    finish: async () => {
      // A run without a valid row opened no session: nothing to end.
      if (!seq) return noCounts();
      return (await post<EndAnswer>(IMPORT_END_PATH, JSON.stringify({ session }))).counts;
    },
  };
}
