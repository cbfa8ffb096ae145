/**
 * The secretariat's own audit log: one entry per request it serves, written the
 * same way as a member's (platform/src/audit), and the register of the
 * members' chain heads, in which it also records its own head. At start its own
 * log is checked against the last head the register holds for it (XS): behind
 * it, the secretariat does not start.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  allReady, auditPlugin, auditReadiness, openBeatingLog, SECRETARIAT_COUNTRY, type AuditRecord, type AuditTrouble, type ChainLog, type Readiness,
} from '@enlace/platform';
import { AuditHeadRegister } from './auditHeads';
import type { SecretariatContext } from './context';

export interface SecretariatAuditOptions {
  /** The secretariat's own audit log (AUDIT_PATH); null: in memory (tests). */
  path?: string | null;
  /** The register of chain heads (AUDIT_HEADS_PATH); null: in memory. */
  headsPath?: string | null;
  /** Each batch on disk before its answers go (default true). */
  sync?: boolean;
  /** How often the secretariat records its own head, when it moved (default 5 s); also at close. */
  headIntervalMs?: number;
}

export interface SecretariatAudit {
  heads: AuditHeadRegister;
  plugins: ApolloServerPlugin<SecretariatContext>[];
  /** The log itself, for the requests served outside GraphQL (the pseudonym evaluator), and why it cannot be written now. */
  log: ChainLog<AuditRecord>;
  trouble(): AuditTrouble | null;
  /** The audit part of /ready: its own log, and the register of heads. */
  readiness(): Readiness;
  close(): Promise<void>;
}

export async function openSecretariatAudit(options: SecretariatAuditOptions = {}, report: (m: string) => void): Promise<SecretariatAudit> {
  const heads = await AuditHeadRegister.open(options.headsPath ?? null, report);
  const { log, trouble, close } = await openBeatingLog<AuditRecord>(options.path ?? null, {
    country: SECRETARIAT_COUNTRY,
    sync: options.sync,
    report,
    sender: {
      holder: 'its register of audit heads',
      send: async (head) => void (await heads.record(SECRETARIAT_COUNTRY, head.seq, head.hash, 'secretariat')),
      held: async () => heads.held(SECRETARIAT_COUNTRY),
    },
    intervalMs: options.headIntervalMs,
  }).catch(async (err: unknown) => {
    await heads.close();
    throw err;
  });
  return {
    heads,
    log,
    trouble,
    plugins: [auditPlugin<SecretariatContext>({
      log, health: trouble, service: SECRETARIAT_COUNTRY, identityOf: (ctx) => ctx.identity, auditOf: () => undefined, recordsFromResponse: true,
    })],
    readiness: () => allReady(auditReadiness(trouble), auditReadiness(() => heads.trouble(), 'auditHeads')),
    close: async () => {
      await close();
      await heads.close();
    },
  };
}
