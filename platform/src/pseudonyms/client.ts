/**
 * How a party obtains pseudonyms from the secretariat's evaluator (docs/PSEUDONYMS.md): it
 * blinds its inputs (Node's own crypto here; oprfBrowser.ts in a browser), sends only the
 * blinded elements with its token, and unblinds the answer; the evaluator never sees an input
 * or a pseudonym. A member asks at the secretariat with its service identity (its index), a
 * requester at the gateway, which relays to the same evaluator (a check). Batches of at most
 * `batch` elements (the evaluator's ENLACE_PRF_BATCH_MAX), one after the other.
 */
import { blindForPseudonyms } from './oprf';
import type { BlindedBatch } from './oprfShared';

export const PSEUDONYMS_PATH = '/pseudonyms/evaluate';

/** The evaluator answered, but refused: `code` is its registered error code (PSEUDONYM_BUDGET_SPENT, …). */
export class PseudonymsRefused extends Error {
  override readonly name = 'PseudonymsRefused';
  constructor(message: string, readonly status: number, readonly code: string) {
    super(message);
  }
}

/** The evaluator could not be asked, or answered something that is not an evaluation. */
export class PseudonymsUnreachable extends Error {
  override readonly name = 'PseudonymsUnreachable';
}

/** The evaluator's key changed between two batches of one call (a rotation): the pseudonyms would not match each other; ask again. */
export class PseudonymKeyChanged extends Error {
  override readonly name = 'PseudonymKeyChanged';
}

export interface Pseudonymised {
  /** Which key made them (the evaluator's key id): pseudonyms of two keys never match. */
  key: string;
  /** The keys the evaluator holds, its current one first (two during a rotation: docs/PSEUDONYMS.md). */
  keys: string[];
  /** F_k(input) for each input, in order. */
  pseudonyms: string[];
}

export interface EvaluatorAccess {
  /** The base URL of the secretariat or the gateway (PSEUDONYMS_PATH is added). */
  url: string;
  /** The bearer token to ask with (asked once per batch: a service identity's tokens are short-lived). */
  token: () => string | Promise<string>;
  /** Further headers (e.g. a purpose). */
  headers?: Record<string, string>;
  batch?: number;
  timeoutMs?: number;
  /** The blinding (default Node's: blindForPseudonyms). */
  blind?: (inputs: readonly string[]) => BlindedBatch;
  /** The key id to be evaluated with (default: the evaluator's current key). */
  key?: string;
}

/** The pseudonyms of `inputs`, blinded through the evaluator at `access.url`. */
export async function obtainPseudonyms(inputs: readonly string[], access: EvaluatorAccess): Promise<Pseudonymised> {
  const url = new URL(PSEUDONYMS_PATH, access.url).toString();
  const batch = access.batch ?? 1000;
  const blind = access.blind ?? blindForPseudonyms;
  const pseudonyms: string[] = [];
  let key: string | undefined;
  let keys: string[] = [];
  for (let at = 0; at < inputs.length; at += batch) {
    const part = inputs.slice(at, at + batch);
    const slices: BlindedBatch[] = [];
    for (let from = 0; from < part.length; from += SLICE) {
      if (from) await nextTurn();
      slices.push(blind(part.slice(from, from + SLICE)));
    }
    const answer = await evaluate(url, slices.flatMap((s) => s.elements), access);
    if (key !== undefined && answer.key !== key) throw new PseudonymKeyChanged(`the secretariat's pseudonym key changed from ${key} to ${answer.key} between two batches: ask again`);
    key = answer.key;
    keys = answer.keys;
    let from = 0;
    for (const [i, slice] of slices.entries()) {
      if (i) await nextTurn();
      pseudonyms.push(...slice.unblind(answer.elements.slice(from, (from += slice.elements.length))));
    }
  }
  return { key: key ?? '', keys, pseudonyms };
}

/** Inputs blinded (or unblinded) per turn of the event loop: 64 are about 50 ms of one core, and requests wait for none of it. */
const SLICE = 64;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function evaluate(url: string, elements: string[], access: EvaluatorAccess): Promise<{ key: string; keys: string[]; elements: unknown[] }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { ...access.headers, 'content-type': 'application/json', authorization: `Bearer ${await access.token()}` },
      body: JSON.stringify(access.key ? { elements, key: access.key } : { elements }),
      signal: AbortSignal.timeout(access.timeoutMs ?? 30_000),
    });
  } catch (err) {
    throw new PseudonymsUnreachable(`the pseudonym evaluator cannot be asked (${(err as Error).message})`);
  }
  let body: { key?: unknown; keys?: unknown; elements?: unknown; errors?: Array<{ message?: string; extensions?: { code?: string } }> };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new PseudonymsUnreachable(`the pseudonym evaluator answered HTTP ${res.status} without a JSON body`);
  }
  if (res.status !== 200) {
    const error = body.errors?.[0];
    throw new PseudonymsRefused(error?.message ?? `HTTP ${res.status}`, res.status, error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  }
  if (typeof body.key !== 'string' || !Array.isArray(body.elements)) throw new PseudonymsUnreachable('the pseudonym evaluator answered without a key id or elements');
  const keys = Array.isArray(body.keys) ? body.keys.map(String) : [body.key];
  return { key: body.key, keys, elements: body.elements };
}
