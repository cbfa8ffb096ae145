/**
 * The inbox's badge through the gateway over HTTP (issue 20, item 4): cooperationAttention counts
 * the requests addressed to the caller's member state that await its decision and reached it since
 * the caller last opened its inbox (markCooperationInboxSeen, kept per caller at the secretariat),
 * and those past their deadline; only requests the caller may know of (cooperation.known), both ways.
 * With AR, CO and PE the seed holds one request awaiting AR (PE's, overdue), one awaiting CO (FILED)
 * and one awaiting PE (answered, AWAITING_OWNER).
 */
import type { Role } from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';

const POLL_SECONDS = 7;
let net: TestNetwork;
/** The secretariat's clock runs this far ahead of real time (a test moves it past a deadline). */
let ahead = 0;
beforeAll(async () => {
  net = await startNetwork({
    countries: ['AR', 'CO', 'PE'], persons: 12,
    secretariatOptions: { now: () => new Date(Date.now() + ahead), attentionPollSeconds: POLL_SECONDS },
  });
});
afterAll(() => net?.close());

interface Who { country: string; roles: Role[]; subject?: string }
const AR: Who = { country: 'AR', roles: ['prosecutor'] };
const AR_COLLEAGUE: Who = { country: 'AR', roles: ['prosecutor'], subject: 'another.prosecutor@ar' };
const AR_ANALYST: Who = { country: 'AR', roles: ['analyst'] };
const AR_AUDITOR: Who = { country: 'AR', roles: ['auditor'] };
const CO: Who = { country: 'CO', roles: ['prosecutor'] };
const STAFF: Who = { country: 'XS', roles: ['secretariat'] };

async function ask(who: Who, query: string, variables: Record<string, unknown> = {}, purpose: string | null = 'cooperation-answer') {
  const token = await net.token({ country: who.country, roles: who.roles, subject: who.subject });
  const headers = purpose ? bearer(token, purpose, 'COOP-2026-1') : { authorization: `Bearer ${token}` };
  return gql(net.gateway.url, query, variables, headers);
}

const ATTENTION = '{ cooperationAttention { newCount overdueCount countCapped seenAt pollSeconds } }';
const SEEN = 'mutation { markCooperationInboxSeen { newCount overdueCount seenAt } }';
const attention = async (who: Who) => {
  const { body } = await ask(who, ATTENTION);
  expect(body.errors).toBeUndefined();
  return body.data.cooperationAttention as { newCount: number; overdueCount: number; countCapped: boolean; seenAt: string | null; pollSeconds: number };
};

/** CO files a request to AR for the adult victim, from a hit/no-hit reference, as the console does. */
async function fileFromCo(): Promise<string> {
  const hit = await ask(CO, 'query($p: String!) { documentHits(pseudonym: $p) { country reference } }', { p: documentPseudonym(net, 'BO', ANCHORS.victimAdultIdCard('AR')) }, 'hit-follow-up');
  const reference = hit.body.data.documentHits.find((h: { country: string }) => h.country === 'AR').reference;
  const filed = await ask(CO, 'mutation($i: CooperationRequestInput!) { requestCooperation(input: $i) { id state } }', {
    i: {
      owner: 'AR', subjects: [reference], scope: ['person.identity'], purpose: 'investigation', caseRef: 'CO-2026-TIP-0077',
      legalBasis: 'DIRECT_COOPERATION', urgency: 'URGENT', reason: 'The victim may identify the recruiters.',
    },
  }, 'cooperation-request');
  expect(filed.body.errors).toBeUndefined();
  return filed.body.data.requestCooperation.id;
}

describe('new and overdue requests for the badge', () => {
  let filed = '';
  test("before AR's prosecutor ever opened the inbox, every request awaiting AR is new: the seeded one, overdue", async () => {
    expect(await attention(AR)).toEqual({ newCount: 1, overdueCount: 1, countCapped: false, seenAt: null, pollSeconds: POLL_SECONDS });
    // Each member counts its own side: CO's filed one, PE's answered one.
    expect(await attention(CO)).toMatchObject({ newCount: 1, overdueCount: 0 });
    expect(await attention({ country: 'PE', roles: ['prosecutor'] })).toMatchObject({ newCount: 1, overdueCount: 0 });
  });

  test('opening the inbox clears "new" for that prosecutor alone; overdue stays until decided', async () => {
    const { body } = await ask(AR, SEEN);
    expect(body.errors).toBeUndefined();
    expect(body.data.markCooperationInboxSeen).toEqual({ newCount: 0, overdueCount: 1, seenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(await attention(AR)).toMatchObject({ newCount: 0, overdueCount: 1 });
    expect(await attention(AR_COLLEAGUE)).toMatchObject({ newCount: 1, seenAt: null });
  });

  test('a request CO files to AR is new to AR at once, and not to the requester', async () => {
    const before = await attention(CO);
    filed = await fileFromCo();
    expect(await attention(AR)).toMatchObject({ newCount: 1, overdueCount: 1 });
    expect(await attention(AR_COLLEAGUE)).toMatchObject({ newCount: 2 });
    expect(await attention(CO)).toEqual(before);
  });

  test('only requests the caller may know of: AR analysts count them; AR auditors, staff and partners never do', async () => {
    expect(await attention(AR_ANALYST)).toMatchObject({ newCount: 2, overdueCount: 1 });
    expect(await attention(AR_AUDITOR)).toMatchObject({ newCount: 0, overdueCount: 0 });
    expect(await attention(STAFF)).toMatchObject({ newCount: 0, overdueCount: 0 });
    expect(await attention({ country: 'XP', roles: ['partner'] })).toMatchObject({ newCount: 0, overdueCount: 0 });
  });

  test('asked for more, the request leaves the count; answered by the requester, it is new again', async () => {
    const asked = await ask(AR, 'mutation($id: ID!) { decideCooperationRequest(id: $id, decision: ASK_MORE, reason: "Which case is she a victim in?") { state } }', { id: filed });
    expect(asked.body.data.decideCooperationRequest.state).toBe('AWAITING_REQUESTER');
    await ask(AR, SEEN);
    expect(await attention(AR)).toMatchObject({ newCount: 0 });
    const answered = await ask(CO, 'mutation($id: ID!) { answerCooperationRequest(id: $id, answer: "In CO-2026-TIP-0077, as the main victim.") { state } }', { id: filed });
    expect(answered.body.data.answerCooperationRequest.state).toBe('AWAITING_OWNER');
    expect(await attention(AR)).toMatchObject({ newCount: 1, overdueCount: 1 });
  });

  test('past its deadline it counts as overdue; decided, it leaves both counts', async () => {
    ahead = 9 * 3_600_000; // an urgent request has 8 hours
    try {
      expect(await attention(AR)).toMatchObject({ newCount: 1, overdueCount: 2 });
    } finally {
      ahead = 0;
    }
    const refused = await ask(AR, 'mutation($id: ID!) { decideCooperationRequest(id: $id, decision: REFUSE, reason: "Not in our files.") { state } }', { id: filed });
    expect(refused.body.data.decideCooperationRequest.state).toBe('REFUSED');
    expect(await attention(AR)).toMatchObject({ newCount: 0, overdueCount: 1 });
  });

  test('both need a purpose and a case reference (secretariat.query, cooperation.seen): PURPOSE_REQUIRED without', async () => {
    for (const query of [ATTENTION, SEEN]) {
      const { body } = await ask(AR, query, {}, null);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'PURPOSE_REQUIRED' });
    }
  });

  test('the seen marker is the caller\'s: issuer, subject and country (the same subject in CO is someone else)', async () => {
    const sameNameInCo: Who = { country: 'CO', roles: ['prosecutor'], subject: 'prosecutor@ar' };
    expect(await attention(sameNameInCo)).toMatchObject({ seenAt: null });
    expect((await attention(AR)).seenAt).not.toBeNull();
  });
});
