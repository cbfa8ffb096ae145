// Kùzu 0.11.3: every update transaction keeps memory in the buffer pool until the next checkpoint; without one the pool fills.
// Run from the repository: node docs/kuzu/buffer-pool-between-checkpoints.js [writes between checkpoints, default none]
// (see buffer-pool-between-checkpoints.md)
const kuzu = require('kuzu');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const every = Number(process.argv[2] ?? 0);
(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuzu-repro-'));
  // No automatic checkpoint, a 64 MiB pool, no reads at all.
  const db = new kuzu.Database(join(dir, 'db'), 64 * 1024 * 1024, true, false, 0, false);
  const c = new kuzu.Connection(db);
  await c.query('CREATE NODE TABLE C(id STRING, status STRING, code STRING, conditions STRING, PRIMARY KEY(id))');
  await c.query("UNWIND range(1, 500) AS i CREATE (:C {id: 'c' + string(i), status: 'OPEN', code: 'H0', conditions: ''})");
  const update = await c.prepare('MATCH (x:C {id: $id}) SET x.status = $status, x.code = $code, x.conditions = $conditions');
  let outcome = `5,000 update transactions${every ? `, a checkpoint every ${every}` : ''}: no error`;
  for (let i = 0; i < 5000; i++) {
    try {
      await c.query('BEGIN TRANSACTION');
      (await c.execute(update, { id: `c${(i % 500) + 1}`, status: `S${i}`, code: i % 2 ? 'H1' : 'H2', conditions: `conditions ${i}` })).close();
      await c.query('COMMIT');
      if (every && (i + 1) % every === 0) await c.query('CHECKPOINT');
    } catch (err) {
      outcome = `update transaction ${i + 1}${every ? `, a checkpoint every ${every}` : ''}: "${err.message.split('\n')[0]}"`;
      break;
    }
  }
  console.log(outcome);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
})();
