/**
 * The network's catalogue of purposes (issue 20, item 7): the file is checked when read; each
 * process (gateway, member, secretariat) accepts a catalogue id, `other: <reason>`, and free
 * text where the catalogue accepts it (the default, for scripts and older clients), and refuses
 * the rest with 400 PURPOSE_NOT_IN_CATALOGUE before anything is read; the secretariat serves the
 * catalogue to pickers; the owner's audit log keeps the purpose as sent.
 */
import { readFileSync } from 'node:fs';
import {
  checkPurpose, loadPurposeCatalogue, PURPOSE_HEADER, readPurposeCatalogue, statedPurpose, type PurposeCatalogue,
} from '@enlace/platform';
import { defaultPurposesPath } from '@enlace/schema';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

const DEFAULT = loadPurposeCatalogue(defaultPurposesPath);
const doc = JSON.parse(readFileSync(defaultPurposesPath, 'utf8'));
const STRICT: PurposeCatalogue = { ...DEFAULT, freeText: 'refuse' };
const refusal = (catalogue: PurposeCatalogue, purpose: string) => {
  try {
    checkPurpose(catalogue, purpose);
    return null;
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('the catalogue file', () => {
  test('the default lists the purposes a prosecutor states, with "other" needing a reason, in en, es and pt', () => {
    expect(DEFAULT.purposes.map((p) => p.id)).toEqual(expect.arrayContaining(['investigation', 'cooperation-request', 'hit-follow-up', 'audit']));
    for (const p of [...DEFAULT.purposes, DEFAULT.other]) expect(Object.keys(p.labels).sort()).toEqual(['en', 'es', 'pt']);
    expect(DEFAULT).toMatchObject({ other: { id: 'other', minReasonLength: 10 }, freeText: 'accept' });
  });

  test('refuses what it cannot read plainly: no purposes, a bad or repeated id, no labels, a bad freeText or reason length', () => {
    const bad = (change: Record<string, unknown>) => () => readPurposeCatalogue({ ...doc, ...change }, 'test.json');
    expect(bad({ purposes: [] })).toThrow(/at least one purpose/);
    expect(bad({ purposes: [{ id: 'Investigation', labels: { en: 'x' } }] })).toThrow(/purposes\[0\]\.id/);
    expect(bad({ purposes: [{ id: 'audit', labels: { en: 'a' } }, { id: 'audit', labels: { en: 'b' } }] })).toThrow(/"audit" is given twice/);
    expect(bad({ purposes: [{ id: 'audit', labels: {} }] })).toThrow(/labels/);
    expect(bad({ purposes: [{ id: 'other', labels: { en: 'x' } }] })).toThrow(/"other" is given twice/);
    expect(bad({ freeText: 'sometimes' })).toThrow(/freeText/);
    expect(bad({ other: { ...doc.other, minReasonLength: 0 } })).toThrow(/minReasonLength/);
    expect(bad({ other: undefined })).toThrow(/"other"/);
    expect(() => readPurposeCatalogue(doc)).not.toThrow();
  });

  test('reads a purpose as an id, other with its reason, or free text', () => {
    expect(statedPurpose(DEFAULT, 'investigation')).toEqual({ kind: 'catalogue', id: 'investigation' });
    expect(statedPurpose(DEFAULT, 'Other : Una denuncia de una ONG')).toEqual({ kind: 'other', reason: 'Una denuncia de una ONG' });
    expect(statedPurpose(DEFAULT, 'Investigation')).toEqual({ kind: 'free' }); // ids are exact
    expect(statedPurpose(DEFAULT, 'Investigation of a trafficking network')).toEqual({ kind: 'free' });
  });

  test('accepts ids, other with a reason and, by default, free text; refuses other without a reason, and free text where the network says so', () => {
    for (const ok of ['investigation', 'other: A tip from an NGO about a shelter', 'Investigation of a trafficking network']) expect(refusal(DEFAULT, ok)).toBeNull();
    for (const no of ['other', 'other:', 'other: tip']) expect(refusal(DEFAULT, no)).toBe('PURPOSE_NOT_IN_CATALOGUE');
    expect(refusal(STRICT, 'Investigation of a trafficking network')).toBe('PURPOSE_NOT_IN_CATALOGUE');
    expect(refusal(STRICT, 'investigation')).toBeNull();
    expect(refusal(STRICT, 'other: A tip from an NGO about a shelter')).toBeNull();
  });
});

const READ = '{ persons(countries: ["AR"], first: 1) { id } }';
const codeOf = (body: { errors?: Array<{ extensions?: { code?: string; header?: string } }> }) => body.errors?.[0]?.extensions;

describe('a network with the default catalogue', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startNetwork({ countries: ['AR', 'CO'], persons: 12 });
  });
  afterAll(() => net?.close());
  const co = async (purpose: string, url = net.gateway.url, query = READ) =>
    gql(url, query, {}, bearer(await net.token({ country: 'CO', roles: ['prosecutor'] }), purpose, 'CO-2026-TIP-0077'));

  test('the secretariat serves the catalogue through the gateway to any signed-in caller, before any purpose is stated', async () => {
    const token = await net.token({ country: 'CO', roles: ['prosecutor'] });
    const { body } = await gql(net.gateway.url, '{ purposeCatalogue { purposes { id labels { lang text } } other { id } otherPrefix minReasonLength acceptsFreeText } }', {}, { authorization: `Bearer ${token}` });
    expect(body.errors).toBeUndefined();
    const catalogue = body.data.purposeCatalogue;
    expect(catalogue.purposes.map((p: { id: string }) => p.id)).toEqual(DEFAULT.purposes.map((p) => p.id));
    expect(catalogue.purposes[0].labels).toEqual(expect.arrayContaining([{ lang: 'pt', text: DEFAULT.purposes[0].labels.pt }]));
    expect(catalogue).toMatchObject({ other: { id: 'other' }, otherPrefix: 'other: ', minReasonLength: 10, acceptsFreeText: true });
    // Without a token: nothing (the catalogue is the network's, not the public's).
    expect((await gql(net.gateway.url, '{ purposeCatalogue { otherPrefix } }')).status).toBe(401);
  });

  test("an id, other with a reason and free text are served, and AR's audit log keeps each as sent", async () => {
    const purposes = ['investigation', 'other: A tip from an NGO about a shelter', 'Investigation of a trafficking network'];
    for (const purpose of purposes) {
      const { status, body } = await co(purpose);
      expect([purpose, status, body.errors]).toEqual([purpose, 200, undefined]);
    }
    const auditor = bearer(await net.token({ country: 'AR', roles: ['auditor'] }), 'audit', 'AUD-2026-1');
    const { body } = await gql(net.gateway.url, '{ auditLog(countries: ["AR"], filter: { callerCountry: "CO" }, first: 50) { purpose } }', {}, auditor);
    expect(body.data.auditLog.map((e: { purpose: string }) => e.purpose)).toEqual(expect.arrayContaining(purposes));
  });

  test('other without a reason is refused with 400 by the gateway, the member and the secretariat alike, and nothing is read or logged', async () => {
    const auditor = bearer(await net.token({ country: 'AR', roles: ['auditor'] }), 'audit', 'AUD-2026-1');
    const logged = async () => (await gql(net.gateway.url, '{ auditLogPage(countries: ["AR"], first: 1) { members { count } } }', {}, auditor)).body.data.auditLogPage.members[0].count;
    const before = await logged();
    for (const url of [net.gateway.url, net.members.get('AR')!.url, net.secretariat.url]) {
      const query = url === net.secretariat.url ? '{ cooperationRequests { id } }' : READ;
      const { status, body } = await co('other: tip', url, query);
      expect([url, status, codeOf(body)]).toEqual([url, 400, { code: 'PURPOSE_NOT_IN_CATALOGUE', header: PURPOSE_HEADER }]);
      expect(body.errors?.[0]?.message).toMatch(/at least 10 characters/);
    }
    // The auditor's own read is the only new entry: the refused ones never ran.
    expect(await logged()).toBe(before + 1);
  });
});

describe('a network whose catalogue refuses free text', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startNetwork({
      countries: ['AR'], persons: 12,
      gatewayOptions: { purposes: STRICT }, secretariatOptions: { purposes: STRICT }, memberOptions: { AR: { purposes: STRICT } },
    });
  });
  afterAll(() => net?.close());
  const ar = async (purpose: string, url: string, query = READ) =>
    gql(url, query, {}, bearer(await net.token({ country: 'AR', roles: ['prosecutor'] }), purpose, 'AR-2026-1'));

  test('free text is refused everywhere, naming the catalogue; ids and other with a reason are served', async () => {
    for (const url of [net.gateway.url, net.members.get('AR')!.url, net.secretariat.url]) {
      const query = url === net.secretariat.url ? '{ cooperationRequests { id } }' : READ;
      const refused = await ar('Investigation of a trafficking network', url, query);
      expect([url, refused.status, codeOf(refused.body)]).toEqual([url, 400, { code: 'PURPOSE_NOT_IN_CATALOGUE', header: PURPOSE_HEADER }]);
      expect(refused.body.errors?.[0]?.message).toContain('investigation, cooperation-request');
      for (const purpose of ['investigation', 'other: A tip from an NGO about a shelter']) {
        const served = await ar(purpose, url, query);
        expect([url, purpose, served.status, served.body.errors]).toEqual([url, purpose, 200, undefined]);
      }
    }
    const token = await net.token({ country: 'AR', roles: ['prosecutor'] });
    const { body } = await gql(net.gateway.url, '{ purposeCatalogue { acceptsFreeText } }', {}, { authorization: `Bearer ${token}` });
    expect(body.data.purposeCatalogue.acceptsFreeText).toBe(false);
  });
});
