/**
 * Keeps the pseudonym index current (repository.ts says what it holds and why it is kept
 * beside the records' transactions rather than in them).
 */
import { PseudonymKeyChanged, PseudonymsRefused, type IdentifierKind, type Logger } from '@enlace/platform';
import { StoreBusyError, type Store } from '@enlace/store';
import type { PseudonymClient } from '../pseudonymClient';
import { countDue, dueIds, identifiersOf, sameInputs, writeEntries } from './repository';

/** How often the indexer asks the evaluator which keys it holds (one element of the member's budget): a rotation's new key is indexed within it. */
export const DEFAULT_KEY_CHECK_MS = 10 * 60_000;
/** How long after a write the pass waits for more (a burst of writes makes one pass), and how long at most. */
const QUIET_MS = 250;
const BURST_MS = 5_000;

/** What a person's `pseudonymsKey` holds once indexed under `keys`: the set, so the end of a rotation re-indexes each person under the new key alone. */
const markOf = (keys: readonly string[] | null): string => [...(keys ?? [])].sort().join(',');

export interface PseudonymIndexStatus {
  /** 'current': every person indexed under the evaluator's key; 'indexing': a pass is under way or the first is to come; 'waiting': the evaluator cannot be asked now (retried). */
  state: 'current' | 'indexing' | 'waiting';
  /** The evaluator's current key id (null before the evaluator answered once). */
  key: string | null;
  /** Every key the index is made with: the current one, and the next during a rotation. */
  keys: string[];
  /** Persons left to index when the last pass started or stopped. */
  pending: number;
  /** Why the indexer waits. */
  reason?: string;
}

export interface IndexerOptions {
  client: PseudonymClient;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Persons per batch (one evaluation and one transaction, short enough not to hold the member's writes: default 200). */
  batch?: number;
  /** First wait after the evaluator could not be asked (doubles up to 5 min; default 2 s). */
  retryMs?: number;
  /** How often the evaluator is asked which keys it holds (default 10 min). */
  keyCheckMs?: number;
}

/**
 * Keeps the index current: a pass at start, and one once writes pause (kick: each write moves
 * the pass a little later, at most BURST_MS after the first). One pass at a time; a kick during a
 * pass runs another after it. The member's own writes come first: a pass stops between batches
 * as soon as a write waits, and resumes when writes pause again, so an import or a prosecutor's
 * write never waits for more than one batch of the index. Marked persons are read by a scan of
 * the persons' key column, so a pass costs one scan even when nothing is due.
 */
export class PseudonymIndexer {
  /** The evaluator's keys, its current one first; the index is made with each. */
  private keys: string[] | null = null;
  private keyAskedAt = 0;
  private readonly keyCheck: NodeJS.Timeout;
  private pending = 0;
  private reason: string | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private burstFrom = 0;
  private retryMs: number;
  private closed = false;
  private readonly idle: Array<() => void> = [];

  constructor(private readonly store: Store, private readonly options: IndexerOptions) {
    this.retryMs = options.retryMs ?? 2_000;
    // A rotation's key is found by asking: a pass now and then even when nothing is written.
    this.keyCheck = setInterval(() => {
      this.keyAskedAt = 0;
      this.kick(0);
    }, options.keyCheckMs ?? DEFAULT_KEY_CHECK_MS);
    this.keyCheck.unref?.();
  }

  status(): PseudonymIndexStatus {
    // Before its first pass has asked the evaluator, nothing says the index is current.
    const state = this.reason ? 'waiting' : this.running || this.pending || !this.keys ? 'indexing' : 'current';
    return { state, key: this.keys?.[0] ?? null, keys: this.keys ?? [], pending: this.pending, ...(this.reason ? { reason: this.reason } : {}) };
  }

  /** Runs a pass once writes pause (debounced: writes in a burst make one pass). */
  kick(delayMs = QUIET_MS): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const now = Date.now();
    if (this.timer) {
      if (now - this.burstFrom >= BURST_MS) return; // a long burst: the pass armed runs, writes or not
      clearTimeout(this.timer);
    } else {
      this.burstFrom = now;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass().finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else if (!this.reason && !this.timer && this.pending === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
    }, delayMs);
    this.timer.unref?.();
  }

  /** Resolves once no person is left to index (tests, and a member's operator waiting for an import to be findable). */
  settled(): Promise<void> {
    if (!this.running && !this.timer && !this.pending && !this.reason && this.keys) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle.push(resolve);
      if (!this.running && !this.timer) this.kick(0);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.keyCheck);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<void> {
    const batch = this.options.batch ?? 200;
    try {
      // The evaluator's key, asked again now and then: persons indexed under another are due too.
      if (!this.keys || Date.now() - this.keyAskedAt >= (this.options.keyCheckMs ?? DEFAULT_KEY_CHECK_MS)) {
        this.keys = (await this.options.client.pseudonymise(['enlace-key-probe'])).keys;
        this.keyAskedAt = Date.now();
      }
      this.pending = await countDue(this.store, markOf(this.keys));
      if (this.pending > batch) this.options.logger.info(`pseudonym index: indexing ${this.pending} persons`);
      while (!this.closed) {
        if (this.writesWaiting()) break; // the member's writes first; the kick of each resumes the pass after it
        const ids = await dueIds(this.store, markOf(this.keys), batch);
        if (!ids.length) break;
        // None written: each changed while it was pseudonymised; the next kick takes them up.
        if (!(await this.indexBatch(ids))) break;
        this.pending = Math.max(0, this.pending - ids.length);
      }
      this.pending = this.writesWaiting() ? this.pending : 0;
      this.reason = undefined;
      this.retryMs = this.options.retryMs ?? 2_000;
    } catch (err: unknown) {
      if (err instanceof PseudonymKeyChanged) {
        this.keyAskedAt = 0; // a rotation began or ended: ask again, and index under the new keys
        this.again = true;
        return;
      }
      if (err instanceof StoreBusyError) {
        this.again = true; // the member's writes come first: try again once they pause
        return;
      }
      this.reason = err instanceof PseudonymsRefused ? `the evaluator refused: ${err.message} (${err.code})` : `the pseudonym index cannot be brought up to date: ${err instanceof Error ? err.message : String(err)}`;
      this.options.logger.warn(`pseudonym index: ${this.reason}; trying again in ${Math.round(this.retryMs / 1000)} s`);
      const wait = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, 300_000);
      if (!this.closed) setTimeout(() => this.kick(0), wait).unref?.();
    }
  }

  private writesWaiting(): boolean {
    return this.store.health().queuedWrites > 0;
  }

  /** Pseudonymises these persons' identifiers and writes the entries of those unchanged since they were read. */
  private async indexBatch(ids: string[]): Promise<number> {
    const read = await identifiersOf({ run: (c, p) => this.store.read(c, p) }, ids);
    const inputs = [...read.values()].flatMap((entries) => entries.map((e) => e.input));
    const keys = this.keys ?? [];
    // Under every key the evaluator holds: during a rotation, checks under either find the person.
    const valuesOf = new Map<string, string[]>(inputs.map((input) => [input, []]));
    for (const key of keys) {
      const made = await this.options.client.pseudonymise(inputs, undefined, key);
      if (made.key !== key || made.keys.join(',') !== keys.join(',')) throw new PseudonymKeyChanged(`the evaluator's keys changed (${keys.join(', ')} → ${made.keys.join(', ')}): asked again at the next pass`);
      inputs.forEach((input, i) => valuesOf.get(input)!.push(made.pseudonyms[i]));
    }
    return this.store.write(async (tx) => {
      // Written only for persons whose identifiers are still those pseudonymised (a write in between leaves them marked).
      const now = await identifiersOf(tx, ids);
      const entries = new Map<string, Array<{ kind: IdentifierKind; value: string }>>();
      for (const [id, current] of now) {
        if (sameInputs(read.get(id), current)) entries.set(id, current.flatMap((e) => valuesOf.get(e.input)!.map((value) => ({ kind: e.kind, value }))));
      }
      await writeEntries(tx, entries, markOf(keys));
      return entries.size;
    });
  }
}
