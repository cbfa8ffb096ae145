/**
 * The register of audit chain heads (PROTOCOL.md, "The audit log"): each member
 * sends the head of its audit chain (sequence number and hash) under its own
 * service identity; the secretariat keeps them append-only in a hash-chained
 * file of its own (audit-heads.jsonl), which `npm run audit -- verify` reads.
 * A head that goes back on one already held, or contradicts it, is refused and
 * reported: the member's log was cut or rewritten. A member reads back the last
 * head held for it at start (`auditHead`), so as not to run behind it.
 */
import {
  AuditLogUnavailable, auditUnavailable, badInput, ChainLog, HASH_PATTERN, validate as v,
  type AuditTrouble, type HeadRecord, type HeldHead,
} from '@enlace/platform';
import { ruleOf, type SecretariatContext } from './context';
import type { MutationResolvers, QueryResolvers } from './generated/resolvers';
import { forbidden } from './protocol';

export class AuditHeadRegister {
  private constructor(
    private readonly log: ChainLog<HeadRecord>,
    private readonly latest: Map<string, HeadRecord>,
    private readonly report: (m: string) => void,
  ) {}

  /** Opens the register at `path` (null: in memory), reading the heads it holds. */
  static async open(path: string | null, report: (m: string) => void): Promise<AuditHeadRegister> {
    const log = await ChainLog.open<HeadRecord>(path, { log: report, name: 'the register of audit heads (AUDIT_HEADS_PATH)' });
    const latest = new Map<string, HeadRecord>();
    for await (const h of log.entries()) latest.set(h.country, h);
    return new AuditHeadRegister(log, latest, report);
  }

  /** Records a head once written to disk; refuses one that goes back on the last held or contradicts it. */
  async record(country: string, seq: number, hash: string, by: string): Promise<HeadRecord> {
    const last = this.latest.get(country);
    if (last && last.headSeq === seq && last.headHash === hash) {
      await this.written(() => this.log.flush()); // sent again: nothing new, once it is on disk
      return last;
    }
    if (last && seq <= last.headSeq) {
      const how = seq === last.headSeq ? 'contradicts' : 'goes back on';
      this.report(`audit heads: ${country} sent entry ${seq} (${hash.slice(0, 16)}…), which ${how} the head held at entry ${last.headSeq} (${last.headHash.slice(0, 16)}…): its log was cut or rewritten`);
      throw badInput('seq', `${how} the head already held for ${country} (entry ${last.headSeq}); heads only move forward`);
    }
    const head: HeadRecord = { country, headSeq: seq, headHash: hash, at: new Date().toISOString(), by };
    // Held at once, so that a concurrent head for the same country is checked against it; kept queued until written.
    this.latest.set(country, head);
    await this.written(() => this.log.append(head));
    return head;
  }

  /** The last head held for `country` (null: none yet). */
  held(country: string): HeldHead | null {
    const last = this.latest.get(country);
    return last ? { seq: last.headSeq, hash: last.headHash, receivedAt: last.at } : null;
  }

  /** Why the register cannot be written now (null: it can): heads are refused meanwhile. */
  trouble(): AuditTrouble | null {
    return this.log.trouble();
  }

  /** Waits for the register's disk; a register that cannot be written refuses the head (the member retries). */
  private async written(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (err instanceof AuditLogUnavailable) throw auditUnavailable();
      throw err;
    }
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

export function auditHeadResolvers(register: AuditHeadRegister) {
  /** Only the member's own system speaks for its chain, and reads back its head (the protocol's rule admits any service identity). */
  const ownSystem = (ctx: SecretariatContext, args: { country: string }, field: string): string => {
    const country = v.country('country', args.country);
    const { caller } = ctx.identity;
    if (!caller.roles.includes('service') || caller.country !== country) throw forbidden(ruleOf(ctx, field), ctx.protocol.version);
    return country;
  };
  return {
    Query: {
      auditHead: (_, args, ctx) => {
        const country = ownSystem(ctx, args, 'Query.auditHead');
        const held = register.held(country);
        return held && { country, ...held };
      },
    } satisfies QueryResolvers,
    Mutation: {
      recordAuditHead: async (_, args, ctx) => {
        const country = ownSystem(ctx, args, 'Mutation.recordAuditHead');
        const seq = v.intBetween('seq', args.seq, 1, Number.MAX_SAFE_INTEGER, 0);
        const hash = args.hash;
        if (!HASH_PATTERN.test(hash)) throw badInput('hash', 'must be a SHA-256 hash in lower-case hex');
        const head = await register.record(country, seq, hash, ctx.identity.caller.subject);
        return { country, seq: head.headSeq, hash: head.headHash, receivedAt: head.at };
      },
    } satisfies MutationResolvers,
  };
}
