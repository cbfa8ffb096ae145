/**
 * Agreement, not a role, creates teams and links: a team is proposed, becomes
 * ACTIVE only once every member country has agreed (each attaching its own
 * cases), gives its members' prosecutors access to each other's cases through
 * the owners, and loses it at once when ended; a link is proposed by one owner,
 * shown only once the other owner has confirmed it.
 */
import { makeId } from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { startNetwork, type TestNetwork } from '../support/network';
import { analyst, asker, codes, PARTNER, prosecutor, STAFF, type Who } from './helpers';

let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 12 });
});
afterAll(() => net?.close());
const ask = asker(() => net);

const TEAM_FIELDS = 'id status memberCountries proposedBy agreements { country agreedOn } cases { id }';
const PROPOSE = `mutation($i: JitProposal!) { proposeJointInvestigationTeam(input: $i) { ${TEAM_FIELDS} } }`;
const AGREE = `mutation($id: ID!, $c: [ID!]) { agreeToJointInvestigationTeam(id: $id, caseIds: $c) { ${TEAM_FIELDS} } }`;
const END = 'mutation($id: ID!) { endJointInvestigationTeam(id: $id) { id status endedOn } }';
const proposal = (over: Record<string, unknown> = {}) => ({ name: 'ECI AR–CO "Frontera"', purpose: 'Smuggling across the northern border', memberCountries: ['CO', 'AR'], startsOn: '2025-06-01', caseIds: [], ...over });
const AR_SOM_CASE = makeId('AR', 'C', ANCHORS.somCaseSeq);
const CO_SOM_CASE = makeId('CO', 'C', ANCHORS.somCaseSeq);
const AR_MIGRANT = makeId('AR', 'P', ANCHORS.migrantSeq);

async function staffTeamIds(): Promise<string[]> {
  const { body } = await ask(STAFF, '{ jointInvestigationTeams { id } }');
  return body.data.jointInvestigationTeams.map((j: { id: string }) => j.id);
}

/** What a CO caller working for `jitId` reads of AR's records through the gateway. */
async function readsAsJit(who: Who, jitId: string) {
  const person = await ask(who, `{ person(id: "${AR_MIGRANT}") { id familyNames } }`, { caseRef: jitId });
  const kase = await ask(who, `{ case(id: "${AR_SOM_CASE}") { id summary } }`, { caseRef: jitId });
  return { familyNames: person.body.data?.person?.familyNames ?? null, summary: kase.body.data?.case?.summary ?? null, codes: [...codes(person.body), ...codes(kase.body)] };
}

describe('a joint investigation team, end to end', () => {
  test('propose → not active → each agrees → active → read through the owner → end → refused', async () => {
    const proposed = await ask(prosecutor('CO'), PROPOSE, { variables: { i: proposal({ caseIds: [CO_SOM_CASE] }) } });
    expect(proposed.body.errors).toBeUndefined();
    const team = proposed.body.data.proposeJointInvestigationTeam;
    expect(team).toMatchObject({ status: 'PROPOSED', memberCountries: ['CO', 'AR'], proposedBy: 'CO', cases: [{ id: CO_SOM_CASE }] });
    expect(team.agreements.map((a: { country: string }) => a.country)).toEqual(['CO']);
    expect(team.id).toMatch(/^XS:J:[0-9a-z]+$/);

    // Not active yet: working for it opens nothing of AR's.
    const before = await readsAsJit(prosecutor('CO'), team.id);
    expect(before.familyNames).toBeNull();
    expect(before.codes).toContain('FORBIDDEN');

    // AR agrees, attaching its own case only.
    const foreignCase = await ask(prosecutor('AR'), AGREE, { variables: { id: team.id, c: [makeId('CO', 'C', 3)] } });
    expect(foreignCase.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseIds[0]' });
    const byAnalyst = await ask(analyst('AR'), AGREE, { variables: { id: team.id, c: [AR_SOM_CASE] } });
    expect(byAnalyst.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'jit.agree', protocol: 1 });
    const again = await ask(prosecutor('CO'), AGREE, { variables: { id: team.id } });
    expect(again.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const agreed = await ask(prosecutor('AR'), AGREE, { variables: { id: team.id, c: [AR_SOM_CASE] } });
    expect(agreed.body.errors).toBeUndefined();
    expect(agreed.body.data.agreeToJointInvestigationTeam).toMatchObject({ status: 'ACTIVE', cases: [{ id: CO_SOM_CASE }, { id: AR_SOM_CASE }] });

    // Active: a CO prosecutor working for the team reads the AR smuggled migrant's name; a CO analyst the case summary.
    expect((await readsAsJit(prosecutor('CO'), team.id)).familyNames).toEqual(expect.any(String));
    expect((await readsAsJit(analyst('CO'), team.id)).summary).toEqual(expect.any(String));
    // Without the team as case reference, the same analyst reads no summary; a PE prosecutor naming it gets nothing more.
    expect((await readsAsJit(analyst('CO'), 'TEST-1')).summary).toBeNull();
    expect((await readsAsJit(prosecutor('PE'), team.id)).familyNames).toBeNull();

    // Ended: access ends at once.
    expect((await ask(analyst('CO'), END, { variables: { id: team.id } })).body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'jit.end' });
    const ended = await ask(prosecutor('AR'), END, { variables: { id: team.id } });
    expect(ended.body.data.endJointInvestigationTeam).toMatchObject({ status: 'ENDED', endedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const after = await readsAsJit(prosecutor('CO'), team.id);
    expect(after.familyNames).toBeNull();
    expect(after.codes).toContain('FORBIDDEN');
    expect((await readsAsJit(analyst('CO'), team.id)).summary).toBeNull();
    expect((await ask(prosecutor('CO'), END, { variables: { id: team.id } })).body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  test('staff propose without cases; the team is active only once every member country has agreed', async () => {
    const withCases = await ask(STAFF, PROPOSE, { variables: { i: proposal({ caseIds: [AR_SOM_CASE] }) } });
    expect(withCases.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.caseIds' });
    const { body } = await ask(STAFF, PROPOSE, { variables: { i: proposal({ memberCountries: ['AR', 'CO', 'PE'] }) } });
    const team = body.data.proposeJointInvestigationTeam;
    expect(team).toMatchObject({ status: 'PROPOSED', proposedBy: 'XS', agreements: [], cases: [] });
    const statuses: string[] = [];
    for (const cc of ['PE', 'AR', 'CO']) {
      const r = await ask(prosecutor(cc), AGREE, { variables: { id: team.id, c: [makeId(cc, 'C', 3)] } });
      statuses.push(r.body.data.agreeToJointInvestigationTeam.status);
    }
    expect(statuses).toEqual(['PROPOSED', 'PROPOSED', 'ACTIVE']);
  });

  test('who may not know of a team gets NOT_FOUND, as for one that does not exist', async () => {
    const { body } = await ask(prosecutor('CO'), PROPOSE, { variables: { i: proposal() } });
    const id = body.data.proposeJointInvestigationTeam.id;
    const hidden = await ask(prosecutor('PE'), AGREE, { variables: { id } });
    const missing = await ask(prosecutor('PE'), AGREE, { variables: { id: makeId('XS', 'J', 4242) } });
    expect(codes(hidden.body)).toEqual(['NOT_FOUND']);
    expect(codes(missing.body)).toEqual(['NOT_FOUND']);
    expect(codes((await ask(prosecutor('PE'), END, { variables: { id } })).body)).toEqual(['NOT_FOUND']);
  });

  test('proposals are validated, naming the field', async () => {
    const bad = async (i: Record<string, unknown>) => (await ask(prosecutor('CO'), PROPOSE, { variables: { i: proposal(i) } })).body.errors[0].extensions;
    expect(await bad({ memberCountries: ['CO'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.memberCountries' });
    expect(await bad({ memberCountries: ['CO', 'ZZ'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.memberCountries[1]' });
    expect(await bad({ endsOn: '2025-01-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endsOn' });
    // An empty or blank date is not a date (an empty endsOn was read as "no end"); null still is none.
    expect(await bad({ startsOn: '' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.startsOn' });
    expect(await bad({ endsOn: '' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endsOn' });
    expect(await bad({ endsOn: '  ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endsOn' });
    const open = await ask(prosecutor('CO'), PROPOSE, { variables: { i: proposal({ name: 'ECI sin fecha de fin', endsOn: null }) } });
    expect(open.body.errors).toBeUndefined();
    expect(await bad({ caseIds: ['not-an-id'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.caseIds[0]' });
  });
});

describe('a role alone creates nothing', () => {
  test('a CO prosecutor token that also carries the role secretariat cannot make a team over an AR case', async () => {
    const before = await staffTeamIds();
    const coWithRole: Who = { country: 'CO', roles: ['prosecutor', 'secretariat'] };
    for (const i of [proposal({ caseIds: [AR_SOM_CASE] }), proposal({ memberCountries: ['AR', 'PE'], caseIds: [AR_SOM_CASE] })]) {
      for (const at of ['gateway', 'secretariat'] as const) {
        const { body, status } = await ask(coWithRole, PROPOSE, { at, variables: { i } });
        expect(body.data?.proposeJointInvestigationTeam ?? null).toBeNull();
        // Refused by the secretariat's rules (or, where issuers are bound to roles, already at the door).
        expect(['BAD_USER_INPUT', 'FORBIDDEN', 'UNAUTHENTICATED']).toContain(body.errors[0].extensions.code);
        expect(status === 200 || status === 401).toBe(true);
      }
    }
    // The old role-based mutation is gone.
    const legacy = await ask(coWithRole, 'mutation { createJointInvestigationTeam(input: {}) { id } }');
    expect(legacy.body.data).toBeUndefined();
    expect(await staffTeamIds()).toEqual(before);
  });

  test('partners and analysts propose nothing', async () => {
    for (const who of [PARTNER, analyst('CO')]) {
      const { body } = await ask(who, PROPOSE, { variables: { i: proposal() } });
      expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'jit.propose', protocol: 1 });
    }
  });

  test('a write without a purpose and case reference is refused', async () => {
    const { body } = await ask(prosecutor('CO'), PROPOSE, { noPurpose: true, variables: { i: proposal() } });
    expect(body.errors[0].extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', rule: 'jit.propose' });
  });
});

describe('a person link, end to end', () => {
  const PROPOSE_LINK = 'mutation($i: PersonLinkProposal!) { proposePersonLink(input: $i) { id status records { id } basis { criteria proposedBy { country } confirmedBy { country } } } }';
  const CONFIRM = 'mutation($id: ID!) { confirmPersonLink(id: $id) { id status basis { confirmedBy { country on } } } }';
  const AR6 = makeId('AR', 'P', ANCHORS.smugglerSeq);
  const PE6 = makeId('PE', 'P', ANCHORS.smugglerSeq);
  const linksOf = async (who: Who, id: string) => (await ask(who, `{ personLinks(personId: "${id}") { id } }`)).body.data.personLinks.map((l: { id: string }) => l.id);

  test('propose → not shown → refused to the proposer side → confirmed by the other → shown', async () => {
    const { body } = await ask(prosecutor('AR'), PROPOSE_LINK, { at: 'secretariat', variables: { i: { recordId: AR6, otherRecordId: PE6, criteria: ['NAMES', 'DOCUMENT', 'NAMES'] } } });
    expect(body.errors).toBeUndefined();
    const link = body.data.proposePersonLink;
    expect(link).toMatchObject({ status: 'PROPOSED', records: [{ id: AR6 }, { id: PE6 }], basis: { criteria: ['NAMES', 'DOCUMENT'], proposedBy: { country: 'AR' }, confirmedBy: null } });

    expect(await linksOf(prosecutor('AR'), AR6)).toEqual([]);
    expect(await linksOf(prosecutor('PE'), PE6)).toEqual([]);
    const pending = (await ask(prosecutor('PE'), '{ pendingPersonLinks { id status } }')).body.data.pendingPersonLinks;
    expect(pending).toContainEqual({ id: link.id, status: 'PROPOSED' });
    expect((await ask(prosecutor('CO'), '{ pendingPersonLinks { id } }')).body.data.pendingPersonLinks).not.toContainEqual({ id: link.id });

    const own = await ask(prosecutor('AR'), CONFIRM, { variables: { id: link.id } });
    expect(own.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'link.confirm', protocol: 1 });
    // A prosecutor who may not know of the proposal: as for none. Callers no clause can grant: FORBIDDEN, whatever the id.
    expect(codes((await ask(prosecutor('CO'), CONFIRM, { variables: { id: link.id } })).body)).toEqual(['NOT_FOUND']);
    for (const who of [analyst('PE'), STAFF]) {
      expect(codes((await ask(who, CONFIRM, { variables: { id: link.id } })).body)).toEqual(['FORBIDDEN']);
      expect(codes((await ask(who, CONFIRM, { variables: { id: makeId('XS', 'L', 4242) } })).body)).toEqual(['FORBIDDEN']);
    }

    const confirmed = await ask(prosecutor('PE'), CONFIRM, { variables: { id: link.id } });
    expect(confirmed.body.data.confirmPersonLink).toMatchObject({ status: 'CONFIRMED', basis: { confirmedBy: { country: 'PE' } } });
    expect(await linksOf(prosecutor('AR'), AR6)).toEqual([link.id]);
    expect(await linksOf(prosecutor('PE'), PE6)).toEqual([link.id]);
    expect(await linksOf(prosecutor('CO'), AR6)).toEqual([]);
    const linked = await ask(prosecutor('AR'), `{ person(id: "${AR6}") { linkedRecords { id } } }`);
    expect(linked.body.data.person.linkedRecords).toEqual([{ id: PE6 }]);

    const twice = await ask(prosecutor('PE'), PROPOSE_LINK, { variables: { i: { recordId: PE6, otherRecordId: AR6, criteria: ['NAMES'] } } });
    expect(twice.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.otherRecordId' });
  });

  test('a link is proposed only from a record of the caller’s own member state, by a prosecutor, with criteria', async () => {
    const propose = async (who: Who, i: Record<string, unknown>) => (await ask(who, PROPOSE_LINK, { variables: { i } })).body.errors[0].extensions;
    const AR7 = makeId('AR', 'P', 7);
    const CO7 = makeId('CO', 'P', 7);
    expect(await propose(prosecutor('AR'), { recordId: CO7, otherRecordId: AR7, criteria: ['NAMES'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.recordId' });
    expect(await propose(prosecutor('AR'), { recordId: CO7, otherRecordId: makeId('PE', 'P', 7), criteria: ['NAMES'] })).toMatchObject({ code: 'FORBIDDEN', rule: 'link.propose' });
    expect(await propose(analyst('AR'), { recordId: AR7, otherRecordId: CO7, criteria: ['NAMES'] })).toMatchObject({ code: 'FORBIDDEN', rule: 'link.propose' });
    expect(await propose(STAFF, { recordId: AR7, otherRecordId: CO7, criteria: ['NAMES'] })).toMatchObject({ code: 'FORBIDDEN', rule: 'link.propose' });
    expect(await propose(prosecutor('AR'), { recordId: AR7, otherRecordId: CO7, criteria: [] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.criteria' });
    expect(await propose(prosecutor('AR'), { recordId: AR7, otherRecordId: makeId('AR', 'P', 8), criteria: ['NAMES'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.otherRecordId' });
  });
});
