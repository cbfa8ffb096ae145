/**
 * Reading the end of a chained log file without reading all of it: where its
 * whole lines end, and a line some way back from the last one. Synchronous:
 * used at start, before anything is served.
 */
import { readSync } from 'node:fs';

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/** The size of the file's whole lines: everything up to and including its last newline (0 when it has none). */
export function wholeLinesSize(fd: number, size: number): number {
  for (let end = size; end > 0; end -= CHUNK) {
    const start = Math.max(0, end - CHUNK);
    const buf = Buffer.alloc(end - start);
    readSync(fd, buf, 0, buf.length, start);
    const at = buf.lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
  }
  return 0;
}

/**
 * The line `back` lines before the last whole line of the file's first `end`
 * bytes (0: the last line itself), without its newline; null when the file
 * holds fewer lines. `end` must be the size of whole lines (wholeLinesSize).
 */
export function lineBack(fd: number, end: number, back: number): string | null {
  if (end === 0) return null;
  // Newlines met walking back from the end: the one ending the last line first.
  let found = 0;
  let lineEnd = end - 1;
  for (let chunkEnd = end; chunkEnd > 0; chunkEnd -= CHUNK) {
    const start = Math.max(0, chunkEnd - CHUNK);
    const buf = Buffer.alloc(chunkEnd - start);
    readSync(fd, buf, 0, buf.length, start);
    for (let i = buf.length - 1; i >= 0; i--) {
      if (buf[i] !== NEWLINE) continue;
      found++;
      if (found === back + 1) lineEnd = start + i;
      else if (found === back + 2) return readRange(fd, start + i + 1, lineEnd);
    }
  }
  return found === back + 1 ? readRange(fd, 0, lineEnd) : null;
}

function readRange(fd: number, start: number, end: number): string {
  const buf = Buffer.alloc(end - start);
  readSync(fd, buf, 0, buf.length, start);
  return buf.toString('utf8');
}
