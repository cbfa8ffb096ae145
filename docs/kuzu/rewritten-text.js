// Kùzu 0.11.3: rewriting a text column again and again grows the database file by far more than the text, and in
// time a checkpoint cannot find room in the buffer pool; rewriting only short columns does not.
// Run from the repository: node docs/kuzu/rewritten-text.js   (see README.md)
const kuzu = require('kuzu');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

/** 1,000 rows with a 2,000-character text; `updates` transactions each rewriting one row's state (and its text), a checkpoint every 200. */
async function run(rewriteText, updates) {
  const dir = mkdtempSync(join(tmpdir(), 'kuzu-repro-'));
  const path = join(dir, 'db');
  const db = new kuzu.Database(path, 128 * 1024 * 1024, true, false, 0, false);
  const c = new kuzu.Connection(db);
  await c.query('CREATE NODE TABLE R(id STRING, state STRING, history STRING, PRIMARY KEY(id))');
  const insert = await c.prepare('CREATE (:R {id: $id, state: $state, history: $history})');
  for (let i = 0; i < 1000; i++) (await c.execute(insert, { id: `r${i}`, state: 'FILED', history: randomBytes(1000).toString('hex') })).close();
  await c.query('CHECKPOINT');
  const before = statSync(path).size;
  const update = await c.prepare(rewriteText ? 'MATCH (r:R {id: $id}) SET r.state = $state, r.history = $history' : 'MATCH (r:R {id: $id}) SET r.state = $state');
  let outcome = 'no error';
  for (let n = 1; n <= updates; n++) {
    try {
      await c.query('BEGIN TRANSACTION');
      (await c.execute(update, { id: `r${n % 1000}`, state: `S${n}`, ...(rewriteText ? { history: randomBytes(1000).toString('hex') } : {}) })).close();
      await c.query('COMMIT');
      if (n % 200 === 0) await c.query('CHECKPOINT');
    } catch (err) {
      outcome = `update ${n}: "${err.message.split('\n')[0].slice(0, 90)}"`;
      break;
    }
  }
  const after = statSync(path).size;
  rmSync(dir, { recursive: true, force: true });
  return `${rewriteText ? 'rewriting the text' : 'short columns only'}: file ${(before / 1e6).toFixed(1)} → ${(after / 1e6).toFixed(1)} MB, ${outcome}`;
}

(async () => {
  console.log(await run(false, 5000));
  console.log(await run(true, 5000));
  process.exit(0);
})();
