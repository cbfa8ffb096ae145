/**
 * The pseudonyms of a check, obtained blindly (docs/PSEUDONYMS.md): this browser blinds the
 * identifiers (platform/src/pseudonyms/oprfBrowser.ts, pure JavaScript), the gateway relays the
 * blinded elements with the caller's token to the secretariat's evaluator, and this browser
 * unblinds its answer. What leaves the browser is random points: neither the identifier nor its
 * pseudonym is seen by the gateway or the evaluator. A check is a few elements: one batch.
 */
import { blindForPseudonymsInBrowser } from '../../../platform/src/pseudonyms/oprfBrowser.ts';

/** The gateway's relay to the evaluator (platform's PSEUDONYMS_PATH). */
export const PSEUDONYMS_PATH = '/pseudonyms/evaluate';

/** The evaluator (or the gateway before it) refused, or could not be asked: `code` is the network's error code. */
export class PseudonymsRefused extends Error {
  override readonly name = 'PseudonymsRefused';
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    /** When the budget is spent: minutes until it is renewed. */
    readonly retryAfterMinutes: number | null = null,
  ) {
    super(message);
  }
}

interface EvaluatorAnswer {
  key?: unknown;
  elements?: unknown;
  errors?: Array<{ message?: string; extensions?: { code?: string; retryAfterMinutes?: unknown } }>;
}

/** F_k of each identifier, in order; a PseudonymsRefused when the network does not evaluate them. */
export async function pseudonymsOf(identifiers: readonly string[], token: string): Promise<string[]> {
  const blinded = blindForPseudonymsInBrowser(identifiers);
  let response: Response;
  try {
    response = await fetch(PSEUDONYMS_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ elements: blinded.elements }),
    });
  } catch (err) {
    throw new PseudonymsRefused(String((err as Error)?.message ?? err), 'GATEWAY_UNREACHABLE', 0);
  }
  let body: EvaluatorAnswer;
  try {
    body = (await response.json()) as EvaluatorAnswer;
  } catch {
    throw new PseudonymsRefused(`HTTP ${response.status} without a JSON body`, 'BAD_RESPONSE', response.status);
  }
  if (response.status !== 200) {
    const error = body.errors?.[0];
    const minutes = retryMinutes(error?.extensions?.retryAfterMinutes, response.headers.get('retry-after'));
    throw new PseudonymsRefused(error?.message ?? `HTTP ${response.status}`, error?.extensions?.code ?? 'BAD_RESPONSE', response.status, minutes);
  }
  if (typeof body.key !== 'string' || !Array.isArray(body.elements) || !body.elements.every((e) => typeof e === 'string')) {
    throw new PseudonymsRefused('the evaluator answered without a key id or elements', 'BAD_RESPONSE', response.status);
  }
  try {
    return blinded.unblind(body.elements as string[]);
  } catch (err) {
    throw new PseudonymsRefused(String((err as Error)?.message ?? err), 'BAD_RESPONSE', response.status);
  }
}

/** The evaluator's retryAfterMinutes, else the Retry-After header's seconds in minutes (rounded up), else null. */
function retryMinutes(extension: unknown, header: string | null): number | null {
  if (typeof extension === 'number' && Number.isFinite(extension) && extension > 0) return Math.ceil(extension);
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : null;
}
