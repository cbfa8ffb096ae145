/**
 * The Apollo Server plugin that writes one audit entry per request, when its
 * answer is ready (willSendResponse): who asked, the operation, the purpose,
 * what the request's collector noted, the errors, and the decision. Denials
 * that never reached the collector (a resolver's own FORBIDDEN, a root field
 * refused for want of a purpose, a spent budget) are taken from the errors.
 *
 * Fail-closed (health.ts): the answer is released only once its entry is on
 * disk; an entry that cannot be written withholds the answer (AUDIT_UNAVAILABLE).
 * While the log is in trouble, every request is refused before it runs, and
 * those refusals, which served nothing, are not queued (memory stays bounded
 * however long the disk stays full). A write carried out just before the log
 * failed stands: its entry is kept for the retry and the answer says so.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestIdentity } from '../identity';
import { parseId } from '../ids';
import { currentRequest } from '../requestId';
import type { ChainLog } from './chainLog';
import type { AuditDecision, AuditRecord, AuditWithholding } from './entry';
import { auditUnavailable, auditUnavailableAnswer, type AuditHealth } from './health';
import { RequestAudit } from './requestAudit';

/** Error codes that are refusals under the protocol, not failures (SUBJECT_WITHHELD: a subject no grant opens to its requester). */
export const DENIAL_CODES: ReadonlySet<string> = new Set(['FORBIDDEN', 'PURPOSE_REQUIRED', 'RATE_LIMITED', 'SUBJECT_WITHHELD']);

export interface AuditPluginOptions<C> {
  log: ChainLog<AuditRecord>;
  /** Whether the log can account for requests now (default: whether it can be written). */
  health?: AuditHealth;
  /** The country code of the service keeping the log (XS for the secretariat). */
  service: string;
  identityOf: (ctx: C) => RequestIdentity | undefined;
  auditOf: (ctx: C) => RequestAudit | undefined;
  /**
   * For a service whose enforcement does not feed the collector (the
   * secretariat): the records delivered are the global ids in the answer.
   */
  recordsFromResponse?: boolean;
}

export function auditPlugin<C extends BaseContext>(options: AuditPluginOptions<C>): ApolloServerPlugin<C> {
  const health = options.health ?? (() => options.log.trouble());
  return {
    async requestDidStart() {
      let executed = false;
      return {
        async didResolveOperation() {
          if (health()) throw auditUnavailable();
        },
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse(rc) {
          if (!executed && health()) return withhold(rc.response, null); // refused unrun: nothing to account for
          const ctx = rc.contextValue as C | undefined;
          const identity = ctx ? options.identityOf(ctx) : undefined;
          const audit = (ctx && options.auditOf(ctx)) || new RequestAudit();
          const body = rc.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          const data = body.kind === 'single' ? body.singleResult.data : undefined;
          const hasData = !!data && Object.values(data).some((v) => v !== null);
          if (options.recordsFromResponse && data) for (const id of globalIdsIn(data)) audit.delivered(id, null);
          const record = auditRecord({
            service: options.service,
            identity,
            operation: { type: rc.operation?.operation ?? null, name: rc.operationName ?? rc.request.operationName ?? null, sha256: rc.queryHash ?? null },
            audit,
            errors,
            hasData,
          });
          // A mutation that ran and gave data, or wrote records, was carried out.
          const committed = executed && (record.wrote.length > 0 || (record.operation.type === 'mutation' && hasData));
          try {
            await options.log.append(record, { ifNotWritten: (r) => answerWithheld(r, committed) });
          } catch {
            withhold(rc.response, committed ? { records: record.wrote.length ? record.wrote : record.delivered.map((d) => d.record) } : null);
          }
        },
      };
    },
  };
}

/** Replaces the answer with the refusal (its data is never sent). */
function withhold(response: GraphQLResponse, committed: { records: string[] } | null): void {
  const { status, ...result } = auditUnavailableAnswer(committed);
  response.body = { kind: 'single', singleResult: result };
  response.http.status = status;
  const scope = currentRequest();
  if (scope) scope.outcome = 'AUDIT_UNAVAILABLE'; // observability read the answer before it was replaced
}

/**
 * What the log keeps of a request whose answer was withheld because its entry
 * could not be written: nothing was delivered; a write carried out stands.
 */
export function answerWithheld(record: AuditRecord, committed: boolean): AuditRecord {
  const { lookups, ...rest } = record;
  return {
    ...rest,
    decision: committed ? record.decision : 'REFUSED',
    delivered: [],
    hits: committed ? record.hits : null,
    ...(committed && lookups ? { lookups } : {}),
    errors: [...new Set([...record.errors, 'AUDIT_UNAVAILABLE'])].sort(),
  };
}

export interface RequestOutcome {
  service: string;
  identity: RequestIdentity | undefined;
  operation: AuditRecord['operation'];
  audit: RequestAudit;
  errors: readonly GraphQLFormattedError[];
  /** Whether any root field of the answer has data. */
  hasData: boolean;
}

export function auditRecord(o: RequestOutcome): AuditRecord {
  const failures = new Set<string>();
  let refusedAtRoot = false;
  for (const e of o.errors) {
    const code = String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    if (!DENIAL_CODES.has(code)) {
      failures.add(code);
      continue;
    }
    if ((e.path?.length ?? 0) <= 1) refusedAtRoot = true;
    const rule = typeof e.extensions?.rule === 'string' ? e.extensions.rule : code;
    if (!o.audit.hasWithheldRule(rule)) o.audit.withheld(null, (e.path ?? []).join('.') || '(request)', rule);
  }
  const s = o.audit.summary();
  const caller = o.identity?.caller;
  return {
    at: new Date().toISOString(),
    service: o.service,
    caller: caller
      ? {
          subject: caller.subject, country: caller.country, roles: [...caller.roles], issuer: caller.issuer,
          ...(caller.onBehalfOf ? { onBehalfOf: { ...caller.onBehalfOf, roles: [...caller.onBehalfOf.roles] } } : {}),
        }
      : null,
    operation: o.operation,
    purpose: o.identity?.purpose ?? null,
    caseRef: o.identity?.caseRef ?? null,
    decision: auditDecision({ ...s, failures: failures.size > 0, refusedAtRoot, hasData: o.hasData }),
    ...s,
    errors: [...failures].sort(),
  };
}

export function auditDecision(o: {
  delivered: unknown[]; withheld: AuditWithholding[]; hits: unknown[] | null; wrote: unknown[]; failures: boolean; refusedAtRoot: boolean; hasData: boolean;
}): AuditDecision {
  const gaveSomething = o.delivered.length > 0 || o.wrote.length > 0 || o.hits !== null || o.hasData;
  if (o.failures && !gaveSomething) return 'ERROR';
  if (o.refusedAtRoot && !gaveSomething) return 'REFUSED';
  if (o.withheld.length) return gaveSomething ? 'PARTIAL' : 'DENIED';
  return o.failures ? 'ERROR' : 'ALLOWED';
}

/** Every global id (AR:P:k3f9q2) held by an `id` field anywhere in an answer. */
export function globalIdsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) globalIdsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'string' && parseId(v)) out.add(v);
      else if (typeof v === 'object') globalIdsIn(v, out);
    }
  }
  return out;
}
