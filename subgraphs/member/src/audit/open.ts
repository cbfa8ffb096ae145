/**
 * A member's audit log as its server uses it: the chained file, the plugin that
 * writes one entry per request, a collector per request, and the beat that
 * sends the chain head to the secretariat.
 */
import {
  auditPlugin, NO_AUDIT, openBeatingLog, RequestAudit,
  type AuditRecord, type AuditTrouble, type ChainLog, type HeadSender,
} from '@enlace/platform';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MemberContext } from '../context';
import type { SecretariatClient } from '../secretariatClient';
import { secretariatHeadSender } from './heads';

export interface MemberAuditOptions {
  /** The JSON-lines file (AUDIT_PATH); null keeps the log in memory (tests). */
  path?: string | null;
  /** Each batch on disk before its answers go (default true; AUDIT_SYNC=false turns it off). */
  sync?: boolean;
  /** How often the chain head is sent to the secretariat, when it moved (AUDIT_HEAD_INTERVAL_MS, default 5 s); also sent at close. */
  headIntervalMs?: number;
  /** Where heads go; default: the secretariat's recordAuditHead under the member's service identity (none without both). */
  headSender?: HeadSender | null;
}

export interface MemberAudit {
  path: string | null | undefined;
  log: ChainLog<AuditRecord> | null;
  plugins: ApolloServerPlugin<MemberContext>[];
  collector(): RequestAudit;
  /** Why the log cannot account for requests now (null: it can): requests are then refused and /ready says why. */
  trouble(): AuditTrouble | null;
  close(): Promise<void>;
}

/** No audit log at all, not even in memory: only for a benchmark measuring what the log costs (forBenchmarks.ts). */
export const NO_MEMBER_AUDIT: MemberAudit = { path: undefined, log: null, plugins: [], collector: () => NO_AUDIT, trouble: () => null, close: async () => undefined };

export async function openMemberAudit(
  country: string,
  options: MemberAuditOptions = {},
  /** `secretariat`: the member's client, with a service identity (none: heads are not sent). */
  deps: { log: (m: string) => void; secretariat?: SecretariatClient | null },
): Promise<MemberAudit> {
  const path = options.path ?? null;
  const sender = options.headSender !== undefined
    ? options.headSender
    : deps.secretariat ? secretariatHeadSender(deps.secretariat, country) : null;
  if (!sender && path !== null) deps.log('audit: no service identity or secretariat to send chain heads to; the log is chained but its heads are kept nowhere else');
  // Behind the head the secretariat holds, this throws: the member does not start.
  const { log, trouble, close } = await openBeatingLog<AuditRecord>(path, { country, sync: options.sync, report: deps.log, sender, intervalMs: options.headIntervalMs });
  return {
    path,
    log,
    plugins: [auditPlugin<MemberContext>({ log, health: trouble, service: country, identityOf: (ctx) => ctx.identity, auditOf: (ctx) => ctx.audit })],
    collector: () => new RequestAudit(),
    trouble,
    close,
  };
}
