/**
 * The secretariat's records under the sharing protocol, read through the gateway
 * and directly at the secretariat: teams to their member countries' prosecutors
 * and analysts and to staff, links to the two owners' prosecutors and staff,
 * bases without identity values, the directory to everyone, a purpose for
 * every protected read, and nothing at all (not a stub) for records a caller
 * may not know of.
 */
import { makeId } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { ANCHORS, generateSecretariat } from '@enlace/scripts/seed/generate';
import { loadSecretariatProtocol, seedSecretariat, startSecretariat } from '@enlace/secretariat';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';
import { analyst, asker, auditor, PARTNER, prosecutor, STAFF, type Who } from './helpers';

let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 12 });
});
afterAll(() => net?.close());
const ask = asker(() => net);

const JIT1 = makeId('XS', 'J', 1); // ACTIVE, AR and CO
const JIT2 = makeId('XS', 'J', 2); // PROPOSED by CO, CO and PE
const P1 = (cc: string) => makeId(cc, 'P', ANCHORS.suspectSeq);
const P6 = (cc: string) => makeId(cc, 'P', ANCHORS.smugglerSeq); // the smugglers CO proposes as one man to PE
const NOBODY = makeId('XS', 'J', 999);
const where = ['gateway', 'secretariat'] as const;

describe.each(where)('person links (%s)', (at) => {
  const LINKS = '{ personLinks(personId: "ID") { id status records { id } basis { criteria proposedBy { country on } confirmedBy { country on } } } }';
  const links = (who: Who, id: string) => ask(who, LINKS.replace('ID', id), { at });

  test('the basis says which criteria matched and who decided, never identity values', async () => {
    const { body } = await links(prosecutor('AR'), P1('AR'));
    expect(body.errors).toBeUndefined();
    const found = body.data.personLinks;
    expect(found.map((l: { records: Array<{ id: string }> }) => l.records.map((r) => r.id))).toEqual([[P1('AR'), P1('CO')], [P1('AR'), P1('PE')]]);
    for (const l of found) {
      expect(l).toMatchObject({ status: 'CONFIRMED', basis: { criteria: expect.arrayContaining(['NAMES', 'DOCUMENT']), proposedBy: { country: 'AR' } } });
      expect(l.basis.confirmedBy.country).not.toBe('AR');
      expect(l.basis.confirmedBy.on >= l.basis.proposedBy.on).toBe(true);
    }
    const text = JSON.stringify(body);
    for (const value of [ANCHORS.suspect.dateOfBirth, ANCHORS.suspect.passport, 'Quispe', 'QH']) expect(text).not.toContain(value);
  });

  test("only the two owners' prosecutors and staff know of a link: not partners, analysts, auditors or other members", async () => {
    expect((await links(prosecutor('CO'), P1('CO'))).body.data.personLinks).toHaveLength(2);
    expect((await links(STAFF, P1('AR'))).body.data.personLinks).toHaveLength(2);
    // CO knows of the AR–CO link, not of AR–PE.
    expect((await links(prosecutor('CO'), P1('AR'))).body.data.personLinks.map((l: { records: Array<{ id: string }> }) => l.records[1].id)).toEqual([P1('CO')]);
    // AR knows of AR–CO, not of CO–PE.
    expect((await links(prosecutor('AR'), P1('CO'))).body.data.personLinks.map((l: { records: Array<{ id: string }> }) => l.records[0].id)).toEqual([P1('AR')]);
    // PE knows of AR–PE, not of AR–CO.
    expect((await links(prosecutor('PE'), P1('AR'))).body.data.personLinks.map((l: { records: Array<{ id: string }> }) => l.records[1].id)).toEqual([P1('PE')]);
    for (const who of [PARTNER, analyst('AR'), auditor('AR')]) {
      const { body } = await links(who, P1('CO'));
      expect(body).toEqual({ data: { personLinks: [] } });
    }
  });

  test('a proposal is not a link: pending to the two sides only, with its status', async () => {
    // The proposal of CO's smuggler as PE's is no link: PE's smuggler has none.
    expect((await links(prosecutor('PE'), P6('PE'))).body.data.personLinks).toEqual([]);
    const PENDING = '{ pendingPersonLinks { status records { id } basis { proposedBy { country } confirmedBy { country } } } }';
    const pe = (await ask(prosecutor('PE'), PENDING, { at })).body.data.pendingPersonLinks;
    // Through the gateway CO answers for its record, and withholds its smuggler from PE (no JIT or grant of PE's covers him).
    const coRecord = at === 'gateway' ? null : { id: P6('CO') };
    expect(pe).toEqual([{ status: 'PROPOSED', records: [coRecord, { id: P6('PE') }], basis: { proposedBy: { country: 'CO' }, confirmedBy: null } }]);
    expect((await ask(prosecutor('CO'), PENDING, { at })).body.data.pendingPersonLinks).toHaveLength(1);
    expect((await ask(STAFF, PENDING, { at })).body.data.pendingPersonLinks).toHaveLength(1);
    for (const who of [prosecutor('AR'), analyst('PE'), PARTNER]) expect((await ask(who, PENDING, { at })).body.data.pendingPersonLinks).toEqual([]);
  });
});

describe.each(where)('joint investigation teams (%s)', (at) => {
  const TEAMS = '{ jointInvestigationTeams { id status name purpose memberCountries cases { id } } }';
  const ONE = '{ jointInvestigationTeam(id: "ID") { id status name purpose cases { id } } }';

  test("a team is known to its member countries' prosecutors and analysts, and to staff", async () => {
    const ar = (await ask(prosecutor('AR'), TEAMS, { at })).body;
    expect(ar.errors).toBeUndefined();
    expect(ar.data.jointInvestigationTeams).toEqual([
      expect.objectContaining({ id: JIT1, status: 'ACTIVE', memberCountries: ['AR', 'CO'], cases: [{ id: makeId('AR', 'C', 1) }, { id: makeId('CO', 'C', 1) }] }),
    ]);
    expect(ar.data.jointInvestigationTeams[0].purpose).toMatch(/Cóndor/);
    const co = (await ask(analyst('CO'), TEAMS, { at })).body.data.jointInvestigationTeams.map((j: { id: string }) => j.id);
    expect(co).toEqual([JIT1, JIT2]);
    expect((await ask(STAFF, TEAMS, { at })).body.data.jointInvestigationTeams.map((j: { id: string }) => j.id)).toEqual([JIT1, JIT2]);
    expect((await ask(prosecutor('PE'), TEAMS, { at })).body.data.jointInvestigationTeams.map((j: { id: string; status: string }) => [j.id, j.status])).toEqual([[JIT2, 'PROPOSED']]);
  });

  test('partners, auditors and other members get nothing, the same as for a team that does not exist', async () => {
    for (const who of [PARTNER, auditor('AR'), prosecutor('PE')]) {
      if (who.country !== 'PE') expect((await ask(who, TEAMS, { at })).body).toEqual({ data: { jointInvestigationTeams: [] } });
      const existing = await ask(who, ONE.replace('ID', JIT1), { at });
      const missing = await ask(who, ONE.replace('ID', NOBODY), { at });
      expect(existing.body).toEqual({ data: { jointInvestigationTeam: null } });
      expect(existing.body).toEqual(missing.body);
    }
  });

  test('a protected read without a purpose and case reference is refused with PURPOSE_REQUIRED', async () => {
    const { body } = await ask(prosecutor('AR'), ONE.replace('ID', JIT1), { at, noPurpose: true });
    expect(body.data?.jointInvestigationTeam ?? null).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', rule: 'secretariat.query', protocol: 1 });
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
  });

  test('the member directory answers every authenticated caller, no purpose needed', async () => {
    const { body } = await ask(PARTNER, '{ memberStates { country name contactPoint } }', { at, noPurpose: true });
    expect(body.errors).toBeUndefined();
    expect(body.data.memberStates.map((m: { country: string }) => m.country)).toEqual(['AR', 'CO', 'PE']);
  });
});

describe('at the gateway: references into member data', () => {
  test("a team's cases come from their owners, for a member of the team", async () => {
    const { body } = await ask(prosecutor('CO'), `{ jointInvestigationTeam(id: "${JIT1}") { cases { id country status } } }`, { caseRef: JIT1 });
    expect(body.data.jointInvestigationTeam.cases).toEqual([
      { id: makeId('AR', 'C', 1), country: 'AR', status: expect.any(String) },
      { id: makeId('CO', 'C', 1), country: 'CO', status: expect.any(String) },
    ]);
  });

  test("a partner asking for a team's cases gets no team, hence no stubs", async () => {
    const { body } = await ask(PARTNER, '{ jointInvestigationTeams { name purpose cases { id status } } }');
    expect(body).toEqual({ data: { jointInvestigationTeams: [] } });
  });

  test("linkedRecords shows a confirmed link's other record to the two owners' prosecutors only", async () => {
    const linked = async (who: Who) => {
      const { body } = await ask(who, `{ person(id: "${P1('AR')}") { id linkedRecords { id } } }`);
      return body.data.person?.linkedRecords?.map((p: { id: string }) => p.id);
    };
    expect(await linked(prosecutor('AR'))).toEqual([P1('CO'), P1('PE')]);
    expect(await linked(prosecutor('CO'))).toEqual([P1('CO')]);
    expect(await linked(prosecutor('PE'))).toEqual([P1('PE')]);
    expect(await linked(analyst('AR'))).toEqual([]);
  });
});

describe('directly at the secretariat', () => {
  test("federation's entity lookup answers a team only to whom may know of it", async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on JointInvestigationTeam { id status } } }';
    const variables = { r: [{ __typename: 'JointInvestigationTeam', id: JIT1 }] };
    expect((await ask(prosecutor('CO'), query, { at: 'secretariat', variables })).body.data._entities).toEqual([{ id: JIT1, status: 'ACTIVE' }]);
    expect((await ask(prosecutor('PE'), query, { at: 'secretariat', variables })).body.data._entities).toEqual([null]);
    expect((await ask(PARTNER, query, { at: 'secretariat', variables })).body.data._entities).toEqual([null]);
  });

  test("a person's links by reference: none for a partner", async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { linkedRecords { id } } } }';
    const variables = { r: [{ __typename: 'Person', id: P1('AR') }] };
    expect((await ask(prosecutor('PE'), query, { at: 'secretariat', variables })).body.data._entities).toEqual([{ linkedRecords: [{ id: P1('PE') }] }]);
    expect((await ask(PARTNER, query, { at: 'secretariat', variables })).body.data._entities).toEqual([{ linkedRecords: [] }]);
  });

  test("a member's own system reads a team it is in (register fields only), another member's system nothing", async () => {
    const concerning = { subject: 'fiscal-7', issuer: 'https://idp.test', country: 'CO', organisation: '', roles: ['prosecutor' as const] };
    const asService = async (cc: string, query: string) => {
      const token = await net.services.get(cc)!.token(concerning);
      return gql(net.secretariat.url, query, {}, bearer(token, 'Request for JIT cases', JIT1));
    };
    const REGISTER = `{ jointInvestigationTeam(id: "${JIT1}") { id status memberCountries startsOn endsOn cases { id } } }`;
    const ar = await asService('AR', REGISTER);
    expect(ar.body.errors).toBeUndefined();
    expect(ar.body.data.jointInvestigationTeam).toMatchObject({ id: JIT1, status: 'ACTIVE', memberCountries: ['AR', 'CO'] });
    const detail = await asService('AR', `{ jointInvestigationTeam(id: "${JIT1}") { id name purpose } }`);
    expect(detail.body.data.jointInvestigationTeam).toEqual({ id: JIT1, name: null, purpose: null });
    expect(detail.body.errors.map((e: { extensions: { rule: string } }) => e.extensions.rule)).toEqual(['jit.detail', 'jit.detail']);
    expect((await asService('PE', REGISTER)).body).toEqual({ data: { jointInvestigationTeam: null } });
  });

  test('a field the protocol gives no rule is denied to everyone (deny by default)', async () => {
    const full = loadSecretariatProtocol();
    const fieldRules = new Map(full.fieldRules);
    fieldRules.delete('MemberState.contactPoint');
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
    await seedSecretariat(store, generateSecretariat(['AR', 'CO'], 42));
    const narrowed = await startSecretariat({ store, verifier: net.verifier, protocol: { ...full, fieldRules } });
    try {
      const token = await net.token({ country: 'AR', roles: ['prosecutor'] });
      const { body } = await gql(narrowed.url, '{ memberStates { country contactPoint } }', {}, bearer(token));
      expect(body.data?.memberStates ?? null).toBeNull(); // non-null contactPoint denied: the entry, then the list, is null
      expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'protocol.default-deny', protocol: 1 });
      expect((await gql(net.secretariat.url, '{ memberStates { country contactPoint } }', {}, bearer(token))).body.errors).toBeUndefined();
    } finally {
      await narrowed.close();
    }
  });
});
