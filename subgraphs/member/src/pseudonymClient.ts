/**
 * How a member obtains the pseudonyms of its own records' identifiers (its index) from the
 * secretariat's evaluator, with its service identity: platform's obtainPseudonyms, blinded
 * with Node's own crypto. The secretariat never sees an input or a pseudonym.
 */
import { obtainPseudonyms, PseudonymsUnreachable, type Caller, type PrfKey, type Pseudonymised, type ServiceIdentity } from '@enlace/platform';

export { PSEUDONYMS_PATH, PseudonymKeyChanged, PseudonymsRefused, type Pseudonymised } from '@enlace/platform';

export interface PseudonymClient {
  /** The pseudonyms of `inputs` on the member's own account (its index), for `concerning` (a prosecutor's check), under `key` (default: the evaluator's current one). */
  pseudonymise(inputs: readonly string[], concerning?: Caller, key?: string): Promise<Pseudonymised>;
}

export function pseudonymClient(secretariatUrl: string, options: { service?: ServiceIdentity; batch?: number; timeoutMs?: number }): PseudonymClient {
  return {
    pseudonymise(inputs, concerning, key) {
      const service = options.service;
      if (!service) return Promise.reject(new PseudonymsUnreachable('this member has no service identity to ask the secretariat with (MEMBER_SERVICE_KEY)'));
      return obtainPseudonyms(inputs, { url: secretariatUrl, token: () => service.token(concerning), batch: options.batch, timeoutMs: options.timeoutMs, key });
    },
  };
}

/**
 * F_k computed with the key itself, in this process: the pseudonyms the blinded round trip gives,
 * without the round trip. Only where the key is at hand anyway, and its holder is not the point:
 * test networks and benchmarks whose members' indexing is not what they measure.
 */
export function keyHolderClient(key: PrfKey): PseudonymClient {
  return {
    async pseudonymise(inputs) {
      const pseudonyms: string[] = [];
      for (let at = 0; at < inputs.length; at += 64) {
        if (at) await new Promise((resolve) => setImmediate(resolve)); // the servers in this process keep answering
        pseudonyms.push(...inputs.slice(at, at + 64).map((input) => key.pseudonym(input)));
      }
      return { key: key.id, keys: [key.id], pseudonyms };
    },
  };
}
