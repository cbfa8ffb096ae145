/**
 * The purpose and the case reference in any language: sent as percent-encoded
 * UTF-8 (what encodeURIComponent makes), decoded once where each process reads
 * them, and so stored as typed in the member's audit log, through the gateway
 * (which signs and forwards them), directly at the member, and on to the
 * secretariat when a member asks it about a JIT. Plain ASCII is its own encoding;
 * raw bytes beyond ASCII, malformed escapes and control characters are refused
 * by every process with INVALID_HEADER, saying how to send the text.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASE_REF_HEADER, decodeHeaderText, encodeHeaderText, makeId, PURPOSE_HEADER } from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let dir: string;
let co: string;
let ar: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-headers-'));
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 20, memberOptions: { AR: { audit: { path: join(dir, 'ar-audit.log') } } } });
  co = await net.token({ country: 'CO', roles: ['prosecutor'] });
  ar = await net.token({ country: 'AR', roles: ['prosecutor'] });
});
afterAll(async () => {
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a client sends: the texts as encodeURIComponent makes them. */
const encoded = (token: string, purpose: string, caseRef: string) => ({
  authorization: `Bearer ${token}`,
  [PURPOSE_HEADER]: encodeURIComponent(purpose),
  [CASE_REF_HEADER]: encodeURIComponent(caseRef),
});

type Entry = { operation: { name: string | null }; caller: { country: string } | null; purpose: string | null; caseRef: string | null };

/** AR's audit entries (who, why) for the operation named `name` (behind the gateway, the planner's `name__members__0`), as AR's auditor reads them. */
async function arAudit(name: string): Promise<Array<Omit<Entry, 'operation'>>> {
  const auditor = bearer(await net.token({ country: 'AR', roles: ['auditor'] }), 'Auditoría trimestral', 'AUD-1');
  const { body } = await gql(net.gateway.url, '{ auditLog(countries: ["AR"], first: 200) { operation { name } caller { country } purpose caseRef } }', {}, auditor);
  expect(body.errors).toBeUndefined();
  return (body.data.auditLog as Entry[]).filter((e) => e.operation.name?.split('__')[0] === name).map(({ operation: _, ...who }) => who);
}

describe('Spanish and Portuguese text reaches the member\'s audit log as typed', () => {
  test('through the gateway: a CO prosecutor reads AR records', async () => {
    const purpose = 'Investigação de tráfico';
    const caseRef = 'Trata de personas — Peñalolén';
    const { status, body } = await gql(net.gateway.url, 'query ViaGateway { persons(countries: ["AR"], first: 2) { id } }', {}, encoded(co, purpose, caseRef));
    expect(status).toBe(200);
    expect(body.data.persons.length).toBe(2);
    expect(await arAudit('ViaGateway')).toEqual([{ caller: { country: 'CO' }, purpose, caseRef }]);
    // And in the log file, as JSON text (not "InvestigaÃ§Ã£o", nor still encoded).
    const file = readFileSync(join(dir, 'ar-audit.log'), 'utf8');
    expect(file).toContain(JSON.stringify(purpose));
    expect(file).toContain(JSON.stringify(caseRef));
  });

  test('directly at the member: AR\'s own prosecutor', async () => {
    const purpose = 'Análise de rotas — Perú, Bolívia';
    const { status } = await gql(net.members.get('AR')!.url, 'query Direct { persons(first: 1) { id } }', {}, encoded(ar, purpose, 'AR-2026/ñ-1'));
    expect(status).toBe(200);
    expect(await arAudit('Direct')).toEqual([{ caller: { country: 'AR' }, purpose, caseRef: 'AR-2026/ñ-1' }]);
  });

  test('plain ASCII is its own encoding, % included once escaped', async () => {
    const headers = { authorization: `Bearer ${co}`, [PURPOSE_HEADER]: 'Investigation of 100%25 of the network', [CASE_REF_HEADER]: 'CO-2026-TIP-0077' };
    expect((await gql(net.gateway.url, 'query Ascii { persons(countries: ["AR"], first: 1) { id } }', {}, headers)).status).toBe(200);
    expect(await arAudit('Ascii')).toEqual([expect.objectContaining({ purpose: 'Investigation of 100% of the network', caseRef: 'CO-2026-TIP-0077' })]);
  });

  test('on to the secretariat: working for a JIT under a purpose beyond Latin-1, the member checks the JIT and shares its cases', async () => {
    const purpose = 'Equipo conjunto — operación Cóndor';
    const query = `query ForTheJit { case(id: "${makeId('AR', 'C', 1)}") { summary involved { person { id familyNames } } } }`;
    const { body } = await gql(net.gateway.url, query, {}, encoded(co, purpose, ANCHORS.jitId));
    // The JIT clause held: the adult victim's name, withheld from other foreign prosecutors, is shared with the JIT's.
    const victim = body.data.case.involved.find((i: { person: { id: string } }) => i.person.id === makeId('AR', 'P', 3));
    expect(victim.person.familyNames).toMatch(new RegExp(`^${ANCHORS.victimAdultFamilyName}`));
    expect(await arAudit('ForTheJit')).toEqual([expect.objectContaining({ purpose, caseRef: ANCHORS.jitId })]);
  });
});

describe('anything else is refused by every process with INVALID_HEADER, saying to percent-encode UTF-8', () => {
  const targets = [['gateway', () => net.gateway.url], ['member', () => net.members.get('AR')!.url], ['secretariat', () => net.secretariat.url]] as const;
  // fetch sends a header's characters as bytes: these are the UTF-8 bytes of "Investigación", sent raw.
  const rawUtf8 = Buffer.from('Investigación', 'utf8').toString('latin1');
  const cases: Array<[string, string, string, RegExp]> = [
    ['raw UTF-8 bytes', PURPOSE_HEADER, rawUtf8, /^Header x-enlace-purpose is not percent-encoded UTF-8: send its text as encodeURIComponent makes it \(Investigaci%C3%B3n for Investigación\)$/],
    ['raw Latin-1 bytes', CASE_REF_HEADER, 'Peñalolén', /^Header x-enlace-case-ref is not percent-encoded UTF-8/],
    ['a lone %', PURPOSE_HEADER, 'Investigation of 100% of the network', /^Header x-enlace-purpose has a malformed percent escape: send its text as percent-encoded UTF-8/],
    ['a cut escape', PURPOSE_HEADER, 'Investigaci%C3', /has a malformed percent escape/],
    ['an encoded control character', CASE_REF_HEADER, 'CO-1%0AFORGED: yes', /^Header x-enlace-case-ref must not contain control characters$/],
    ['an encoded C1 control character', PURPOSE_HEADER, 'a%C2%85b', /must not contain control characters$/],
    ['more than 200 characters once decoded', PURPOSE_HEADER, encodeURIComponent('é'.repeat(201)), /^Header x-enlace-purpose must be at most 200 characters$/],
  ];

  test.each(targets)('at the %s', async (_, url) => {
    for (const [what, name, value, message] of cases) {
      const res = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...encoded(ar, 'Investigación', 'AR-1'), [name]: value },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect({ what, status: res.status, data: body.data, extensions: body.errors[0].extensions }).toEqual({ what, status: 400, data: undefined, extensions: { code: 'INVALID_HEADER', header: name } });
      expect(body.errors[0].message).toMatch(message);
    }
  });
});

test('encodeHeaderText leaves plain ASCII as it is and round-trips everything else', () => {
  for (const text of ['DEMO-1', 'XS:J:0oq2dni', 'Investigação de tráfico', 'Trata de personas — Peñalolén', '100% sure', 'emoji 🚐 route', '“quoted” €5']) {
    expect(decodeHeaderText(PURPOSE_HEADER, encodeHeaderText(text))).toBe(text);
    expect(decodeHeaderText(PURPOSE_HEADER, encodeURIComponent(text))).toBe(text);
  }
  expect(encodeHeaderText('XS:J:0oq2dni')).toBe('XS:J:0oq2dni');
  expect(encodeHeaderText('Peñalolén 100%')).toBe('Pe%C3%B1alol%C3%A9n 100%25');
  expect(decodeHeaderText(PURPOSE_HEADER, '   ')).toBeNull();
});
