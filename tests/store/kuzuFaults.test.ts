/**
 * The Kùzu faults the embedded adapter works around (docs/kuzu/README.md) still show on the
 * engine installed: each reproduction, run as its own process, gives the failure it documents.
 * When one stops failing (a new release, or its fork LadybugDB), this test says which, and the
 * workaround in store/src/kuzu.ts may go.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs docs/kuzu/<script>.js from the repository: its exit code and what it printed. */
function reproduce(script: string, ...args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'docs', 'kuzu', `${script}.js`), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code, signal) => resolve({ code, signal, output: output.trim() }));
  });
}

test('a process killed while it checkpoints can leave a database that never opens again', async () => {
  const { output } = await reproduce('kill-during-checkpoint');
  const [, broken] = /(\d+) of 6 databases killed while checkpointing would not open again$/.exec(output) ?? [];
  expect(output).toMatch(/Found duplicated primary key value/);
  expect(Number(broken)).toBeGreaterThan(0);
}, 180_000);

test('an automatic checkpoint beside reads fails a write that it committed', async () => {
  const { output } = await reproduce('checkpoint-beside-reads');
  expect(output).toMatch(/^the commit failed after \d+ ms with "Timeout waiting for active transactions.*"; the store holds the write \(102400 characters\)$/);
}, 120_000);

test('updates fill the buffer pool between checkpoints, and a checkpoint every 200 writes keeps it from filling', async () => {
  expect((await reproduce('buffer-pool-between-checkpoints')).output).toMatch(/^update transaction \d+: "Buffer manager exception: .*buffer pool is full/);
  expect((await reproduce('buffer-pool-between-checkpoints', '200')).output).toBe('5,000 update transactions, a checkpoint every 200: no error');
}, 120_000);

test('rewriting a text column swells the file and fills the buffer pool, where short columns do not', async () => {
  const [short, text] = (await reproduce('rewritten-text')).output.split('\n');
  expect(short).toMatch(/^short columns only: file [\d.]+ → [\d.]+ MB, no error$/);
  expect(text).toMatch(/^rewriting the text: file [\d.]+ → [\d.]+ MB, update \d+: "Buffer manager exception: .*buffer pool is full/);
}, 120_000);

test('the full-text index no longer finds a word by its prefix after an update', async () => {
  expect((await reproduce('full-text-after-update')).output).toBe("after an update, an insert and a checkpoint: 'velasco' finds p3, 'vela*' finds nothing (p3 expected)");
});

test('an empty list parameter ends the process', async () => {
  const { code, signal, output } = await reproduce('empty-list-parameter');
  expect({ died: signal === 'SIGSEGV' || code === 139, answered: /answered|refused/.test(output) }).toEqual({ died: true, answered: false });
});
