/**
 * The partner flag through the gateway: the owner's prosecutor flags an adult
 * suspect and the partner network XP then knows of the person and reads what
 * the protocol's partner clauses give; clearing the flag withholds it again; a
 * flag on a victim opens nothing; every change is audited.
 */
import { makeId } from '@enlace/platform';
import { ANCHORS, generateMember } from '@enlace/scripts/seed/generate';
import { bearer, gql, startNetwork, SEED, type TestNetwork } from '../support/network';

const PERSONS = 60;
let net: TestNetwork;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: PERSONS });
});
afterAll(() => net?.close());

const seeded = generateMember('AR', { persons: PERSONS, seed: SEED }).next().value!;
const bornBy = `${new Date().getUTCFullYear() - 19}-01-01`;
/** An adult suspect, not flagged by the seed, in H0/H1 cases only and only as suspect, accused or convicted: what the partner clauses ask for. */
const suspect = seeded.persons.find((p) => {
  const mine = seeded.involvements.filter((i) => i.personId === p.id);
  const handling = mine.map((i) => seeded.cases.find((c) => c.id === i.caseId)!.handlingCode);
  return !p.flaggedForPartners && !!p.dateOfBirth && p.dateOfBirth < bornBy && mine.length > 0
    && mine.every((i) => ['SUSPECT', 'ACCUSED', 'CONVICTED'].includes(i.category)) && handling.every((h) => h === 'H0' || h === 'H1');
})!;

async function as(country: string, role: string, subject?: string) {
  return bearer(await net.token({ country, roles: [role as never], subject }), 'Partner flag', 'TEST-FLAG');
}
const FLAG = 'mutation($id: ID!, $f: Boolean!) { flagForPartners(personId: $id, flagged: $f) { id flaggedForPartners } }';
const READ = 'query($id: ID!) { person(id: $id) { id fullName sex } }';

test('a partner sees the flagged adult suspect, and not once the flag is cleared', async () => {
  expect(suspect).toBeDefined();
  const partner = await as('XP', 'partner');
  const prosecutor = await as('AR', 'prosecutor', 'fiscal-bandera@ar');
  expect((await gql(net.gateway.url, READ, { id: suspect.id }, partner)).body.data.person).toBeNull();

  const flagged = await gql(net.gateway.url, FLAG, { id: suspect.id, f: true }, prosecutor);
  expect(flagged.body.errors).toBeUndefined();
  expect(flagged.body.data.flagForPartners).toEqual({ id: suspect.id, flaggedForPartners: true });
  const seen = await gql(net.gateway.url, READ, { id: suspect.id }, partner);
  expect(seen.body.errors).toBeUndefined();
  expect(seen.body.data.person).toEqual({ id: suspect.id, fullName: `${suspect.givenNames} ${suspect.familyNames}`, sex: suspect.sex });
  // In searches too.
  const listed = await gql(net.gateway.url, '{ persons(countries: ["AR"], first: 500) { id } }', {}, partner);
  expect(listed.body.data.persons.map((p: { id: string }) => p.id)).toContain(suspect.id);

  await gql(net.gateway.url, FLAG, { id: suspect.id, f: false }, prosecutor);
  expect((await gql(net.gateway.url, READ, { id: suspect.id }, partner)).body.data.person).toBeNull();

  // Both changes are in the owner's audit log, with the person's id only.
  const log = await gql(net.gateway.url, 'query($f: AuditFilter) { auditLog(countries: ["AR"], filter: $f, first: 5) { operation { type } wrote } }',
    { f: { subject: 'fiscal-bandera@ar' } }, await as('AR', 'auditor'));
  expect(log.body.data.auditLog.slice(0, 2)).toEqual([{ operation: { type: 'mutation' }, wrote: [suspect.id] }, { operation: { type: 'mutation' }, wrote: [suspect.id] }]);
});

test('the seeded flagged suspects are known to partners; a flag on a victim opens nothing', async () => {
  const partner = await as('XP', 'partner');
  const { body } = await gql(net.gateway.url, READ, { id: makeId('AR', 'P', ANCHORS.suspectSeq) }, partner);
  expect(body.data.person.fullName).toBe(`${ANCHORS.suspect.givenNames} ${ANCHORS.suspect.familyNames}`);
  const victim = makeId('AR', 'P', ANCHORS.victimAdultSeq);
  await gql(net.gateway.url, FLAG, { id: victim, f: true }, await as('AR', 'prosecutor'));
  expect((await gql(net.gateway.url, READ, { id: victim }, partner)).body.data.person).toBeNull();
});

test('only the owner\'s prosecutors flag: an analyst is FORBIDDEN naming write.partner-flag; an unknown person is NOT_FOUND', async () => {
  const analyst = await gql(net.gateway.url, FLAG, { id: suspect.id, f: true }, await as('AR', 'analyst'));
  expect(analyst.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'write.partner-flag' });
  const missing = await gql(net.gateway.url, FLAG, { id: 'AR:P:zzzzzzzzzzzz', f: true }, await as('AR', 'prosecutor'));
  expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
});
