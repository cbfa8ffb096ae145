/**
 * The secretariat's pseudonym evaluator (POST /pseudonyms/evaluate) on loopback: a member's client
 * gets, blinded through it, the pseudonyms the key computes directly; the audit log holds each
 * batch's caller and size and nothing of what was pseudonymised; members' service identities are
 * served within a member's hourly budget, persons within a smaller one each, the secretariat's own
 * staff never; without a key it says what to configure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  blindForPseudonyms, blindForPseudonymsInBrowser, createServiceIdentity, createTokenVerifier, PrfKey, SECRETARIAT_AUDIENCE, signingKey, type Role,
} from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { pseudonymClient, PseudonymsRefused, PSEUDONYMS_PATH } from '@enlace/member';
import { ElementBudget, evaluatorReadiness, startSecretariat, type RunningSecretariat } from '@enlace/secretariat';
import { startNetwork, type TestNetwork } from '../support/network';

const key = PrfKey.generate();
const BUDGET = 400;
const CALLER_BUDGET = 300;
const MAX_BATCH = 150;
let net: TestNetwork;
let dir: string;
let auditPath: string;
let evaluateUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-prf-'));
  auditPath = join(dir, 'secretariat', 'audit.log');
  net = await startNetwork({
    countries: ['AR', 'CO', 'PE'],
    persons: 5,
    secretariatOptions: {
      audit: { path: auditPath, headsPath: join(dir, 'secretariat', 'audit-heads.jsonl') },
      pseudonyms: { key, maxBatch: MAX_BATCH, budgetPerHour: BUDGET, callerBudgetPerHour: CALLER_BUDGET },
    },
  });
  evaluateUrl = new URL(PSEUDONYMS_PATH, net.secretariat.url).toString();
});

afterAll(async () => {
  await net?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const post = async (body: unknown, token?: string) => {
  const res = await fetch(evaluateUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { key?: string; elements?: string[]; errors?: Array<{ message: string; extensions: Record<string, unknown> }> } };
};
const serviceToken = (country: string) => net.services.get(country)!.token();
const clientOf = (country: string) => pseudonymClient(net.secretariat.url, { service: net.services.get(country), batch: MAX_BATCH });

type Entry = {
  caller: { country: string; roles: string[]; subject: string; onBehalfOf?: { subject: string } } | null;
  operation: { type: string; name: string }; decision: string; errors: string[]; elements?: number;
};
const auditText = () => readFileSync(auditPath, 'utf8');
const evaluatorEntries = (): Entry[] => auditText().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Entry).filter((e) => e.operation.type === 'pseudonyms');

const inputs = Array.from({ length: 320 }, (_, i) => `doc:AR:PX${String(7_000_000 + i)}`);

describe('a member pseudonymising through the evaluator', () => {
  it('gets F_k of each input, in order, over several batches', async () => {
    const before = evaluatorEntries().length;
    const { key: keyId, pseudonyms } = await clientOf('AR').pseudonymise(inputs);
    expect(keyId).toBe(key.id);
    expect(pseudonyms).toEqual(inputs.map((x) => key.pseudonym(x)));
    // 320 inputs in batches of at most 150: three entries, each with its size and the member's service identity.
    const entries = evaluatorEntries().slice(before);
    expect(entries.map((e) => e.elements)).toEqual([150, 150, 20]);
    for (const e of entries) {
      expect(e.caller).toMatchObject({ country: 'AR', roles: ['service'] });
      expect(e.decision).toBe('ALLOWED');
    }
  });

  it('gets the same pseudonyms when a browser blinds', async () => {
    const asked = ['name:T:MAMANI QUISPE JHON:1984:M', 'account:AR4401100'];
    const blinded = blindForPseudonymsInBrowser(asked);
    const answer = await post({ elements: blinded.elements }, await serviceToken('CO'));
    expect(answer.status).toBe(200);
    expect(blinded.unblind(answer.body.elements!)).toEqual(asked.map((x) => key.pseudonym(x)));
  });

  it('leaves in the audit log no input, element or pseudonym, and names the caller a check was made for', async () => {
    const asked = ['doc:PE:QQ1234567', 'account:PE00912873'];
    const blinded = blindForPseudonyms(asked);
    const answer = await post({ elements: blinded.elements }, await serviceToken('PE'));
    expect(answer.status).toBe(200);
    const pseudonyms = blinded.unblind(answer.body.elements!);
    const prosecutor = { subject: 'fiscal-7@pe', issuer: 'https://idp.pe.test', country: 'PE', organisation: 'MP PE', roles: ['prosecutor'] as Role[] };
    await clientOf('PE').pseudonymise(['doc:PE:ZZ7654321'], prosecutor);
    const text = auditText();
    for (const secret of [...asked, 'ZZ7654321', 'QQ1234567', ...blinded.elements, ...answer.body.elements!, ...pseudonyms, ...inputs.slice(0, 3), key.pseudonym(inputs[0])]) {
      expect(text).not.toContain(secret);
    }
    expect(evaluatorEntries().at(-1)).toMatchObject({ caller: { country: 'PE', roles: ['service'], onBehalfOf: { subject: 'fiscal-7@pe' } }, elements: 1 });
  });
});

describe('who may ask', () => {
  it('refuses a request without a token, or with one the network does not trust, as UNAUTHENTICATED', async () => {
    const elements = blindForPseudonyms(['doc:AR:1']).elements;
    for (const token of [undefined, 'not-a-token']) {
      const answer = await post({ elements }, token);
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(answer.body.elements).toBeUndefined();
    }
  });

  it('refuses the secretariat\'s own staff (PSEUDONYMS_FORBIDDEN: it gets no hits and holds the key), and logs the refusal', async () => {
    const answer = await post({ elements: blindForPseudonyms(['doc:AR:1']).elements }, await net.token({ country: 'XS', roles: ['secretariat'] }));
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0].extensions.code).toBe('PSEUDONYMS_FORBIDDEN');
    expect(answer.body.elements).toBeUndefined();
    expect(evaluatorEntries().at(-1)).toMatchObject({ caller: { country: 'XS', roles: ['secretariat'] }, decision: 'REFUSED', errors: ['PSEUDONYMS_FORBIDDEN'], elements: 0 });
  });

  it.each<[string, string, Role]>([
    ['a prosecutor of a member', 'AR', 'prosecutor'],
    ['an auditor of a member', 'CO', 'auditor'],
    ['a partner', 'XP', 'partner'],
  ])('serves %s a check, within a budget of its own, and logs its size', async (_who, country, role) => {
    const token = await net.token({ country, roles: [role], subject: `budget-${country}-${role}` });
    const blinded = blindForPseudonyms(['document|AR|1']);
    const answer = await post({ elements: blinded.elements }, token);
    expect(answer.status).toBe(200);
    expect(blinded.unblind(answer.body.elements!)).toEqual([key.pseudonym('document|AR|1')]);
    expect(evaluatorEntries().at(-1)).toMatchObject({ caller: { country, roles: [role] }, decision: 'ALLOWED', elements: 1 });
  });

  it('a person\'s budget is far smaller than a member\'s, and its own: spent, the next batch is refused with when to try again', async () => {
    const token = await net.token({ country: 'CO', roles: ['prosecutor'], subject: 'greedy@co' });
    for (let i = 0; i < CALLER_BUDGET / MAX_BATCH; i++) expect((await post({ elements: blindForPseudonyms(Array.from({ length: MAX_BATCH }, (_, j) => `g${i}-${j}`)).elements }, token)).status).toBe(200);
    const spent = await post({ elements: blindForPseudonyms(['one more']).elements }, token);
    expect(spent.status).toBe(429);
    expect(spent.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Your budget of 300 elements per hour/), extensions: { code: 'PSEUDONYM_BUDGET_SPENT', limit: CALLER_BUDGET } });
    const other = await post({ elements: blindForPseudonyms(['x']).elements }, await net.token({ country: 'CO', roles: ['prosecutor'], subject: 'modest@co' }));
    expect(other.status).toBe(200);
  });

  it('refuses a service token addressed elsewhere than the secretariat', async () => {
    const token = await net.services.get('AR')!.token(undefined, 'enlace');
    expect((await post({ elements: blindForPseudonyms(['x']).elements }, token)).status).toBe(401);
  });
});

describe('what it takes', () => {
  it('refuses a malformed body or element, naming it, and a batch over the limit', async () => {
    const token = await serviceToken('AR');
    const good = blindForPseudonyms(['doc:AR:1']).elements[0];
    const cases: Array<[unknown, string]> = [
      ['{not json', 'The body is not valid JSON'],
      [{ elements: [] }, 'elements: must be a list'],
      [{ elements: 'x' }, 'elements: must be a list'],
      [{ elements: [good, Buffer.alloc(32).toString('base64url')] }, 'elements[1]: is zero'],
      [{ elements: [good, Buffer.alloc(33, 1).toString('base64url')] }, 'elements[1]: must be 32 bytes'],
      [{ elements: [good, Buffer.alloc(32, 255).toString('base64url')] }, 'elements[1]: is not below the field prime'],
      [{ elements: Array(MAX_BATCH + 1).fill(good) }, `elements: at most ${MAX_BATCH} per request, not ${MAX_BATCH + 1}`],
    ];
    for (const [body, message] of cases) {
      const answer = await post(body, token);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
      expect(answer.body.errors?.[0].message).toContain(message);
    }
    // A body over what the largest batch needs is refused before it is parsed.
    const huge = await post({ elements: Array(MAX_BATCH).fill('A'.repeat(200)) }, token);
    expect(huge.status).toBe(413);
    expect(huge.body.errors?.[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // A bad element deep in a batch is named by its place in the whole batch.
    const many = blindForPseudonyms(Array.from({ length: 130 }, (_, i) => `doc:PE:${i}`)).elements;
    many[121] = Buffer.alloc(32).toString('base64url');
    const deep = await post({ elements: many }, await serviceToken('PE'));
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0].message).toBe('elements[121]: is zero, not a P-256 x-coordinate');
    // The point not on the curve: an x whose x³ − 3x + b is not a square (x = 3 on P-256; the unit test checks it).
    const x3 = Buffer.alloc(32);
    x3[31] = 3;
    const offCurve = await post({ elements: [x3.toString('base64url')] }, token);
    expect(offCurve.body.errors?.[0].message).toContain('elements[0]: is not the x-coordinate of a point on P-256');
  });

  it('refuses a member\'s batch once its hourly budget is spent, and only that member\'s', async () => {
    const client = clientOf('CO');
    // CO spent 2 elements in the browser test; spend the rest of its budget exactly.
    const rest = BUDGET - 2;
    await client.pseudonymise(Array.from({ length: rest }, (_, i) => `doc:CO:B${i}`));
    const refused = await client.pseudonymise(['doc:CO:one-more']).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PseudonymsRefused);
    expect(refused).toMatchObject({ status: 429, code: 'PSEUDONYM_BUDGET_SPENT' });
    const answer = await post({ elements: blindForPseudonyms(['doc:CO:again']).elements }, await serviceToken('CO'));
    expect(answer.status).toBe(429);
    expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'PSEUDONYM_BUDGET_SPENT', limit: BUDGET });
    const minutes = answer.body.errors?.[0].extensions.retryAfterMinutes as number;
    expect(minutes).toBeGreaterThanOrEqual(1);
    expect(minutes).toBeLessThanOrEqual(60);
    expect(Number(answer.headers.get('retry-after'))).toBe(minutes * 60);
    expect(evaluatorEntries().at(-1)).toMatchObject({ caller: { country: 'CO' }, decision: 'REFUSED', errors: ['PSEUDONYM_BUDGET_SPENT'], elements: 1 });
    // Another member's budget is its own.
    expect((await clientOf('PE').pseudonymise(['doc:PE:1'])).pseudonyms).toEqual([key.pseudonym('doc:PE:1')]);
  });

  it('/ready says nothing of pseudonyms unless they are required', () => {
    expect(evaluatorReadiness({ key: null })).toEqual({ ready: true });
    expect(evaluatorReadiness({ key, required: true })).toEqual({ ready: true, pseudonyms: 'ok' });
    expect(evaluatorReadiness({ key: null, required: true })).toMatchObject({ ready: false, pseudonyms: expect.stringContaining('ENLACE_PRF_KEY_FILE') });
  });
});

describe('a secretariat without a key', () => {
  let bare: RunningSecretariat;
  beforeAll(async () => {
    bare = await startSecretariat({
      store: new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 }),
      verifier: createTokenVerifier(net.trust.trustedIssuers, { members: ['AR', 'CO', 'PE'], partners: net.trust.partners, serviceAudience: SECRETARIAT_AUDIENCE }),
      pseudonyms: { key: null, required: true },
    });
  });
  afterAll(() => bare?.close());

  it('is not ready when pseudonyms are required, and says what to configure', async () => {
    const res = await fetch(bare.url.replace(/graphql$/, 'ready'));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { pseudonyms: string }).pseudonyms).toContain('ENLACE_PRF_KEY_FILE');
  });

  it('answers a member PSEUDONYMS_UNAVAILABLE, naming the setting', async () => {
    const s = net.trust.services.get('AR')!;
    const service = createServiceIdentity('AR', s.issuer, await signingKey(s.privateJwk));
    const client = pseudonymClient(bare.url, { service });
    const refused = await client.pseudonymise(['doc:AR:1']).catch((err: unknown) => err);
    expect(refused).toMatchObject({ status: 503, code: 'PSEUDONYMS_UNAVAILABLE', message: expect.stringContaining('ENLACE_PRF_KEY_FILE') });
  });
});

describe('the hourly budget', () => {
  it('refuses a batch that would pass it, whole, and opens again an hour after the member\'s first batch', () => {
    let at = Date.parse('2026-12-07T10:00:00Z');
    const budget = new ElementBudget(100, () => new Date(at));
    expect(budget.spend('AR', 60)).toBeNull();
    at += 20 * 60_000;
    expect(budget.spend('AR', 41)).toEqual({ used: 60, retryAfterMinutes: 40 });
    expect(budget.spend('AR', 40)).toBeNull();
    expect(budget.spend('CO', 100)).toBeNull();
    at += 40 * 60_000 - 1;
    expect(budget.spend('AR', 1)).toEqual({ used: 100, retryAfterMinutes: 1 });
    at += 1;
    expect(budget.spend('AR', 100)).toBeNull();
  });
});

describe('a restart', () => {
  it('gives no one a fresh budget: the evaluator replays the last hour of its audit log (served and malformed batches, not refused ones)', async () => {
    const paths = { path: join(dir, 'restart', 'audit.log'), headsPath: join(dir, 'restart', 'audit-heads.jsonl') };
    const start = () => startSecretariat({
      store: new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 }),
      verifier: createTokenVerifier(net.trust.trustedIssuers, { members: ['AR', 'CO', 'PE'], partners: net.trust.partners, serviceAudience: SECRETARIAT_AUDIENCE }),
      audit: paths,
      pseudonyms: { key, maxBatch: 50, callerBudgetPerHour: 100 },
    });
    const token = await net.token({ country: 'AR', roles: ['prosecutor'], subject: 'restart@ar' });
    const ask = async (s: RunningSecretariat, elements: unknown[]) => (await fetch(new URL(PSEUDONYMS_PATH, s.url), {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ elements }),
    })).status;
    const first = await start();
    expect(await ask(first, blindForPseudonyms(Array.from({ length: 40 }, (_, i) => `r${i}`)).elements)).toBe(200);
    expect(await ask(first, ['AAAA'])).toBe(400); // malformed: counted (1)
    expect(await ask(first, blindForPseudonyms(Array.from({ length: 51 }, (_, i) => `o${i}`)).elements)).toBe(400); // over the batch limit: not counted
    await first.close();
    const second = await start();
    try {
      expect(await ask(second, blindForPseudonyms(Array.from({ length: 50 }, (_, i) => `s${i}`)).elements)).toBe(200); // 91 of 100
      expect(await ask(second, blindForPseudonyms(Array.from({ length: 10 }, (_, i) => `t${i}`)).elements)).toBe(429);
      expect(await ask(second, blindForPseudonyms(Array.from({ length: 9 }, (_, i) => `u${i}`)).elements)).toBe(200);
    } finally {
      await second.close();
    }
  });
});
