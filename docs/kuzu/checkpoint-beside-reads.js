// Kùzu 0.11.3: an automatic checkpoint beside a running read stalls the committing write 5 s, then fails it, although it was committed.
// Run from the repository: node docs/kuzu/checkpoint-beside-reads.js   (see README.md)
const kuzu = require('kuzu');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuzu-repro-'));
  // Automatic checkpoints (Kùzu's default), once the write-ahead log holds 64 KiB.
  const db = new kuzu.Database(join(dir, 'db'), 256 * 1024 * 1024, true, false, 0, true, 64 * 1024);
  const writer = new kuzu.Connection(db);
  const reader = new kuzu.Connection(db);
  await writer.query('CREATE NODE TABLE P(id STRING, name STRING, PRIMARY KEY(id))');
  await writer.query("UNWIND range(1, 3000) AS i CREATE (:P {id: 'p' + string(i), name: 'x'})");
  await writer.query('CHECKPOINT');
  // A write that takes the log past the threshold: its commit checkpoints.
  await writer.query('BEGIN TRANSACTION');
  await writer.query(`MATCH (p:P {id: 'p1'}) SET p.name = '${'y'.repeat(100 * 1024)}'`);
  // A read of a second or so, running while the write commits.
  const read = reader.query('MATCH (a:P), (b:P) WHERE a.name = b.name RETURN count(*) AS n').then((r) => r.close());
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  let outcome;
  try {
    await writer.query('COMMIT');
    outcome = `the commit answered in ${Date.now() - started} ms`;
  } catch (err) {
    const [row] = await (await writer.query("MATCH (p:P {id: 'p1'}) RETURN size(p.name) AS size")).getAll();
    outcome = `the commit failed after ${Date.now() - started} ms with "${err.message.split('\n')[0]}"; the store holds the write (${row.size} characters)`;
  }
  await read;
  console.log(outcome);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
})();
