/**
 * The secretariat's own audit log: one entry per request it serves, written the
 * same way as a member's (subgraphs/common/src/audit), and the register of the
 * members' chain heads, in which it also records its own head.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { auditPlugin, openBeatingLog, SECRETARIAT_COUNTRY, type AuditRecord } from '@enlace/common';
import { AuditHeadRegister } from './auditHeads';
import type { SecretariatContext } from './context';

export interface SecretariatAuditOptions {
  /** The secretariat's own audit log (AUDIT_PATH); null: in memory (tests). */
  path?: string | null;
  /** The register of chain heads (AUDIT_HEADS_PATH); null: in memory. */
  headsPath?: string | null;
  /** fdatasync after each batch (default true). */
  sync?: boolean;
  /** How often the secretariat records its own head (default 60 s); also at close. */
  headIntervalMs?: number;
}

export interface SecretariatAudit {
  heads: AuditHeadRegister;
  plugins: ApolloServerPlugin<SecretariatContext>[];
  close(): Promise<void>;
}

export async function openSecretariatAudit(options: SecretariatAuditOptions = {}, report: (m: string) => void): Promise<SecretariatAudit> {
  const heads = await AuditHeadRegister.open(options.headsPath ?? null, report);
  const { log, close } = await openBeatingLog<AuditRecord>(options.path ?? null, {
    sync: options.sync,
    report,
    sender: { send: async (head) => void (await heads.record(SECRETARIAT_COUNTRY, head.seq, head.hash, 'secretariat')) },
    intervalMs: options.headIntervalMs,
  });
  return {
    heads,
    plugins: [auditPlugin<SecretariatContext>({ log, service: SECRETARIAT_COUNTRY, identityOf: (ctx) => ctx.identity, auditOf: () => undefined, recordsFromResponse: true })],
    close: async () => {
      await close();
      await heads.close();
    },
  };
}
