/**
 * The register of audit chain heads (PROTOCOL.md, "The audit log"): each member
 * sends the head of its audit chain (sequence number and hash) under its own
 * service identity; the secretariat keeps them append-only in a hash-chained
 * file of its own (audit-heads.jsonl), which `npm run audit -- verify` reads.
 * A head that goes back on one already held is refused and reported: the
 * member's log was cut or rewritten.
 */
import { badInput, ChainLog, forbidden, HASH_PATTERN, validate as v, type HeadRecord } from '@enlace/common';
import { ruleOf, type SecretariatContext } from './context';

export class AuditHeadRegister {
  private constructor(
    private readonly log: ChainLog<HeadRecord>,
    private readonly latest: Map<string, HeadRecord>,
    private readonly report: (m: string) => void,
  ) {}

  /** Opens the register at `path` (null: in memory), reading the heads it holds. */
  static async open(path: string | null, report: (m: string) => void): Promise<AuditHeadRegister> {
    const log = await ChainLog.open<HeadRecord>(path, { log: report });
    const latest = new Map<string, HeadRecord>();
    for await (const h of log.entries()) latest.set(h.country, h);
    return new AuditHeadRegister(log, latest, report);
  }

  /** Records a head once written to disk; refuses one that goes back on the last held. */
  async record(country: string, seq: number, hash: string, by: string): Promise<HeadRecord> {
    const last = this.latest.get(country);
    if (last && last.headSeq === seq && last.headHash === hash) return last; // sent again: nothing new
    if (last && (seq <= last.headSeq)) {
      this.report(`audit heads: ${country} sent entry ${seq} (${hash.slice(0, 16)}…), which goes back on the head held at entry ${last.headSeq} (${last.headHash.slice(0, 16)}…): its log was cut or rewritten`);
      throw badInput('seq', `goes back on the head already held for ${country} (entry ${last.headSeq}); heads only move forward`);
    }
    const head: HeadRecord = { country, headSeq: seq, headHash: hash, at: new Date().toISOString(), by };
    // Held at once, so that a concurrent head for the same country is checked against it.
    this.latest.set(country, head);
    this.log.append(head);
    await this.log.flush();
    return head;
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function auditHeadResolvers(register: AuditHeadRegister) {
  return {
    recordAuditHead: async (_: unknown, args: Args, ctx: SecretariatContext) => {
      const country = v.country('country', args.country);
      const { caller } = ctx.identity;
      // Only the member's own system speaks for its chain (the protocol's rule admits any service identity).
      if (!caller.roles.includes('service') || caller.country !== country) {
        throw forbidden(ruleOf(ctx, 'Mutation.recordAuditHead'), ctx.protocol.version);
      }
      const seq = v.intBetween('seq', args.seq, 1, Number.MAX_SAFE_INTEGER, 0);
      const hash = String(args.hash ?? '');
      if (!HASH_PATTERN.test(hash)) throw badInput('hash', 'must be a SHA-256 hash in lower-case hex');
      const head = await register.record(country, seq, hash, caller.subject);
      return { country, seq: head.headSeq, hash: head.headHash, receivedAt: head.at };
    },
  };
}
