/**
 * How a member obtains pseudonyms from the secretariat's evaluator
 * (docs/PSEUDONYMS.md): it blinds its inputs here (Node's own crypto), sends
 * only the blinded elements with its service identity, and unblinds the
 * answer; the secretariat never sees an input or a pseudonym. Batches of at
 * most `batch` elements (the evaluator's ENLACE_PRF_BATCH_MAX), one after the other.
 */
import { blindForPseudonyms, type Caller, type ServiceIdentity } from '@enlace/platform';
import { SecretariatUnreachable } from './secretariatClient';

export const PSEUDONYMS_PATH = '/pseudonyms/evaluate';

/** The evaluator answered, but refused: `code` is its registered error code (PSEUDONYM_BUDGET_SPENT, …). */
export class PseudonymsRefused extends Error {
  override readonly name = 'PseudonymsRefused';
  constructor(message: string, readonly status: number, readonly code: string) {
    super(message);
  }
}

/** The evaluator's key changed between two batches of one call (a rotation): the pseudonyms would not match each other; ask again. */
export class PseudonymKeyChanged extends Error {
  override readonly name = 'PseudonymKeyChanged';
}

export interface Pseudonymised {
  /** Which key made them (the evaluator's key id): pseudonyms of two keys never match. */
  key: string;
  /** F_k(input) for each input, in order. */
  pseudonyms: string[];
}

export interface PseudonymClient {
  /** The pseudonyms of `inputs`, for `concerning` (a requester's check) or on the member's own account (its index). */
  pseudonymise(inputs: readonly string[], concerning?: Caller): Promise<Pseudonymised>;
}

export function pseudonymClient(secretariatUrl: string, options: { service?: ServiceIdentity; batch?: number; timeoutMs?: number }): PseudonymClient {
  const url = new URL(PSEUDONYMS_PATH, secretariatUrl).toString();
  const batch = options.batch ?? 1000;

  async function evaluate(elements: string[], concerning: Caller | undefined): Promise<{ key: string; elements: unknown[] }> {
    if (!options.service) throw new SecretariatUnreachable('this member has no service identity to ask the secretariat with (MEMBER_SERVICE_KEY)');
    const token = await options.service.token(concerning);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ elements }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new SecretariatUnreachable(`the secretariat's pseudonym evaluator cannot be asked (${(err as Error).message})`);
    }
    let body: { key?: unknown; elements?: unknown; errors?: Array<{ message?: string; extensions?: { code?: string } }> };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new SecretariatUnreachable(`the secretariat's pseudonym evaluator answered HTTP ${res.status} without a JSON body`);
    }
    if (res.status !== 200) {
      const error = body.errors?.[0];
      throw new PseudonymsRefused(error?.message ?? `HTTP ${res.status}`, res.status, error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    }
    if (typeof body.key !== 'string' || !Array.isArray(body.elements)) throw new SecretariatUnreachable('the secretariat\'s pseudonym evaluator answered without a key id or elements');
    return { key: body.key, elements: body.elements };
  }

  return {
    async pseudonymise(inputs, concerning) {
      const pseudonyms: string[] = [];
      let key: string | undefined;
      for (let at = 0; at < inputs.length; at += batch) {
        const blinded = blindForPseudonyms(inputs.slice(at, at + batch));
        const answer = await evaluate(blinded.elements, concerning);
        // A key rotated between two batches: the pseudonyms would not match each other. The caller starts again.
        if (key !== undefined && answer.key !== key) throw new PseudonymKeyChanged(`the secretariat's pseudonym key changed from ${key} to ${answer.key} between two batches: ask again`);
        key = answer.key;
        pseudonyms.push(...blinded.unblind(answer.elements));
      }
      return { key: key ?? '', pseudonyms };
    },
  };
}
