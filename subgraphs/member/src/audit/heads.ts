/**
 * How a member sends its audit chain head to the secretariat: the
 * `recordAuditHead` mutation, under the member's own service identity (never a
 * caller's token), so only this member can speak for its chain.
 */
import type { ChainHead, HeadSender, ServiceIdentity } from '@enlace/common';

const MUTATION = 'mutation EnlaceAuditHead($country: String!, $seq: Int!, $hash: String!) { recordAuditHead(country: $country, seq: $seq, hash: $hash) { seq } }';

export function secretariatHeadSender(url: string, service: ServiceIdentity, options: { timeoutMs?: number } = {}): HeadSender {
  return {
    async send(head: ChainHead): Promise<void> {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await service.token()}`,
          // The secretariat logs this call like any other: say why it is made.
          'x-enlace-purpose': 'Audit chain head',
          'x-enlace-case-ref': `AUDIT-${service.country}`,
        },
        body: JSON.stringify({ query: MUTATION, variables: { country: service.country, seq: head.seq, hash: head.hash } }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      const body = (await res.json().catch(() => ({}))) as { data?: { recordAuditHead?: { seq: number } | null }; errors?: Array<{ message?: string }> };
      if (body.data?.recordAuditHead?.seq !== head.seq) {
        throw new Error(`the secretariat answered HTTP ${res.status}: ${body.errors?.[0]?.message ?? 'no receipt'}`);
      }
    },
  };
}
