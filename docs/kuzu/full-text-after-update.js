// Kùzu 0.11.3: after an update (or a delete) of indexed text, the full-text index no longer finds words by prefix
// once a checkpoint has run; the exact word is still found. Run from the repository: node docs/kuzu/full-text-after-update.js
// (see full-text-after-update.md)
const kuzu = require('kuzu');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const rows = async (c, query, params) => {
  const result = await c.execute(await c.prepare(query), params);
  const all = result.getAllSync();
  result.close();
  return all;
};

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuzu-repro-'));
  const db = new kuzu.Database(join(dir, 'db'), 64 * 1024 * 1024, true, false, 0, false);
  const c = new kuzu.Connection(db);
  await c.query('CREATE NODE TABLE P(id STRING, names STRING, PRIMARY KEY(id))');
  await c.query('CREATE NODE TABLE NoStopWords(word STRING, PRIMARY KEY(word))');
  await c.query("CREATE (:P {id: 'p1', names: 'quispe ana'}), (:P {id: 'p2', names: 'quispe hilda'})");
  await c.query("CALL CREATE_FTS_INDEX('P', 'names', ['names'], stemmer := 'none', stopWords := 'NoStopWords')");
  await rows(c, "MATCH (p:P {id: 'p2'}) SET p.names = 'huaman flores'", {});
  await rows(c, "CREATE (:P {id: 'p3', names: 'velasco torres'})", {});
  await c.query('CHECKPOINT');
  const found = async (q) => (await rows(c, "CALL QUERY_FTS_INDEX('P', 'names', $q) RETURN node.id AS id", { q })).map((r) => r.id).join(',') || 'nothing';
  console.log(`after an update, an insert and a checkpoint: 'velasco' finds ${await found('velasco')}, 'vela*' finds ${await found('vela*')} (p3 expected)`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
})();
