// Kùzu 0.11.3: a process killed (SIGKILL) while it checkpoints can leave a database that cannot be opened again:
// replaying the write-ahead log fails with "Found duplicated primary key value", because the checkpoint had already
// written part of the primary-key index into the database file. Run from the repository (about 30 s):
//   node docs/kuzu/kill-during-checkpoint.js [kills, default 6]   (see README.md)
const kuzu = require('kuzu');
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const [mode, path, from] = process.argv.slice(2);

async function write() {
  // Words (a string primary key) and a few rows updated, a checkpoint every 10 transactions, announced on stdout.
  const db = new kuzu.Database(path, 64 * 1024 * 1024, true, false, 0, false);
  const c = new kuzu.Connection(db);
  await c.query('CREATE NODE TABLE IF NOT EXISTS W(word STRING, PRIMARY KEY(word))');
  await c.query('CREATE NODE TABLE IF NOT EXISTS P(id STRING, name STRING, PRIMARY KEY(id))');
  await c.query('CREATE REL TABLE IF NOT EXISTS NAMES(FROM W TO P)');
  for (let i = Number(from); ; i++) {
    await c.query('BEGIN TRANSACTION');
    await c.query(`MERGE (p:P {id: 'p${i % 20}'}) SET p.name = 'w${i}'`);
    await c.query(`CREATE (:W {word: 'w${i}'})`);
    await c.query(`MATCH (w:W {word: 'w${i}'}), (p:P {id: 'p${i % 20}'}) CREATE (w)-[:NAMES]->(p)`);
    await c.query('COMMIT');
    if (i % 10 === 9) {
      process.stdout.write('checkpoint\n');
      await c.query('CHECKPOINT');
    }
  }
}

function opens() {
  try {
    new kuzu.Database(path, 64 * 1024 * 1024, true, false, 0, false).initSync();
    return 'opens';
  } catch (err) {
    return err.message.split('\n')[0];
  }
}

async function main() {
  const kills = Number(mode ?? 6);
  let broken = 0;
  for (let k = 0; k < kills; k++) {
    const dir = mkdtempSync(join(tmpdir(), 'kuzu-repro-'));
    const db = join(dir, 'db');
    const child = spawn(process.execPath, [__filename, 'write', db, String(k * 1000)], { stdio: ['ignore', 'pipe', 'inherit'] });
    // Killed inside its third checkpoint (a few milliseconds after it began).
    let checkpoints = 0;
    child.stdout.on('data', (d) => {
      checkpoints += String(d).split('\n').filter((l) => l === 'checkpoint').length;
      if (checkpoints >= 3) setTimeout(() => child.kill('SIGKILL'), Math.random() * 10);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const outcome = spawnSync(process.execPath, [__filename, 'open', db], { encoding: 'utf8' }).stdout.trim();
    if (outcome !== 'opens') broken++;
    console.log(`kill ${k + 1}: ${outcome}`);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${broken} of ${kills} databases killed while checkpointing would not open again`);
}

if (mode === 'write') write();
else if (mode === 'open') console.log(opens());
else main();
