/**
 * Financial flows through the real network: accounts and transfers recorded by
 * the owner's writers (validated, nothing written on bad input), read under
 * finance.accounts and finance.transfers both ways (own, JIT, plain foreign,
 * partner, a cooperation grant), and an account reached through one case never
 * opening the transfers of another.
 */
import { makeId } from '@enlace/platform';
import { ANCHORS, generateMember } from '@enlace/scripts/seed/generate';
import { ANCHOR_ACCOUNT } from '@enlace/scripts/seed/domain';
import { accountPseudonym, bearer, gql, startNetwork, SEED, type TestNetwork } from '../support/network';

const PERSONS = 60;
let net: TestNetwork;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: PERSONS, memberOptions: { AR: { grantCacheSeconds: 0 } } });
});
afterAll(() => net?.close());

type Who = { country: string; roles: string[]; subject?: string };
const AR_PROSECUTOR: Who = { country: 'AR', roles: ['prosecutor'] };
const seeded = generateMember('AR', { persons: PERSONS, seed: SEED }).next().value!;
const P1 = makeId('AR', 'P', ANCHORS.suspectSeq);
const C1 = makeId('AR', 'C', ANCHORS.tipCaseSeq);
const C2 = makeId('AR', 'C', ANCHORS.somCaseSeq);

async function ask(who: Who, query: string, variables: Record<string, unknown> = {}, caseRef = 'TEST-1') {
  const token = await net.token({ country: who.country, roles: who.roles as never, subject: who.subject });
  return gql(net.gateway.url, query, variables, bearer(token, 'Financial investigation', caseRef));
}

const ACCOUNT = 'mutation($i: AccountInput!) { recordAccount(input: $i) { id country institution institutionCountry identifierType identifier holder { id } } }';
const TRANSFER = 'mutation($i: TransferInput!) { recordTransfer(input: $i) { id amount currency date channel from { id } to { id } case { id } } }';
const PERSON_ACCOUNTS = 'query($id: ID!) { person(id: $id) { id accounts { id identifier transfers { id case { id } } } } }';
const CASE_TRANSFERS = 'query($id: ID!) { case(id: $id) { id transfers { id amount currency channel from { id identifier holder { id } } to { id } } } }';

describe('the seeded flows', () => {
  test('the anchor suspect holds the anchor account, and C:1 shows the generated transfers, for the owner\'s prosecutor', async () => {
    const person = (await ask(AR_PROSECUTOR, PERSON_ACCOUNTS, { id: P1 })).body.data.person;
    expect(person.accounts.map((a: { identifier: string }) => a.identifier)).toContain(ANCHOR_ACCOUNT.identifier);
    expect(person.accounts.map((a: { id: string }) => a.id).sort()).toEqual(seeded.accounts.filter((a) => a.holderId === P1).map((a) => a.id).sort());
    const kase = (await ask(AR_PROSECUTOR, CASE_TRANSFERS, { id: C1 })).body.data.case;
    const expected = seeded.transfers.filter((t) => t.caseId === C1);
    expect(expected.length).toBeGreaterThan(0);
    expect(kase.transfers.map((t: { id: string; amount: string; channel: string }) => [t.id, t.amount, t.channel]).sort())
      .toEqual(expected.map((t) => [t.id, t.amount, t.channel]).sort());
  });

  test('the seed varies the channels', () => {
    const all = [...generateMember('AR', { persons: 2000, seed: SEED })].flatMap((b) => b.transfers);
    expect(new Set(all.map((t) => t.channel))).toEqual(new Set(['BANK', 'MONEY_REMITTANCE', 'CASH_COURIER', 'MOBILE_MONEY', 'CRYPTO_ASSET', 'INFORMAL_VALUE_TRANSFER']));
  });
});

describe('recording (write.own-member)', () => {
  test('an account and a transfer, read back through Person.accounts, Case.transfers and Account.transfers', async () => {
    const account = (await ask(AR_PROSECUTOR, ACCOUNT, { i: { holderId: P1, institution: 'Banco Galicia', institutionCountry: 'ar', identifierType: 'ACCOUNT_NUMBER', identifier: '0070 0999 3000 0012 3456 78' } })).body;
    expect(account.errors).toBeUndefined();
    expect(account.data.recordAccount).toMatchObject({ country: 'AR', institutionCountry: 'AR', holder: { id: P1 } });
    const id = account.data.recordAccount.id as string;
    const transfer = (await ask(AR_PROSECUTOR, TRANSFER, { i: { caseId: C1, fromAccountId: id, amount: '2500.50', currency: 'usd', date: '2025-01-10', channel: 'MONEY_REMITTANCE' } })).body;
    expect(transfer.errors).toBeUndefined();
    expect(transfer.data.recordTransfer).toMatchObject({ amount: '2500.50', currency: 'USD', channel: 'MONEY_REMITTANCE', from: { id }, to: null, case: { id: C1 } });
    const tid = transfer.data.recordTransfer.id;
    const person = (await ask(AR_PROSECUTOR, PERSON_ACCOUNTS, { id: P1 })).body.data.person;
    expect(person.accounts.find((a: { id: string }) => a.id === id).transfers).toEqual([{ id: tid, case: { id: C1 } }]);
    const kase = (await ask(AR_PROSECUTOR, CASE_TRANSFERS, { id: C1 })).body.data.case;
    expect(kase.transfers.find((t: { id: string }) => t.id === tid).from).toEqual({ id, identifier: '0070 0999 3000 0012 3456 78', holder: { id: P1 } });
  });

  test.each<[string, string, Record<string, unknown>, string]>([
    ['an IBAN that is not one', ACCOUNT, { institution: 'Itaú', institutionCountry: 'BR', identifierType: 'IBAN', identifier: 'BR12 34' }, 'input.identifier'],
    ['an identifier without letters or digits', ACCOUNT, { institution: 'X', identifierType: 'OTHER', identifier: '--' }, 'input.identifier'],
    ['a holder of another member', ACCOUNT, { holderId: makeId('CO', 'P', 1), institution: 'X', identifierType: 'OTHER', identifier: 'A1' }, 'input.holderId'],
    ['a holder that does not exist', ACCOUNT, { holderId: 'AR:P:zzzzzzzzzzzz', institution: 'X', identifierType: 'OTHER', identifier: 'A1' }, 'input.holderId'],
    ['a currency outside ISO 4217', TRANSFER, { caseId: C1, fromAccountId: 'AR:A:zzzzzzz', amount: '10', currency: 'XYZW', date: '2025-01-01', channel: 'BANK' }, 'input.currency'],
    ['a negative amount', TRANSFER, { caseId: C1, fromAccountId: 'AR:A:zzzzzzz', amount: '-10', currency: 'USD', date: '2025-01-01', channel: 'BANK' }, 'input.amount'],
    ['a zero amount', TRANSFER, { caseId: C1, fromAccountId: 'AR:A:zzzzzzz', amount: '0.00', currency: 'USD', date: '2025-01-01', channel: 'BANK' }, 'input.amount'],
    ['a date in the future', TRANSFER, { caseId: C1, fromAccountId: 'AR:A:zzzzzzz', amount: '10', currency: 'USD', date: '2999-01-01', channel: 'BANK' }, 'input.date'],
    ['no account at either end', TRANSFER, { caseId: C1, amount: '10', currency: 'USD', date: '2025-01-01', channel: 'CASH_COURIER' }, 'input.fromAccountId'],
    ['an account that does not exist', TRANSFER, { caseId: C1, fromAccountId: 'AR:A:zzzzzzz', amount: '10', currency: 'USD', date: '2025-01-01', channel: 'BANK' }, 'input.fromAccountId'],
    ['a case that does not exist', TRANSFER, { caseId: 'AR:C:zzzzzzz', toAccountId: 'AR:A:zzzzzzz', amount: '10', currency: 'USD', date: '2025-01-01', channel: 'BANK' }, 'input.caseId'],
  ])('%s: BAD_USER_INPUT naming the field, nothing written', async (_name, mutation, input, field) => {
    const before = (await ask(AR_PROSECUTOR, CASE_TRANSFERS, { id: C1 })).body.data.case.transfers.length;
    const { body } = await ask(AR_PROSECUTOR, mutation, { i: input });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(body.errors)).not.toMatch(/\n\s+at /); // no stack trace
    expect((await ask(AR_PROSECUTOR, CASE_TRANSFERS, { id: C1 })).body.data.case.transfers.length).toBe(before);
  });
});

describe('reading (finance.accounts, finance.transfers)', () => {
  const forbidden = (body: { errors?: Array<{ path?: unknown[]; extensions?: { code?: string; rule?: string } }> }) =>
    (body.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.rule]);

  test('a foreign prosecutor, a foreign analyst and a partner: both withheld, naming the rule; the owner\'s analyst reads both', async () => {
    for (const who of [{ country: 'PE', roles: ['prosecutor'] }, { country: 'PE', roles: ['analyst'] }]) {
      const person = await ask(who, PERSON_ACCOUNTS, { id: P1 });
      expect(person.body.data.person).toEqual({ id: P1, accounts: null });
      expect(forbidden(person.body)).toEqual([['FORBIDDEN', 'finance.accounts']]);
      const kase = await ask(who, CASE_TRANSFERS, { id: C1 });
      expect(kase.body.data.case).toEqual({ id: C1, transfers: null });
      expect(forbidden(kase.body)).toEqual([['FORBIDDEN', 'finance.transfers']]);
    }
    const partner = await ask({ country: 'XP', roles: ['partner'] }, PERSON_ACCOUNTS, { id: P1 });
    expect(partner.body.data.person).toEqual({ id: P1, accounts: null }); // the flagged suspect is known to partners, his accounts are not
    expect(forbidden(partner.body)).toEqual([['FORBIDDEN', 'finance.accounts']]);
    const analyst = await ask({ country: 'AR', roles: ['analyst'] }, CASE_TRANSFERS, { id: C1 });
    expect(analyst.body.errors).toBeUndefined();
    expect(analyst.body.data.case.transfers.length).toBeGreaterThan(0);
  });

  test('a JIT member reads the JIT case\'s transfers and the suspect\'s accounts, but an account never opens the transfers of a case outside the JIT', async () => {
    // The owner records a transfer in C:2 (not in the JIT) from the anchor account.
    const anchor = seeded.accounts.find((a) => a.holderId === P1 && a.identifier === ANCHOR_ACCOUNT.identifier)!;
    const outside = (await ask(AR_PROSECUTOR, TRANSFER, { i: { caseId: C2, fromAccountId: anchor.id, amount: '900', currency: 'PEN', date: '2025-03-01', channel: 'BANK' } })).body.data.recordTransfer.id;
    const jit: Who = { country: 'CO', roles: ['prosecutor'] };
    const kase = await ask(jit, CASE_TRANSFERS, { id: C1 }, ANCHORS.jitId);
    expect(kase.body.errors).toBeUndefined();
    expect(kase.body.data.case.transfers.length).toBeGreaterThan(0);
    const person = await ask(jit, PERSON_ACCOUNTS, { id: P1 }, ANCHORS.jitId);
    expect(person.body.errors).toBeUndefined();
    const seen = person.body.data.person.accounts.find((a: { id: string }) => a.id === anchor.id).transfers;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((t: { case: { id: string } }) => t.case.id === C1)).toBe(true);
    // The owner sees that transfer on the same account.
    const own = (await ask(AR_PROSECUTOR, PERSON_ACCOUNTS, { id: P1 })).body.data.person.accounts.find((a: { id: string }) => a.id === anchor.id).transfers;
    expect(own.map((t: { id: string }) => t.id)).toContain(outside);
    // The same JIT member without the JIT as case reference: withheld.
    expect(forbidden((await ask(jit, CASE_TRANSFERS, { id: C1 })).body)).toEqual([['FORBIDDEN', 'finance.transfers']]);
  });

  test('a cooperation grant of finance.transfers on a case opens it to its grantee, for that case only', async () => {
    const co: Who = { country: 'CO', roles: ['prosecutor'], subject: 'fiscal-finanzas@co' };
    const caseRef = 'CO-2026-FIN-0001';
    expect(forbidden((await ask(co, CASE_TRANSFERS, { id: C2 }, caseRef)).body)).toEqual([['FORBIDDEN', 'finance.transfers']]);
    const filed = await ask(co, 'mutation($i: CooperationRequestInput!) { requestCooperation(input: $i) { id } }', {
      i: { owner: 'AR', subjects: [C2], scope: ['finance.transfers'], purpose: 'Financial investigation', caseRef, legalBasis: 'DIRECT_COOPERATION', urgency: 'NORMAL', reason: 'The smugglers were paid through accounts we are tracing.' },
    }, caseRef);
    expect(filed.body.errors).toBeUndefined();
    const id = filed.body.data.requestCooperation.id;
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const decided = await ask(AR_PROSECUTOR, 'mutation($id: ID!, $g: CooperationGrantInput) { decideCooperationRequest(id: $id, decision: GRANT, grant: $g) { state } }', { id, g: { expiresOn: until } });
    expect(decided.body.data.decideCooperationRequest.state).toBe('GRANTED');
    const granted = await ask(co, CASE_TRANSFERS, { id: C2 }, caseRef);
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data.case.transfers.length).toBeGreaterThan(0);
    // Not another case, and not under another case reference.
    expect(forbidden((await ask(co, CASE_TRANSFERS, { id: C1 }, caseRef)).body)).toEqual([['FORBIDDEN', 'finance.transfers']]);
    expect(forbidden((await ask(co, CASE_TRANSFERS, { id: C2 }, 'CO-2026-OTHER')).body)).toEqual([['FORBIDDEN', 'finance.transfers']]);
  });
});

describe('erasure leaves no account or transfer behind', () => {
  test('erasing a person erases the accounts it holds (no hit any more); erasing a case erases its transfers', async () => {
    const created = await ask(AR_PROSECUTOR, 'mutation { createPerson(input: { givenNames: "Borrable", familyNames: "Finanzas", dateOfBirth: "1980-01-01" }) { id } }');
    const holder = created.body.data.createPerson.id as string;
    const account = (await ask(AR_PROSECUTOR, ACCOUNT, { i: { holderId: holder, institution: 'Banco Macro', institutionCountry: 'AR', identifierType: 'ACCOUNT_NUMBER', identifier: 'ERASE-ME-0001' } })).body.data.recordAccount.id;
    const other = (await ask(AR_PROSECUTOR, ACCOUNT, { i: { institution: 'Banco Macro', identifierType: 'OTHER', identifier: 'KEEP-0001' } })).body.data.recordAccount.id;
    const kase = (await ask(AR_PROSECUTOR, 'mutation { createCase(input: { reference: "FIS-ERASE-1", offences: [MONEY_LAUNDERING], status: INVESTIGATION, openedOn: "2025-01-01", summary: "s", handlingCode: H0 }) { id } }')).body.data.createCase.id;
    const transfer = (await ask(AR_PROSECUTOR, TRANSFER, { i: { caseId: kase, fromAccountId: account, toAccountId: other, amount: '10', currency: 'ARS', date: '2025-02-01', channel: 'BANK' } })).body.data.recordTransfer.id;
    const hit = async () => {
      await net.members.get('AR')!.pseudonymIndex!.settled(); // findable once indexed: moments after the write
      const { body } = await ask(AR_PROSECUTOR, 'query($p: String!) { accountHits(pseudonym: $p) { country hit } }', { p: accountPseudonym(net, 'erase-me-0001') });
      return body.data.accountHits.find((h: { country: string }) => h.country === 'AR').hit;
    };
    expect(await hit()).toBe(true);
    const store = net.members.get('AR')!.store;
    const count = async (label: string, id: string) => Number((await store.read(`MATCH (n:${label} {id: $id}) RETURN count(n) AS n`, { id }))[0].n);

    expect((await ask(AR_PROSECUTOR, 'mutation($id: ID!) { erasePerson(personId: $id) { id } }', { id: holder })).body.errors).toBeUndefined();
    expect(await hit()).toBe(false);
    expect(await count('Account', account)).toBe(0);
    const after = (await ask(AR_PROSECUTOR, CASE_TRANSFERS, { id: kase })).body.data.case.transfers;
    expect(after).toEqual([{ id: transfer, amount: '10', currency: 'ARS', channel: 'BANK', from: null, to: { id: other } }]);

    expect((await ask(AR_PROSECUTOR, 'mutation($id: ID!) { eraseCase(caseId: $id) { id } }', { id: kase })).body.errors).toBeUndefined();
    expect(await count('Transfer', transfer)).toBe(0);
    expect(await count('Account', other)).toBe(1);
  });
});
