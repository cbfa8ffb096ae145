/**
 * A child process for tests/store/crash.test.ts: renames persons of a member store file, and
 * creates new ones, as fast as it can, beside four readers, printing `try` before each write
 * and `ack` once the store acknowledged it, and `checkpoint` before the store checkpoints (every
 * ten writes), one line each, written at once. Killed with SIGKILL by the test, at a random
 * instant or inside a checkpoint. Plain JavaScript on the built packages (dist), which
 * `npm test` builds first.
 *
 *   node tests/store/support/renameWriter.js <member.kuzu> <first seq of new persons>
 */
const { KuzuStore } = require('../../../store/dist');
const member = require('../../../subgraphs/member/dist');

const [path, firstNew] = process.argv.slice(2);
const say = (line) => process.stdout.write(`${line}\n`);
const person = (seq, familyNames) => ({
  id: `AR:P:${seq}`, seq, country: 'AR', givenNames: 'Ana', familyNames, aliases: [], sex: null,
  dateOfBirth: null, nationalities: ['AR'], flaggedForPartners: false,
});
/** Letters only: the name index keeps a-z words. */
const word = (n) => `w${n.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)])}`;

(async () => {
  // Checkpoints asked for every ten writes, announced, so that the test can kill inside one (and none of the store's own).
  const store = new KuzuStore({ path, bufferPoolBytes: 64 * 1024 * 1024, checkpointWrites: 1e9, log: () => undefined });
  await member.prepareMemberStore(store);
  for (let r = 0; r < 4; r++) {
    void (async () => {
      for (;;) await member.listPersons(store, { name: 'w' }, 20, undefined, { firstRows: 0 });
    })();
  }
  for (let n = 0, next = Number(firstNew); ; n++) {
    const name = `${word(n + Number(firstNew) * 7)} ${word(n)}`;
    if (n % 5 === 4) {
      const seq = next++;
      say(`try new ${seq} ${name}`);
      await store.write((tx) => member.insertPersons(tx, [person(seq, name)]));
      say(`ack new ${seq} ${name}`);
    } else {
      const seq = (n % 20) + 1;
      say(`try rename ${seq} ${name}`);
      await store.write((tx) => member.updatePersons(tx, [person(seq, name)]));
      say(`ack rename ${seq} ${name}`);
    }
    if (n % 10 === 9) {
      say('checkpoint');
      await store.checkpoint();
    }
  }
})().catch((err) => {
  say(`error ${err.message}`);
  process.exit(1);
});
