/**
 * How a member sends its audit chain head to the secretariat: the
 * `recordAuditHead` mutation, under the member's own service identity (never a
 * caller's token), so only this member can speak for its chain.
 */
import type { ChainHead, HeadSender } from '@enlace/common';
import type { SecretariatClient } from '../secretariatClient';

const MUTATION = 'mutation EnlaceAuditHead($country: String!, $seq: Int!, $hash: String!) { recordAuditHead(country: $country, seq: $seq, hash: $hash) { seq } }';

export function secretariatHeadSender(secretariat: SecretariatClient, country: string, options: { timeoutMs?: number } = {}): HeadSender {
  // The secretariat logs this call like any other: say why it is made.
  const why = { purpose: 'Audit chain head', caseRef: `AUDIT-${country}` };
  return {
    async send(head: ChainHead): Promise<void> {
      const body = await secretariat.ask<{ recordAuditHead?: { seq: number } | null }>(
        why, MUTATION, { country, seq: head.seq, hash: head.hash }, { timeoutMs: options.timeoutMs ?? 5000 },
      );
      if (body.data?.recordAuditHead?.seq !== head.seq) throw new Error(`the secretariat answered ${body.errors?.[0]?.message ?? 'no receipt'}`);
    },
  };
}
