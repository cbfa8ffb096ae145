/**
 * The secretariat's part of the sharing protocol as data: every field of its
 * schema has a rule, the reader refuses what it does not understand, and each
 * rule decides as PROTOCOL.md says, both ways (the rules are also exercised over
 * HTTP in reads.test.ts and flows.test.ts).
 */
import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { makeId, type RequestIdentity } from '@enlace/platform';
import { loadProtocol, protocolPath } from '@enlace/member';
import { secretariatSdl } from '@enlace/schema';
import {
  loadSecretariatProtocol, readSecretariatProtocol, secretariatProtocolCoverage, SecretariatAuthz,
  type JitRecord, type PersonLinkRecord,
} from '@enlace/secretariat';

const protocol = loadSecretariatProtocol();
const doc = JSON.parse(readFileSync(protocolPath(), 'utf8'));
const rule = (name: string) => protocol.rules.get(name)!;

const as = (country: string, roles: string[], purpose = true): SecretariatAuthz =>
  new SecretariatAuthz(protocol, {
    caller: { subject: 's', issuer: 'i', country, organisation: '', roles: roles as RequestIdentity['caller']['roles'] },
    purpose: purpose ? 'Investigation' : null,
    caseRef: purpose ? 'REF-1' : null,
  });

const jit = (over: Partial<JitRecord> = {}): JitRecord => ({
  id: makeId('XS', 'J', 1), seq: 1, name: 'ECI', purpose: 'p', memberCountries: ['AR', 'CO'], startsOn: '2025-01-01', endsOn: null,
  caseIds: [makeId('AR', 'C', 1)], status: 'PROPOSED', proposedBy: 'AR', agreements: [{ country: 'AR', agreedOn: '2025-01-01' }], endedOn: null, ...over,
});
const link = (over: Partial<PersonLinkRecord> = {}): PersonLinkRecord => ({
  id: makeId('XS', 'L', 1), seq: 1, leftId: makeId('AR', 'P', 1), rightId: makeId('CO', 'P', 1), criteria: ['NAMES'], status: 'PROPOSED',
  proposedBy: 'AR', proposedOn: '2025-01-01', confirmedBy: null, confirmedOn: null, ...over,
});

const STAFF = ['XS', ['secretariat']] as const;

describe('the protocol data', () => {
  test('every field of the secretariat schema has a rule, and every rule names a field of it', () => {
    const schema = buildSubgraphSchema({ typeDefs: parse(secretariatSdl()) });
    expect(secretariatProtocolCoverage(protocol, schema)).toEqual({ uncovered: [], unknown: [] });
  });

  test("the members' reader still reads the document (it ignores the secretariat section)", () => {
    expect(loadProtocol().version).toBe(protocol.version);
  });

  test('refuses unknown conditions and roles, record conditions without a subject, and a missing section', () => {
    const withRule = (r: unknown) => ({ ...doc, secretariat: { ...doc.secretariat, rules: { ...doc.secretariat.rules, 'jit.known': r } } });
    const base = doc.secretariat.rules['jit.known'];
    expect(() => readSecretariatProtocol(withRule({ ...base, anyOf: [{ caller: 'party', adult: true }] }))).toThrow(/unknown condition "adult"/);
    expect(() => readSecretariatProtocol(withRule({ ...base, anyOf: [{ caller: 'party', roles: ['janitor'] }] }))).toThrow(/roles must be/);
    expect(() => readSecretariatProtocol(withRule({ ...base, anyOf: [{ caller: 'own' }] }))).toThrow(/caller must be one of/);
    expect(() => readSecretariatProtocol(withRule({ ...base, subject: undefined }))).toThrow(/no subject/);
    expect(() => readSecretariatProtocol({ ...doc, secretariat: undefined })).toThrow(/no "secretariat" section/);
  });
});

describe('rules, both ways', () => {
  test('jit.known: prosecutors, analysts and the service of member countries, and staff; nobody else', () => {
    const known = (country: string, roles: string[], purpose = true) => as(country, roles, purpose).knows('JointInvestigationTeam', jit());
    expect(known('AR', ['prosecutor'])).toBe(true);
    expect(known('CO', ['analyst'])).toBe(true);
    expect(known('CO', ['service'])).toBe(true);
    expect(known(...STAFF)).toBe(true);
    expect(known('PE', ['prosecutor'])).toBe(false);
    expect(known('AR', ['auditor'])).toBe(false);
    expect(known('PE', ['service'])).toBe(false);
    expect(known('XP', ['partner'])).toBe(false);
    expect(known('CO', ['secretariat'])).toBe(false); // the role alone is not staff
    expect(known('AR', ['prosecutor'], false)).toBe(false); // no purpose
  });

  test('jit.detail (name, purpose): not to member services', () => {
    expect(as('AR', ['analyst']).allows(rule('jit.detail'), jit())).toBe(true);
    expect(as(...STAFF).allows(rule('jit.detail'), jit())).toBe(true);
    expect(as('AR', ['service']).allows(rule('jit.detail'), jit())).toBe(false);
    expect(as('PE', ['prosecutor']).allows(rule('jit.detail'), jit())).toBe(false);
  });

  test('jit.propose: staff, or a prosecutor of a proposed member country; a CO token with the role secretariat is neither for AR–PE', () => {
    const proposed = jit({ memberCountries: ['AR', 'PE'], agreements: [] });
    expect(as(...STAFF).allows(rule('jit.propose'), proposed)).toBe(true);
    expect(as('AR', ['prosecutor']).allows(rule('jit.propose'), proposed)).toBe(true);
    expect(as('CO', ['prosecutor', 'secretariat']).allows(rule('jit.propose'), proposed)).toBe(false);
    expect(as('AR', ['analyst']).allows(rule('jit.propose'), proposed)).toBe(false);
  });

  test('jit.agree: a prosecutor of a member country that has not agreed yet', () => {
    expect(as('CO', ['prosecutor']).allows(rule('jit.agree'), jit())).toBe(true);
    expect(as('AR', ['prosecutor']).allows(rule('jit.agree'), jit())).toBe(false);
    expect(as('CO', ['analyst']).allows(rule('jit.agree'), jit())).toBe(false);
    expect(as(...STAFF).allows(rule('jit.agree'), jit())).toBe(false);
    expect(as('PE', ['prosecutor']).allows(rule('jit.agree'), jit())).toBe(false);
  });

  test('jit.end: a prosecutor of a member country, or staff', () => {
    expect(as('CO', ['prosecutor']).allows(rule('jit.end'), jit())).toBe(true);
    expect(as(...STAFF).allows(rule('jit.end'), jit())).toBe(true);
    expect(as('CO', ['analyst']).allows(rule('jit.end'), jit())).toBe(false);
    expect(as('PE', ['prosecutor']).allows(rule('jit.end'), jit())).toBe(false);
  });

  test('link.known: prosecutors of the two owners, and staff; not analysts, auditors, partners or other members', () => {
    const known = (country: string, roles: string[]) => as(country, roles).knows('PersonLink', link());
    expect(known('AR', ['prosecutor'])).toBe(true);
    expect(known('CO', ['prosecutor'])).toBe(true);
    expect(known(...STAFF)).toBe(true);
    expect(known('AR', ['analyst'])).toBe(false);
    expect(known('AR', ['auditor'])).toBe(false);
    expect(known('PE', ['prosecutor'])).toBe(false);
    expect(known('XP', ['partner'])).toBe(false);
  });

  test('link.propose and link.confirm: one side proposes, only the other confirms', () => {
    expect(as('AR', ['prosecutor']).allows(rule('link.propose'), link())).toBe(true);
    expect(as('PE', ['prosecutor']).allows(rule('link.propose'), link())).toBe(false);
    expect(as(...STAFF).allows(rule('link.propose'), link())).toBe(false);
    expect(as('CO', ['prosecutor']).allows(rule('link.confirm'), link())).toBe(true);
    expect(as('AR', ['prosecutor']).allows(rule('link.confirm'), link())).toBe(false);
    expect(as('CO', ['analyst']).allows(rule('link.confirm'), link())).toBe(false);
    expect(as('CO', ['prosecutor']).allows(rule('link.confirm'), link({ status: 'CONFIRMED', confirmedBy: 'CO', confirmedOn: '2025-02-01' }))).toBe(false);
  });

  test('store queries are narrowed to what the caller may know of', () => {
    expect(as(...STAFF).scope('JointInvestigationTeam')).toEqual({ all: true });
    expect(as('CO', ['analyst']).scope('JointInvestigationTeam')).toEqual({ party: 'CO' });
    expect(as('CO', ['analyst']).scope('PersonLink')).toBeNull();
    expect(as('XP', ['partner']).scope('JointInvestigationTeam')).toBeNull();
    expect(as('CO', ['prosecutor'], false).scope('PersonLink')).toBeNull();
  });
});
