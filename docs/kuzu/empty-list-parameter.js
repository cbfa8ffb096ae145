// Kùzu 0.11.3: an empty list as a query parameter it cannot type ends the whole process.
// Run from the repository: node docs/kuzu/empty-list-parameter.js   (see README.md)
const kuzu = require('kuzu');

(async () => {
  const db = new kuzu.Database(':memory:', 64 * 1024 * 1024);
  const c = new kuzu.Connection(db);
  await c.query('CREATE NODE TABLE P(id STRING, PRIMARY KEY(id))');
  process.on('exit', (code) => console.log(`the process ended with code ${code} before the query answered`));
  const statement = await c.prepare('MATCH (p:P) WHERE p.id IN $ids RETURN p.id');
  try {
    const result = await c.execute(statement, { ids: [] });
    console.log(`answered with ${result.getAllSync().length} rows`);
    process.exit(0);
  } catch (err) {
    console.log(`refused: ${err.message.split('\n')[0]}`);
    process.exit(0);
  }
})();
