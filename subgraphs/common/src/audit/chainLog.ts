/**
 * An append-only, hash-chained JSON-lines log: the audit log of a member or the
 * secretariat, and the secretariat's register of chain heads.
 *
 * Group commit: `append` only queues the entry (no hashing, no I/O on the
 * request path); a flush a few milliseconds later chains and writes everything
 * queued in one write (and one fdatasync), and whatever arrives meanwhile goes
 * in the next batch. `close` writes what is left, so a
 * clean stop loses nothing. On open, the last line is read and checked, and the
 * chain continues from it; a broken tail stops the process with a clear message
 * rather than chaining onto something unverifiable.
 */
import { closeSync, createReadStream, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { chainEntry, checkLine, GENESIS, type ChainedEntry, type ChainHead } from './chain';

export interface ChainLogOptions {
  /** fdatasync after each batch (default true): an entry written is on disk. */
  sync?: boolean;
  /**
   * How long a batch collects entries before it is written (default 10 ms):
   * fewer, larger writes and syncs, which share node's I/O threads with the store.
   */
  batchMs?: number;
  /** Where write failures are reported. */
  log?: (message: string) => void;
}

export class BrokenLogError extends Error {
  override name = 'BrokenLogError';
}

export class ChainLog<T extends object> {
  private queue: T[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private closed = false;
  /** For a log kept in memory (tests, no path): the stored lines. */
  private readonly memory: string[] | null;

  private constructor(
    /** The file, or null for a log kept in memory. */
    readonly path: string | null,
    private handle: FileHandle | null,
    private head: ChainHead,
    private readonly options: ChainLogOptions,
  ) {
    this.memory = path === null ? [] : null;
  }

  /** Opens (or creates) the log at `path`, continuing its chain; `null` keeps it in memory. */
  static async open<T extends object>(path: string | null, options: ChainLogOptions = {}): Promise<ChainLog<T>> {
    if (path === null) return new ChainLog<T>(null, null, { seq: 0, hash: GENESIS }, options);
    mkdirSync(dirname(path), { recursive: true });
    const head = readTail(path);
    const handle = await open(path, 'a', 0o600);
    return new ChainLog<T>(path, handle, head, options);
  }

  /** Queues an entry; it is chained and written with the next batch. */
  append(body: T): void {
    if (this.closed) throw new Error(`audit log ${this.path ?? '(memory)'} is closed`);
    this.queue.push(body);
    if (!this.scheduled) {
      this.scheduled = true;
      const run = () => {
        this.scheduled = false;
        this.flush().catch(() => undefined); // reported by writeBatch; retried with the next batch or at close
      };
      const delay = this.options.batchMs ?? 10;
      if (delay > 0) setTimeout(run, delay).unref();
      else setImmediate(run);
    }
  }

  /** The last written entry's sequence number and hash (after `flush`, everything appended so far). */
  get lastHead(): ChainHead {
    return { ...this.head };
  }

  /** Entries queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything queued so far; resolves once it is written. */
  async flush(): Promise<void> {
    while (this.flushing || this.queue.length) {
      if (!this.flushing) this.flushing = this.writeBatch().finally(() => (this.flushing = null));
      await this.flushing;
    }
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    let head = this.head;
    const lines: string[] = [];
    for (const body of batch) {
      const { entry, line } = chainEntry(body, head);
      head = { seq: entry.seq, hash: entry.hash };
      lines.push(line);
    }
    if (this.memory) {
      this.memory.push(...lines);
      this.head = head;
      return;
    }
    try {
      await this.handle!.write(`${lines.join('\n')}\n`);
      if (this.options.sync !== false) await this.handle!.datasync();
      this.head = head;
    } catch (err) {
      // Not written: put the batch back in front, to be retried with the next one.
      this.queue = [...batch, ...this.queue];
      (this.options.log ?? console.error)(`audit log ${this.path}: cannot write ${batch.length} entries, will retry: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Every stored line, oldest first (written entries only: flush first to include the queue). */
  async *lines(): AsyncGenerator<string> {
    if (this.memory) {
      yield* this.memory.slice();
      return;
    }
    for await (const line of fileLines(this.path!)) if (line) yield line;
  }

  /** Every written entry, oldest first (parsed, not verified: `verifyChain` verifies). */
  async *entries(): AsyncGenerator<ChainedEntry<T>> {
    for await (const line of this.lines()) yield JSON.parse(line) as ChainedEntry<T>;
  }

  /** Writes what is queued and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.handle?.close();
      this.handle = null;
    }
  }
}

/** The lines of a file, without ending newlines; an unfinished last line is yielded as it is. */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
    input.destroy();
  }
}

/** The head of the chain stored at `path`: its last entry, checked (seq 0 and GENESIS when empty or absent). */
export function readTail(path: string): ChainHead {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, hash: GENESIS };
    throw err;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { seq: 0, hash: GENESIS };
    const broken = (why: string) =>
      new BrokenLogError(`${path} ${why}. Refusing to continue a chain that cannot be verified: keep the file as evidence, check it with \`npm run audit -- verify\`, and move it aside to start a new log.`);
    // Read backwards, in growing chunks, until the start of the last line.
    let chunk = 64 * 1024;
    for (;;) {
      const start = Math.max(0, size - chunk);
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      const text = buf.toString('utf8');
      if (!text.endsWith('\n')) throw broken(`ends with an incomplete entry (the last write did not finish)`);
      const body = text.slice(0, -1);
      const cut = body.lastIndexOf('\n');
      if (cut < 0 && start > 0) {
        chunk *= 4;
        continue;
      }
      const last = body.slice(cut + 1);
      const checked = checkLine<object>(last);
      if (!checked.ok) throw broken(`has a last entry that ${checked.problem}`);
      return { seq: checked.entry.seq, hash: checked.entry.hash };
    }
  } finally {
    closeSync(fd);
  }
}
