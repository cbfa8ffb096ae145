/** A log file (ChainLog's LogFile) whose disk fills up when a test says so. */
import { open, type FileHandle } from 'node:fs/promises';
import type { LogFile } from '@enlace/platform';

/**
 * A file whose disk fills up on demand: with `room` set, writes take at most
 * that many bytes more (a short write), then fail with ENOSPC; `failSync` and
 * `failTruncate` fail those calls. Counts the writes and the lines each carried.
 */
export class FillingFile implements LogFile {
  room: number | null = null;
  failSync = 0;
  failTruncate = 0;
  readonly writes: number[] = [];
  gate: Promise<void> | null = null;
  private constructor(private readonly inner: FileHandle) {}

  static async open(path: string): Promise<FillingFile> {
    return new FillingFile(await open(path, 'a'));
  }

  async write(buffer: Uint8Array, offset: number, length: number) {
    await this.gate;
    this.writes.push(Buffer.from(buffer.subarray(offset, offset + length)).toString('utf8').split('\n').filter(Boolean).length);
    if (this.room === null) return this.inner.write(buffer, offset, length);
    if (this.room === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const n = Math.min(this.room, length);
    this.room -= n;
    return this.inner.write(buffer, offset, n);
  }

  async datasync() {
    if (this.failSync && this.failSync--) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    return this.inner.datasync();
  }

  async truncate(length: number) {
    if (this.failTruncate && this.failTruncate--) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
    return this.inner.truncate(length);
  }

  close() {
    return this.inner.close();
  }
}
