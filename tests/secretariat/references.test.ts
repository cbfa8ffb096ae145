/**
 * No stubs: when the secretariat points at a member record the owner withholds
 * from the caller, the gateway answers null in its place, not the reference
 * with every field null (which would tell the caller the record exists).
 */
import { makeId } from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { startNetwork, type TestNetwork } from '../support/network';
import { asker, prosecutor, STAFF } from './helpers';

let net: TestNetwork;
beforeAll(async () => {
  // AR tightens case.known for its own data: no longer known to secretariat staff (CO keeps the network's rule).
  const caseKnown = { anyOf: [
    { caller: 'own', roles: ['prosecutor', 'analyst', 'auditor'] }, { caller: 'jit', roles: ['prosecutor', 'analyst'] },
    { caller: 'foreign', roles: ['prosecutor', 'analyst'] },
  ] };
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 12, memberOptions: { AR: { protocolTightening: { rules: { 'case.known': caseKnown } } as never } } });
});
afterAll(() => net?.close());
const ask = asker(() => net);
const P1 = (cc: string) => makeId(cc, 'P', ANCHORS.suspectSeq);
const LINKS = `{ personLinks(personId: "${P1('AR')}") { status records { id fullName } } }`;

test('secretariat staff see that two records are linked, never the persons (no member lets staff know of a person)', async () => {
  const { body } = await ask(STAFF, LINKS);
  expect(body.data.personLinks.length).toBeGreaterThan(0);
  for (const link of body.data.personLinks) expect(link.records).toEqual([null, null]);
  expect(JSON.stringify(body.data)).not.toContain(P1('AR'));
});

test('a party prosecutor gets the records the owners let it know of, in full', async () => {
  const { body } = await ask(prosecutor('CO'), LINKS);
  expect(body.data.personLinks).toEqual([
    { status: 'CONFIRMED', records: [{ id: P1('AR'), fullName: 'Mateo Quispe Huamán' }, { id: P1('CO'), fullName: 'Mateo Quispe Huamán' }] },
  ]);
});

test('asked for ids or __typename alone, records the owner withholds are still null: the owner is always asked (gateway/src/ownerCheck.ts)', async () => {
  for (const selection of ['id', '__typename', 'id __typename']) {
    const { body } = await ask(STAFF, `{ personLinks(personId: "${P1('AR')}") { status records { ${selection} } } }`);
    expect(body.errors).toBeUndefined();
    for (const link of body.data.personLinks) expect(link.records).toEqual([null, null]);
    expect(JSON.stringify(body)).not.toMatch(/AR:P:|CO:P:|_enlace|extensions/);
  }
  // Allowed: the party prosecutor gets the ids, and nothing of the check.
  const { body } = await ask(prosecutor('CO'), `{ personLinks(personId: "${P1('AR')}") { records { id } } }`);
  expect(body.data.personLinks).toEqual([{ records: [{ id: P1('AR') }, { id: P1('CO') }] }]);
  expect(JSON.stringify(body)).not.toContain('_enlace');
});

test("a team's case withheld by its owner is null in the team's list of cases; the other owner's stands", async () => {
  const query = `{ jointInvestigationTeam(id: "${ANCHORS.jitId}") { cases { id status } } }`;
  const staff = await ask(STAFF, query);
  expect(staff.body.data.jointInvestigationTeam.cases).toEqual([null, { id: makeId('CO', 'C', 1), status: 'INVESTIGATION' }]);
  expect(JSON.stringify(staff.body)).not.toContain(makeId('AR', 'C', 1));
  // A party prosecutor, whom AR still lets know of its cases, gets both.
  const co = await ask(prosecutor('CO'), query);
  expect(co.body.data.jointInvestigationTeam.cases.map((c: { id: string }) => c.id)).toEqual([makeId('AR', 'C', 1), makeId('CO', 'C', 1)]);
});

describe("a link to a record the caller may not know of (PE's minor victim, linked to CO's suspect and confirmed by CO)", () => {
  const minor = makeId('PE', 'P', ANCHORS.victimMinorSeq);
  const LINKED = (fields: string) => `{ person(id: "${P1('CO')}") { linkedRecords { ${fields} } } }`;
  beforeAll(async () => {
    const proposed = await ask(prosecutor('PE'), `mutation { proposePersonLink(input: { recordId: "${minor}", otherRecordId: "${P1('CO')}", criteria: [NAMES] }) { id } }`);
    const confirmed = await ask(prosecutor('CO'), `mutation { confirmPersonLink(id: "${proposed.body.data.proposePersonLink.id}") { status } }`);
    expect(confirmed.body.data.confirmPersonLink.status).toBe('CONFIRMED');
  });

  test('asked with the owner\'s fields, the owner answers null for her and her id is nowhere; her owner gets her record', async () => {
    const co = await ask(prosecutor('CO'), LINKED('id country'));
    expect(co.body.data.person.linkedRecords).toEqual(expect.arrayContaining([{ id: P1('AR'), country: 'AR' }, null]));
    expect(JSON.stringify(co.body)).not.toContain(minor);
    const pe = await ask(prosecutor('PE'), LINKED('id country'));
    expect(pe.body.data.person.linkedRecords).toEqual(expect.arrayContaining([{ id: minor, country: 'PE' }]));
  });

  // Asked for ids alone, the query planner would take them from the secretariat's references without asking the owner;
  // the gateway's owner check (gateway/src/ownerCheck.ts) makes it ask.
  test('asked for ids alone, her id is nowhere either', async () => {
    const co = await ask(prosecutor('CO'), LINKED('id'));
    expect(JSON.stringify(co.body)).not.toContain(minor);
  });
});
