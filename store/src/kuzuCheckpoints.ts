/**
 * When the Kùzu adapter checkpoints (writes its write-ahead log into the database file), and
 * under the guard that makes a checkpoint survive a crash (kuzuCheckpointGuard.ts). Kùzu's own
 * automatic checkpoints are off (they stalled a write 5 s beside reads); updates keep memory in the
 * buffer pool until a checkpoint, whatever the log's size; and each checkpoint copies the file
 * first. So: after `writes` write transactions or `bytes` of log, but not sooner than ten times the
 * last one took after it (the copy grows with the store: at most a tenth of the write path's time),
 * unless five times either bound has passed (the buffer pool's limit). docs/kuzu/README.md.
 */
import { statSync } from 'node:fs';
import { KuzuCheckpointGuard } from './kuzuCheckpointGuard';

/** Kùzu's own automatic checkpoint threshold. */
export const DEFAULT_CHECKPOINT_BYTES = 16 * 1024 ** 2;
/**
 * Kùzu keeps every update's old values in the buffer pool until a checkpoint (50–120 KiB per
 * transaction updating a few text columns): 550–1,300 updates filled 64 MiB. Every 200 writes
 * bounds that to 10–25 MiB.
 */
export const DEFAULT_CHECKPOINT_WRITES = 200;

export class KuzuCheckpoints {
  private readonly guard: KuzuCheckpointGuard;
  private readonly wal: string;
  /** Write transactions committed since the last checkpoint. */
  private writes = 0;
  private queued = false;
  /** When the last checkpoint ended, and how long it took (its file copy included). */
  private last = { at: Date.now(), ms: 0 };

  constructor(path: string, private readonly bounds: { bytes: number; writes: number }, log: (message: string) => void) {
    this.guard = new KuzuCheckpointGuard(path, log);
    this.wal = `${path}.wal`;
  }

  /** Whether a checkpoint a crash cut short awaits `recover`. */
  interrupted(): boolean {
    return this.guard.interrupted();
  }

  /** Before the database is opened: what a checkpoint a crash cut short may have damaged, put back. */
  recover(): void {
    this.guard.recover();
  }

  /** A transaction committed (`bulk`: a COPY's, which Kùzu checkpointed in its commit); true when a checkpoint should now be queued. */
  committed(bulk: boolean): boolean {
    if (bulk) this.last.at = Date.now();
    this.writes = bulk ? 0 : this.writes + 1;
    if (this.queued) return false;
    const wal = this.walBytes();
    const { bytes, writes } = this.bounds;
    const due = this.writes >= 5 * writes || wal >= 5 * bytes
      || ((this.writes >= writes || wal >= bytes) && Date.now() - this.last.at >= 10 * this.last.ms);
    this.queued = due;
    return due;
  }

  /** Runs `checkpoint` (Kùzu's CHECKPOINT, reads paused) under the guard, when the log holds anything. */
  async run(checkpoint: () => Promise<void>): Promise<void> {
    this.queued = false;
    if (this.walBytes() === 0) return;
    const started = performance.now();
    await this.guard.guard('log', checkpoint);
    this.writes = 0;
    this.last = { at: Date.now(), ms: performance.now() - started };
  }

  /** Runs the commit of a bulk load (which Kùzu checkpoints) under the guard; the log must be empty (`run` first). */
  commitBulk(commit: () => Promise<void>): Promise<void> {
    return this.guard.guard('bulk', commit);
  }

  private walBytes(): number {
    try {
      return statSync(this.wal).size;
    } catch {
      return 0;
    }
  }
}
