/**
 * How a member anchors its audit chain at the secretariat, under the member's
 * own service identity (never a caller's token), so only this member can speak
 * for its chain: `recordAuditHead` sends a head, `auditHead` reads back the last
 * one held (asked at start: a member does not run behind its own anchored head).
 */
import type { ChainHead, HeadSender, HeldHead } from '@enlace/platform';
import type { SecretariatClient } from '../secretariatClient';

const RECORD = 'mutation EnlaceAuditHead($country: String!, $seq: Int!, $hash: String!) { recordAuditHead(country: $country, seq: $seq, hash: $hash) { seq } }';
const HELD = 'query EnlaceHeldAuditHead($country: String!) { auditHead(country: $country) { seq hash receivedAt } }';

export function secretariatHeadSender(secretariat: SecretariatClient, country: string, options: { timeoutMs?: number } = {}): HeadSender {
  // The secretariat logs these calls like any other: say why they are made.
  const why = { purpose: 'Audit chain head', caseRef: `AUDIT-${country}` };
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    holder: 'the secretariat',
    async send(head: ChainHead): Promise<void> {
      const body = await secretariat.ask<{ recordAuditHead?: { seq: number } | null }>(why, RECORD, { country, seq: head.seq, hash: head.hash }, { timeoutMs });
      if (body.data?.recordAuditHead?.seq !== head.seq) throw new Error(`the secretariat answered ${body.errors?.[0]?.message ?? 'no receipt'}`);
    },
    async held(): Promise<HeldHead | null> {
      const body = await secretariat.ask<{ auditHead?: HeldHead | null }>(why, HELD, { country }, { timeoutMs });
      // Only an answer counts: an error (the secretariat refusing, or failing) is no answer.
      if (body.errors?.length || body.data?.auditHead === undefined) throw new Error(`the secretariat answered ${body.errors?.[0]?.message ?? 'no head'}`);
      return body.data.auditHead;
    },
  };
}
