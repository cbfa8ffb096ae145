/**
 * An append-only, hash-chained JSON-lines log: the audit log of a member or the
 * secretariat, and the secretariat's register of chain heads.
 *
 * Group commit without a fixed delay: `append` queues the entry and resolves
 * once it is on disk. A batch starts on the next turn of the event loop and
 * chains and writes everything queued in one write, on disk when it returns (the
 * file is opened with O_DSYNC: one trip to the thread pool where a write and an
 * fdatasync took two); whatever arrives meanwhile goes in the next batch, written
 * as soon as this one is done.
 *
 * A write that fails (a full disk) never leaves part of a batch behind: the file
 * is cut back to its last whole entry (ftruncate to the size before the write),
 * the batch goes back in front of the queue, and it is retried, with a growing
 * pause, until it is written; meanwhile `trouble` says why and every `append`
 * is rejected at once (its entry still queued, to be written by the retry).
 * So the file only ever holds whole entries chained in order, and no entry is lost.
 *
 * On open, a last line without its newline (a write cut off by a crash: its
 * answers were never released) is cut off, kept aside in `<log>.torn-<time>`,
 * and reported; the last whole entry must then check, or the log is refused.
 */
import { closeSync, constants, createReadStream, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { chainEntry, checkLine, GENESIS, type ChainedEntry, type ChainHead } from './chain';
import { AuditLogUnavailable, type AuditTrouble } from './health';
import { lineBack, linesBackWhile, wholeLinesSize } from './tail';

/** What the log needs of its file (node's FileHandle has it; tests inject one that fails). Opened for appending. */
export interface LogFile {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
  /** Every write is on disk when it returns (opened with O_DSYNC): no fdatasync follows it. */
  readonly syncsWrites?: boolean;
}

export interface ChainLogOptions {
  /** Each batch on disk before its entries are acknowledged (default true): O_DSYNC writes, or fdatasync after each. */
  sync?: boolean;
  /** How long a batch collects entries before it is written (default 0: none; a batch forms while the previous one is written). */
  batchMs?: number;
  /** Where failures and recoveries are reported. */
  log?: (message: string) => void;
  /** The log as operators know it, in `trouble` (default: the audit log (AUDIT_PATH)). */
  name?: string;
  /** First pause before a failed write is retried (default 250 ms), doubled up to `retryMaxMs` (default 2 s). */
  retryMs?: number;
  retryMaxMs?: number;
  /** Opens the file for appending (default: node's, mode 0600, with O_DSYNC unless `sync` is false). */
  openFile?: (path: string) => Promise<LogFile>;
}

export class BrokenLogError extends Error {
  override name = 'BrokenLogError';
}

export interface AppendOptions<T> {
  /** What to keep in the log instead, should this entry's first write fail (its answer is then withheld). */
  ifNotWritten?: (body: T) => T;
}

interface Queued<T> {
  body: T;
  ifNotWritten?: (body: T) => T;
  /** Settles the caller's wait; cleared once settled. */
  settle?: (error?: Error) => void;
}

/** Opens `path` for appending; with `sync`, every write is on disk (data and size) when it returns, as write + fdatasync. */
async function openForAppend(path: string, sync: boolean): Promise<LogFile> {
  const dsync = sync ? (constants.O_DSYNC ?? 0) : 0;
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | dsync, 0o600);
  return {
    syncsWrites: dsync !== 0,
    write: (buffer, offset, length) => handle.write(buffer, offset, length),
    datasync: () => handle.datasync(),
    truncate: (length) => handle.truncate(length),
    close: () => handle.close(),
  };
}

export class ChainLog<T extends object> {
  private queue: Queued<T>[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private closed = false;
  private failure: AuditTrouble | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  /** Bytes may follow the last whole entry (a failed write not yet cut back). */
  private unclean = false;
  /** For a log kept in memory (tests, no path): the stored lines. */
  private readonly memory: string[] | null;

  private constructor(
    /** The file, or null for a log kept in memory. */
    readonly path: string | null,
    private file: LogFile | null,
    private head: ChainHead,
    /** The size of the whole entries written. */
    private size: number,
    private readonly options: ChainLogOptions,
  ) {
    this.memory = path === null ? [] : null;
    this.retryDelay = options.retryMs ?? 250;
  }

  /** Opens (or creates) the log at `path`, continuing its chain; `null` keeps it in memory. */
  static async open<T extends object>(path: string | null, options: ChainLogOptions = {}): Promise<ChainLog<T>> {
    if (path === null) return new ChainLog<T>(null, null, { seq: 0, hash: GENESIS }, 0, options);
    mkdirSync(dirname(path), { recursive: true });
    const { seq, hash, size } = openTail(path, options.log ?? console.error);
    const file = await (options.openFile ?? ((p: string) => openForAppend(p, options.sync !== false)))(path);
    return new ChainLog<T>(path, file, { seq, hash }, size, options);
  }

  /**
   * Queues an entry; resolves once it is written (and synced). Rejects with
   * AuditLogUnavailable when it cannot be written now; the entry (as
   * `ifNotWritten` makes it) then stays queued and is written by a retry.
   * Callers that do not wait need not catch.
   */
  append(body: T, options: AppendOptions<T> = {}): Promise<void> {
    if (this.closed) throw new Error(`audit log ${this.path ?? '(memory)'} is closed`);
    const item: Queued<T> = { body, ifNotWritten: options.ifNotWritten };
    const written = new Promise<void>((resolve, reject) => (item.settle = (error) => (error ? reject(error) : resolve())));
    written.catch(() => undefined);
    this.queue.push(item);
    if (this.failure) this.giveUp(item); // known to fail: no waiting for the retry
    else this.schedule();
    return written;
  }

  /** The last written entry's sequence number and hash (after `flush`, everything appended so far). */
  get lastHead(): ChainHead {
    return { ...this.head };
  }

  /** Entries queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Why the log cannot be written now (null: it can). */
  trouble(): AuditTrouble | null {
    return this.failure && { ...this.failure };
  }

  /** Writes everything queued so far; resolves once it is written, rejects when it cannot be. */
  async flush(): Promise<void> {
    while (this.flushing || this.queue.length) {
      if (!this.flushing) this.flushing = this.writeBatch().finally(() => (this.flushing = null));
      await this.flushing;
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush().catch(() => undefined); // settled per entry; retried on a timer
    };
    const delay = this.options.batchMs ?? 0;
    if (delay > 0) setTimeout(run, delay).unref();
    else setImmediate(run);
  }

  private async writeBatch(): Promise<void> {
    const batch: Queued<T>[] = [];
    let head = this.head;
    const lines: string[] = [];
    for (const item of this.queue.splice(0)) {
      let chained: ReturnType<typeof chainEntry<T>>;
      try {
        chained = chainEntry(item.body, head);
      } catch (err) {
        // An entry that cannot be serialised (a bug, not the disk) can never be written: its caller is refused, not left waiting.
        (this.options.log ?? console.error)(`${this.path ?? 'audit log'}: an entry cannot be serialised (${(err as Error).message}); its request is refused`);
        item.settle?.(new AuditLogUnavailable('the entry cannot be serialised'));
        continue;
      }
      head = { seq: chained.entry.seq, hash: chained.entry.hash };
      lines.push(chained.line);
      batch.push(item);
    }
    if (!batch.length) return;
    if (this.memory) {
      this.memory.push(...lines);
      this.head = head;
      for (const item of batch) item.settle?.();
      return;
    }
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    try {
      if (this.unclean) await this.cutBack();
      await writeAll(this.file!, bytes);
      if (this.options.sync !== false && !this.file!.syncsWrites) await this.file!.datasync();
    } catch (err) {
      // Whatever part of the batch reached the file goes: the batch is written again, whole, by the retry.
      this.unclean = true;
      await this.cutBack().catch(() => undefined); // else before the next write
      this.failed(err as Error, batch);
      throw new AuditLogUnavailable(this.failure!.reason);
    }
    this.size += bytes.length;
    this.head = head;
    for (const item of batch) item.settle?.();
    if (this.failure) this.recovered(batch.length);
  }

  private async cutBack(): Promise<void> {
    await this.file!.truncate(this.size);
    this.unclean = false;
  }

  private failed(err: Error, batch: Queued<T>[]): void {
    const error = (err as NodeJS.ErrnoException).code ?? err.message;
    const first = this.failure === null;
    this.failure = {
      since: this.failure?.since ?? new Date().toISOString(),
      reason: `${this.options.name ?? 'the audit log (AUDIT_PATH)'} cannot be written (${error}): free space on its disk or fix the file; `
        + 'requests are refused until a retry writes it, then served again by themselves',
    };
    // Back in front, in order; every wait they (and later entries) hold ends now, with a refusal.
    this.queue = [...batch, ...this.queue];
    for (const item of this.queue) this.giveUp(item);
    if (first) (this.options.log ?? console.error)(`${this.path}: cannot write ${batch.length} entries (${err.message}); refusing requests, retrying until it can be written`);
    this.retryLater();
  }

  /** The caller of an entry that is not written is told at once; the entry stays queued, as `ifNotWritten` makes it. */
  private giveUp(item: Queued<T>): void {
    if (item.ifNotWritten) item.body = item.ifNotWritten(item.body);
    item.ifNotWritten = undefined;
    item.settle?.(new AuditLogUnavailable(this.failure!.reason));
    item.settle = undefined;
  }

  private retryLater(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flush().catch(() => undefined); // a failure schedules the next retry
    }, this.retryDelay);
    this.retryTimer.unref();
    this.retryDelay = Math.min(this.retryDelay * 2, this.options.retryMaxMs ?? 2000);
  }

  private recovered(entries: number): void {
    const since = this.failure!.since;
    this.failure = null;
    this.retryDelay = this.options.retryMs ?? 250;
    (this.options.log ?? console.error)(`${this.path}: written again (${entries} entries that waited), after failing since ${since}; serving requests again`);
  }

  /** Every stored line, oldest first (written entries only: flush first to include the queue). */
  async *lines(): AsyncGenerator<string> {
    if (this.memory) {
      yield* this.memory.slice();
      return;
    }
    for await (const line of fileLines(this.path!, this.size)) if (line) yield line;
  }

  /** Every written entry, oldest first (parsed, not verified: `verifyChain` verifies). */
  async *entries(): AsyncGenerator<ChainedEntry<T>> {
    for await (const line of this.lines()) yield JSON.parse(line) as ChainedEntry<T>;
  }

  /**
   * Written entries newest first, for as long as `more(entry)` holds (the entry that fails it is
   * not returned): read back from the end, so recent entries cost what they are, not the log.
   */
  newestWhile(more: (entry: ChainedEntry<T>) => boolean): Array<ChainedEntry<T>> {
    const out: Array<ChainedEntry<T>> = [];
    const take = (line: string): boolean => {
      const entry = JSON.parse(line) as ChainedEntry<T>;
      if (!more(entry)) return false;
      out.push(entry);
      return true;
    };
    if (this.memory) {
      for (let i = this.memory.length - 1; i >= 0 && take(this.memory[i]); i--);
    } else if (this.size > 0) {
      withFile(this.path!, (fd) => linesBackWhile(fd, this.size, take));
    }
    return out;
  }

  /**
   * The written entry `seq`, checked (its line is where the chain puts it, and
   * its hash matches its content); null when the log has no such entry or the
   * line there is not it. Read back from the end: the entries asked for are recent.
   */
  entryAt(seq: number): ChainedEntry<T> | null {
    if (seq < 1 || seq > this.head.seq) return null;
    const back = this.head.seq - seq;
    const line = this.memory ? this.memory[seq - 1] : withFile(this.path!, (fd) => lineBack(fd, this.size, back));
    if (line == null) return null;
    const checked = checkLine<T>(line);
    return checked.ok && checked.entry.seq === seq ? checked.entry : null;
  }

  /** Writes what is queued and closes the file; rejects, after closing, when entries could not be written. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } catch (err) {
      (this.options.log ?? console.error)(`${this.path}: closing with ${this.queue.length} entries that could not be written`);
      throw err;
    } finally {
      this.closed = true;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      await this.file?.close();
      this.file = null;
    }
  }
}

/** Writes all of `bytes`: a write may take only part of them (a disk filling up), and the rest follows or fails. */
async function writeAll(file: LogFile, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error('the file took no bytes');
    offset += bytesWritten;
  }
}

/** The lines of a file (its first `bytes` bytes, when given), without ending newlines; an unfinished last line is yielded as it is. */
export async function* fileLines(path: string, bytes?: number): AsyncGenerator<string> {
  if (bytes === 0) return;
  const input = createReadStream(path, { encoding: 'utf8', ...(bytes !== undefined ? { end: bytes - 1 } : {}) });
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
    input.destroy();
  }
}

function withFile<R>(path: string, use: (fd: number) => R): R {
  const fd = openSync(path, 'r');
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The head of the chain stored at `path` and the size of its whole entries,
 * after cutting off an unfinished last line (kept aside, reported). Seq 0 and
 * GENESIS when empty or absent; a last entry that does not check is refused.
 */
export function openTail(path: string, report: (message: string) => void): ChainHead & { size: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, hash: GENESIS, size: 0 };
    throw err;
  }
  try {
    const size = fstatSync(fd).size;
    const whole = wholeLinesSize(fd, size);
    if (whole < size) cutTornLine(fd, path, whole, size, report);
    if (whole === 0) return { seq: 0, hash: GENESIS, size: 0 };
    const checked = checkLine<object>(lineBack(fd, whole, 0)!);
    if (!checked.ok) {
      throw new BrokenLogError(
        `${path} has a last entry that ${checked.problem}. Refusing to continue a chain that cannot be verified: keep the file as evidence, `
          + 'check it with `npm run audit -- verify`, and move it aside to start a new log.',
      );
    }
    return { seq: checked.entry.seq, hash: checked.entry.hash, size: whole };
  } finally {
    closeSync(fd);
  }
}

/**
 * A last line without its newline is a write a crash cut off (a batch is
 * acknowledged only once written whole, so no answer depended on it): it is
 * kept aside as evidence, then cut off, so the chain continues from the last
 * whole entry. The whole entries before it are checked like any others.
 */
function cutTornLine(fd: number, path: string, whole: number, size: number, report: (message: string) => void): void {
  const torn = Buffer.alloc(size - whole);
  readSync(fd, torn, 0, torn.length, whole);
  const aside = `${path}.torn-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  writeFileSync(aside, torn, { mode: 0o600, flag: 'wx' });
  ftruncateSync(fd, whole);
  report(`audit log ${path} ended with an unfinished entry (${torn.length} bytes after its last whole entry, a write cut off by a crash): cut off and kept in ${aside}; the chain continues from the last whole entry`);
}
