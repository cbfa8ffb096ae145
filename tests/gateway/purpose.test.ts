/**
 * A missing purpose, through the real gateway over HTTP: one PURPOSE_REQUIRED for the
 * whole request, before any member is asked, with the status GraphQL over HTTP gives a
 * request error (200 as application/json, 400 as application/graphql-response+json);
 * reads that need no purpose still answer. Placeholders (`<why you need these records>`,
 * `TODO`…) are refused as purpose or case reference by every process, and never reach
 * an owner's audit log.
 */
import { CASE_REF_HEADER, isPlaceholderText, PURPOSE_HEADER } from '@enlace/platform';
import { prefersGraphQLResponseJson } from '../../gateway/src/purposeFirst';
import { bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let co: string;
beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 12 });
  co = await net.token({ country: 'CO', roles: ['prosecutor'] });
});
afterAll(() => net?.close());

const PERSONS = 'query NoPurpose { persons(filter: { name: "Quispe" }, first: 2) { id fullName } }';

/** A POST with the accept header given, and nothing else but the token (and what `extra` adds). */
async function post(query: string, accept: string | null, extra: Record<string, string> = {}) {
  const res = await fetch(net.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${co}`, ...(accept ? { accept } : {}), ...extra },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> } };
}

describe('a protected read without a purpose', () => {
  test('is refused once for the whole request, not once per member, with no data', async () => {
    const { status, body } = await post(PERSONS, 'application/json');
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{
      message: expect.stringContaining('Query.persons is read under rule record.query'),
      extensions: { code: 'PURPOSE_REQUIRED', rule: 'record.query', protocol: 1 },
    }]);
  });

  test('is a 4xx as application/graphql-response+json, a 200 as application/json, as each is negotiated', async () => {
    const asked = async (accept: string | null) => {
      const { status, type } = await post(PERSONS, accept);
      return [status, type?.split(';')[0]];
    };
    expect(await asked('application/graphql-response+json')).toEqual([400, 'application/graphql-response+json']);
    expect(await asked('application/graphql-response+json, application/json;q=0.9')).toEqual([400, 'application/graphql-response+json']);
    expect(await asked('application/json, application/graphql-response+json')).toEqual([200, 'application/json']);
    expect(await asked(null)).toEqual([200, 'application/json']);
  });

  test('a case reference alone is no purpose; a protected field under a public one, or in a fragment, is found', async () => {
    expect((await post(PERSONS, null, { [CASE_REF_HEADER]: 'CO-2026-1' })).body.errors?.[0].extensions.code).toBe('PURPOSE_REQUIRED');
    const nested = await post('{ routes(first: 1) { code observations { cases { id } } } }', null);
    expect(nested.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PURPOSE_REQUIRED', rule: 'record.query' }) })]);
    const fragment = await post(`query Q { ...F } fragment F on Query { documentHits(pseudonym: "${documentPseudonym(net, 'PE', 'X-1')}") { hit } }`, null);
    expect(fragment.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PURPOSE_REQUIRED', rule: 'hit-no-hit' }) })]);
  });

  test('reads that need no purpose answer as before: routes, the member directory', async () => {
    const { status, body } = await post('{ routes(first: 1) { code observations { country modusOperandi } } memberStates { country } }', 'application/graphql-response+json');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect((body.data as { memberStates: unknown[] }).memberStates).toHaveLength(3);
  });

  test('with a purpose and a case reference the same query answers from every member', async () => {
    const { body } = await gql(net.gateway.url, PERSONS, {}, bearer(co, 'Investigation of a trafficking network', 'CO-2026-1'));
    expect(body.errors).toBeUndefined();
    expect(new Set((body.data.persons as Array<{ id: string }>).map((p) => p.id.slice(0, 2)))).toEqual(new Set(['AR', 'CO', 'PE']));
  });
});

describe('placeholders as purpose or case reference', () => {
  test.each([
    [PURPOSE_HEADER, '<why you need these records>'],
    [PURPOSE_HEADER, 'TODO'],
    [PURPOSE_HEADER, '{{purpose}}'],
    [CASE_REF_HEADER, '<case reference>'],
    [CASE_REF_HEADER, 'n/a'],
  ])('%s: %s is refused by the gateway and by a member asked directly, 400 INVALID_HEADER', async (header, value) => {
    const headers = { ...bearer(co, 'Investigation of a trafficking network', 'CO-2026-1'), [header]: encodeURIComponent(value) };
    for (const url of [net.gateway.url, net.members.get('AR')!.url]) {
      const { status, body } = await gql(url, PERSONS, {}, headers);
      expect({ url, status, data: body.data, extensions: body.errors?.[0].extensions }).toEqual({ url, status: 400, data: undefined, extensions: { code: 'INVALID_HEADER', header } });
      expect(body.errors?.[0].message).toMatch(/placeholder/);
    }
  });

  test("none reaches AR's audit log", async () => {
    const auditor = bearer(await net.token({ country: 'AR', roles: ['auditor'] }), 'Quarterly audit', 'AUD-2026-4');
    const { body } = await gql(net.gateway.url, '{ auditLog(countries: ["AR"], filter: { callerCountry: "CO" }, first: 200) { purpose caseRef } }', {}, auditor);
    expect(body.errors).toBeUndefined();
    expect(body.data.auditLog.filter((e: { purpose: string | null; caseRef: string | null }) => [e.purpose, e.caseRef].some((t) => t !== null && isPlaceholderText(t)))).toEqual([]);
  });

  test('what counts as a placeholder, and what real purposes and references look like', () => {
    for (const p of ['<why you need these records>', '<case reference>', '{{purpose}}', '{caseRef}', '[purpose]', '${PURPOSE}', '$PURPOSE', '%PURPOSE%',
      'TODO', 'tbd', 'N/A', 'n/a.', 'none', 'null', 'undefined', '...', '…', '-', '?', 'xxx', 'XXXX', 'purpose', 'Case reference', 'Finalidad']) {
      expect([p, isPlaceholderText(p)]).toEqual([p, true]);
    }
    for (const real of ['Investigation of a trafficking network', 'DEMO-1', 'CO-2026-TIP-0077', 'XS:J:0oq2dni', 'Trata de personas — Peñalolén',
      'Investigação 2026/77', 'AUD-2026-4', 'Quarterly audit', 'TIP', 'A', '12']) {
      expect([real, isPlaceholderText(real)]).toEqual([real, false]);
    }
  });
});

test('content negotiation as Apollo Server does it: q first, then the more specific range, then order', () => {
  expect(prefersGraphQLResponseJson(undefined)).toBe(false);
  expect(prefersGraphQLResponseJson('*/*')).toBe(false);
  expect(prefersGraphQLResponseJson('application/graphql-response+json')).toBe(true);
  expect(prefersGraphQLResponseJson('application/json;q=0.5, application/graphql-response+json')).toBe(true);
  expect(prefersGraphQLResponseJson('application/graphql-response+json;q=0.5, application/json')).toBe(false);
  expect(prefersGraphQLResponseJson('application/graphql-response+json, */*')).toBe(true);
  expect(prefersGraphQLResponseJson('application/graphql-response+json;q=0, application/json')).toBe(false);
});
