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

/**
 * The whole lines of the file's first `end` bytes, newest first, without their newlines, for as
 * long as `more(line)` holds (the line that fails it is the last one read): recent entries
 * without reading the rest of the file.
 */
export function linesBackWhile(fd: number, end: number, more: (line: string) => boolean): void {
  let tail = Buffer.alloc(0); // bytes of the line being assembled, after the chunk read next
  for (let chunkEnd = end; chunkEnd > 0; chunkEnd -= CHUNK) {
    const start = Math.max(0, chunkEnd - CHUNK);
    const buf = Buffer.alloc(chunkEnd - start);
    readSync(fd, buf, 0, buf.length, start);
    let lineEnd = buf.length;
    for (let i = buf.length - 1; i >= 0; i--) {
      if (buf[i] !== NEWLINE) continue;
      if (start + i === end - 1) {
        lineEnd = i; // the newline ending the last line
        continue;
      }
      const line = Buffer.concat([buf.subarray(i + 1, lineEnd), tail]).toString('utf8');
      tail = Buffer.alloc(0);
      lineEnd = i;
      if (!more(line)) return;
    }
    tail = Buffer.concat([buf.subarray(0, lineEnd), tail]);
  }
  if (tail.length) more(tail.toString('utf8'));
}
