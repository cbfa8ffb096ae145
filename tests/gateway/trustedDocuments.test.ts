/**
 * Partners' trusted documents at the gateway (issue 21, item 4): a partner caller runs the
 * documents the secretariat registered for its code (schema/trusted-documents.json), by text or
 * by hash, and every other operation is refused before it is parsed (OPERATION_NOT_TRUSTED);
 * members' callers are not concerned. The partner tool of docs/PARTNERS.md
 * (scripts/examples/partnerCheck.mjs) runs against the same network, as a partner would.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSchema } from 'graphql';
import { DEFAULT_TRUSTED_DOCUMENTS_PATH, documentHash, trustedDocuments, trustedDocumentsFromEnv } from '@enlace/gateway';
import { addDocument, documentProblem, partnerSchema } from '@enlace/scripts/trustedDocuments';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';

const ROOT = resolve(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'docs', 'partners');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql')).sort().map((f) => ({ name: f.replace('.graphql', ''), text: readFileSync(join(EXAMPLES, f), 'utf8') }));
const variables = (name: string): Record<string, unknown> =>
  ({ PartnerRoutes: { mode: 'LAND' }, PartnerDocumentHit: { pseudonym: documentPseudonym(net, 'AR', 'AAA000000') }, PartnerFlaggedSuspects: {} })[name] ?? {};

let net: TestNetwork;
let xp: string;

/** The partner tool as a partner runs it (asynchronously: the network answers from this very process). */
function runTool(token: string, ...flags: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'scripts', 'examples', 'partnerCheck.mjs'), '--gateway', net.gateway.url, '--token', token, ...flags], { encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) => done({ status: error ? Number(error.code ?? -1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  net = await startNetwork({
    countries: ['AR', 'CO'], persons: 30, partners: ['XP', 'XQ'],
    gatewayOptions: { trustedDocuments: trustedDocumentsFromEnv({}) },
  });
  xp = await net.token({ country: 'XP', roles: ['partner'] });
});
afterAll(() => net?.close());

/** A raw POST (gql() sends { query, variables } only). */
async function post(token: string, body: unknown): Promise<{ status: number; body: { data?: any; errors?: any[] } }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(net.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

const notTrusted = (answer: { status: number; body: { data?: unknown; errors?: { extensions?: { code?: string } }[] } }) =>
  answer.status === 403 && answer.body.data === undefined && answer.body.errors?.[0]?.extensions?.code === 'OPERATION_NOT_TRUSTED';

describe('a partner runs its trusted documents', () => {
  it.each(examples)('$name answers, sent as registered or by its hash alone, the same', async ({ name, text }) => {
    const byText = await post(xp, { query: text, variables: variables(name) });
    expect(byText.status).toBe(200);
    expect(byText.body.data).toBeTruthy();
    expect((byText.body.errors ?? []).map((e) => e.extensions?.code)).not.toContain('OPERATION_NOT_TRUSTED');
    const byHash = await post(xp, { variables: variables(name), extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(text) } } });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data).toEqual(byText.body.data);
  });

  it('answers with data the protocol opens to partners: routes of the members', async () => {
    const routes = examples.find((e) => e.name === 'PartnerRoutes')!;
    const { body } = await post(xp, { query: routes.text, variables: {} });
    expect(body.errors).toBeUndefined();
    expect(body.data.routes.length).toBeGreaterThan(0);
  });
});

describe('every other operation is refused for a partner', () => {
  const routes = () => examples.find((e) => e.name === 'PartnerRoutes')!.text;

  it('an operation not registered, even one the contract allows, with the hash of what was sent', async () => {
    const query = '{ routes(first: 1) { code } }';
    const answer = await post(xp, { query });
    expect(notTrusted(answer)).toBe(true);
    expect(answer.body.errors![0]).toEqual({
      message: 'Partner XP may run only its trusted documents, registered by the secretariat; this operation is not one of them',
      extensions: { code: 'OPERATION_NOT_TRUSTED', hash: documentHash(query) },
    });
  });

  it('a registered document changed by a single space, an unknown hash, or a hash with another text', async () => {
    expect(notTrusted(await post(xp, { query: `${routes()} ` }))).toBe(true);
    expect(notTrusted(await post(xp, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }))).toBe(true);
    expect(notTrusted(await post(xp, { query: '{ auditLog(first: 1) { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(routes()) } } }))).toBe(true);
  });

  it('another partner\'s documents: the allowlist is per partner', async () => {
    const xq = await net.token({ country: 'XQ', roles: ['partner'] });
    expect(notTrusted(await post(xq, { query: routes() }))).toBe(true);
    expect(notTrusted(await post(xq, { extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(routes()) } } }))).toBe(true);
  });

  it('refuses before parsing: a malformed or schema-probing text says nothing of the schema', async () => {
    for (const query of ['{ routes(', '{ notAField }']) {
      const answer = await post(xp, { query });
      expect(notTrusted(answer)).toBe(true);
      expect(answer.body.errors).toHaveLength(1);
    }
  });
});

describe('members\' callers are not concerned', () => {
  it('a prosecutor sends any operation, and persisted queries stay off for them', async () => {
    const prosecutor = await net.token({ country: 'AR', roles: ['prosecutor'] });
    const { status, body } = await gql(net.gateway.url, '{ routes(first: 1) { code } }', {}, bearer(prosecutor));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const persisted = await post(prosecutor, { extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(examples[0].text) } } });
    expect(persisted.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });
});

describe('the registry', () => {
  it('is the guide\'s examples for XP, each registered under the SHA-256 of its text', () => {
    const registry = JSON.parse(readFileSync(DEFAULT_TRUSTED_DOCUMENTS_PATH, 'utf8'));
    expect(Object.keys(registry.partners)).toEqual(['XP']);
    expect(Object.entries(registry.partners.XP).sort()).toEqual(examples.map((e) => [documentHash(e.text), e.text]).sort());
    expect(trustedDocuments(registry).counts.get('XP')).toBe(examples.length);
  });

  it('refuses at start a document whose key is not its hash, or a malformed partner code', () => {
    expect(() => trustedDocuments({ partners: { XP: { [documentHash('{ a }')]: '{ b }' } } }, 'F')).toThrow('F: partners.XP');
    expect(() => trustedDocuments({ partners: { xp1: {} } }, 'F')).toThrow('"xp1" is not a partner code');
    expect(() => trustedDocuments([], 'F')).toThrow('expected {"partners"');
  });

  it('registers only one operation that fits the partner contract', () => {
    const schema = partnerSchema();
    for (const { text } of examples) expect(documentProblem(text, schema)).toBeNull();
    expect(documentProblem('{ auditLog(first: 1) { id } }', schema)).toMatch(/does not fit the partner contract/);
    expect(documentProblem('query A { routes { code } } query B { routes { code } }', schema)).toMatch(/holds 2 operations/);
    const registry = { partners: {} as Record<string, Record<string, string>> };
    const hash = addDocument(registry, 'XQ', examples[0].text, schema);
    expect(registry.partners.XQ).toEqual({ [hash]: examples[0].text });
    expect(() => addDocument(registry, 'XQ', '{ case(id: "AR:C:1") { id } }', buildSchema(readFileSync(join(ROOT, 'schema', 'partner.graphql'), 'utf8')))).toThrow(/does not fit/);
  });
});

describe('the partner guide and its tool', () => {
  it('the guide shows every example document as registered', () => {
    const guide = readFileSync(join(ROOT, 'docs', 'PARTNERS.md'), 'utf8');
    for (const { text } of examples) expect(guide).toContain(text.trim());
  });

  it('scripts/examples/partnerCheck.mjs: the trusted documents answer, an unregistered operation is refused', async () => {
    const run = await runTool(xp);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`${examples.length} trusted document(s) answered; an unregistered operation was refused`);
    expect(run.stdout).not.toContain('FAIL');
    expect(run.stdout).toMatch(/ok {3}an unregistered operation: 403 errors: OPERATION_NOT_TRUSTED/);
  });

  it('its pseudonym client (pseudonyms.mjs) gives the network\'s pseudonyms: the flagged suspect\'s passport, written otherwise, is a hit in every member', async () => {
    const run = await runTool(xp, '--document', `pe:${ANCHORS.suspect.passport.replace(/ /g, '')}`);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/ok {3}PartnerDocumentHit as registered text: documentHits: 2 item\(s\) \(a hit in AR, CO\)/);
  });

  it('the tool fails for a partner without those documents', async () => {
    const run = await runTool(await net.token({ country: 'XQ', roles: ['partner'] }));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('FAIL PartnerRoutes by hash');
  });
});
