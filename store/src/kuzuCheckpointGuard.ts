/**
 * Kùzu 0.11.3 checkpoints are not crash-safe: a process killed while one runs can leave a
 * database file whose primary-key index already holds keys its tables do not, and replaying the
 * write-ahead log then fails ("Found duplicated primary key value"): the store never opens again
 * (docs/kuzu/README.md, reproduced by kill-during-checkpoint.js). The guard keeps a copy of the
 * database file from before each checkpoint, and a marker saying what was under way, until the
 * checkpoint has ended; at the next open, a marker left behind tells what the interrupted
 * checkpoint had reached:
 * - a checkpoint of committed writes (`log`): the write-ahead log still as long as when the copy
 *   was taken means Kùzu had not yet recorded the checkpoint as done, so the file may be damaged:
 *   the copy goes back in place, and Kùzu replays the log over it. A longer log ends with Kùzu's
 *   own checkpoint record, from which Kùzu finishes the checkpoint itself; an emptied log means it
 *   had finished. Either way the copy is dropped.
 * - a bulk load (`bulk`: Kùzu checkpoints inside the commit of a COPY): the copy goes back in place
 *   and the log is dropped. The load had not been acknowledged (the marker goes before its caller
 *   hears of it), and an import runs again where it stopped.
 * Nothing is written while the copy is taken: the guard runs on the store's one write path.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

type Marker = { kind: 'log'; walBytes: number; at: string } | { kind: 'bulk'; at: string };

export class KuzuCheckpointGuard {
  private readonly copy: string;
  private readonly marker: string;
  private readonly wal: string;

  constructor(private readonly path: string, private readonly log: (message: string) => void) {
    this.copy = `${path}.before-checkpoint`;
    this.marker = `${path}.checkpoint.json`;
    this.wal = `${path}.wal`;
  }

  /** Whether a checkpoint a crash cut short awaits recovery (which only a read-write open does). */
  interrupted(): boolean {
    return existsSync(this.marker);
  }

  /**
   * Before the database is opened: puts back what a checkpoint interrupted by a crash may have
   * damaged, as the marker left behind says (see above); removes a copy left without a marker.
   */
  recover(): void {
    if (!existsSync(this.marker)) {
      rmSync(this.copy, { force: true }); // a copy without its marker: the checkpoint had not begun
      return;
    }
    const marker = JSON.parse(readFileSync(this.marker, 'utf8')) as Marker;
    const wal = bytes(this.wal);
    if (marker.kind === 'bulk') {
      this.restore();
      rmSync(this.wal, { force: true });
      this.log(`store: a bulk load begun ${marker.at} was interrupted; the store is back as it was before it (the load had not been acknowledged: run it again)`);
    } else if (wal === marker.walBytes) {
      this.restore();
      this.log(`store: a checkpoint begun ${marker.at} was interrupted before it was recorded; the store file is back as it was before it and its log is replayed, losing no committed write`);
    } else {
      rmSync(this.copy, { force: true });
      if (wal > 0) this.log(`store: a checkpoint begun ${marker.at} was interrupted after it was recorded; the store finishes it from its log`);
    }
    rmSync(this.marker, { force: true });
    syncDirectory(this.path);
  }

  /**
   * Runs a checkpoint (`kind` log) or the commit of a bulk load (`bulk`, which checkpoints: the log
   * must then be empty) with the database file's copy and the marker in place, and removes both once
   * `work` has succeeded. When it fails they stay: the file may be damaged as by a crash, so the
   * store must not serve on (the caller marks it faulty) and its next open recovers.
   */
  async guard<T>(kind: Marker['kind'], work: () => Promise<T>): Promise<T> {
    copyFileSync(this.path, this.copy);
    syncFile(this.copy);
    const marker: Marker = kind === 'log' ? { kind, walBytes: bytes(this.wal), at: new Date().toISOString() } : { kind, at: new Date().toISOString() };
    writeFileSync(`${this.marker}.tmp`, JSON.stringify(marker));
    syncFile(`${this.marker}.tmp`);
    renameSync(`${this.marker}.tmp`, this.marker);
    syncDirectory(this.path);
    const result = await work();
    rmSync(this.marker, { force: true });
    rmSync(this.copy, { force: true });
    syncDirectory(this.path);
    return result;
  }

  /** Puts the copy back in place. Without a copy it was put back already (a crash during an earlier recovery: the rename is atomic). */
  private restore(): void {
    if (existsSync(this.copy)) renameSync(this.copy, this.path);
    rmSync(`${this.path}.shadow`, { force: true });
  }
}

/** A file's size (0 when it does not exist). */
function bytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
