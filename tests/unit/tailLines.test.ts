/** Reading a log's newest lines back from its end (platform/src/audit/tail.ts): across chunk borders, up to where the caller stops. */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesBackWhile } from '../../platform/src/audit/tail';

const dir = mkdtempSync(join(tmpdir(), 'enlace-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function back(lines: string[], stopAt?: string): string[] {
  const path = join(dir, `log-${Math.random()}`);
  const text = lines.map((l) => `${l}\n`).join('');
  writeFileSync(path, text);
  const fd = openSync(path, 'r');
  try {
    const seen: string[] = [];
    linesBackWhile(fd, Buffer.byteLength(text), (line) => (line === stopAt ? false : (seen.push(line), true)));
    return seen;
  } finally {
    closeSync(fd);
  }
}

test('every line, newest first, whatever their length against the 64 KiB chunks', () => {
  const lines = Array.from({ length: 300 }, (_, i) => `${i}:${'x'.repeat((i * 977) % 3000)}ñ`);
  expect(back(lines)).toEqual([...lines].reverse());
  const long = ['a', 'b'.repeat(200_000), 'c'];
  expect(back(long)).toEqual(['c', 'b'.repeat(200_000), 'a']);
});

test('stops at the line the caller refuses, reading nothing older', () => {
  expect(back(['1', '2', '3', '4'], '2')).toEqual(['4', '3']);
  expect(back([])).toEqual([]);
});
