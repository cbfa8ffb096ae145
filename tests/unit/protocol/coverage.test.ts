/**
 * The protocol document itself: it covers every field of the member schema,
 * only guards nullable fields with rules that can deny, is described in
 * PROTOCOL.md, and a member's tightening is checked (tighter is accepted,
 * anything looser refused). No network needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { memberSdl, schemaDir } from '@enlace/schema';
import {
  clauseWithin, compileProtocol, coverage, loadProtocol, ProtocolError, readTightening, schemaFields, type ProtocolTightening,
} from '@enlace/member';

const schema = buildSubgraphSchema({ typeDefs: parse(memberSdl()) });
const protocol = loadProtocol(1);

test('every field of the member schema has a rule, and every rule names a field that exists', () => {
  const { uncovered, unknown } = coverage(protocol, schema);
  expect(uncovered).toEqual([]);
  expect(unknown).toEqual([]);
});

test('federation\'s own fields are covered explicitly, not left to a default', () => {
  expect(protocol.fields.Query._entities).toBe('record.entities');
  expect(protocol.fields.Query._service).toBe('federation');
  expect(protocol.fields._Service.sdl).toBe('federation');
});

test('every field a rule can deny is nullable, so a denial never wipes out its parent', () => {
  const canDeny = (rule: string) => {
    const r = protocol.rules[rule];
    return r.purpose || !r.anyOf.some((c) => c.caller === 'any' && !c.roles && !c.adult && !c.categories && !c.handling && !c.flaggedForPartners);
  };
  const offending = schemaFields(schema).filter((f) => f.nonNull && canDeny(protocol.fields[f.type][f.field])).map((f) => f.coordinate);
  expect(offending).toEqual([]);
});

test('every rule is used, and PROTOCOL.md describes every rule and condition', () => {
  const used = new Set([...Object.values(protocol.fields).flatMap((m) => Object.values(m)), ...Object.values(protocol.visibility), protocol.hits]);
  expect(Object.keys(protocol.rules).filter((r) => !used.has(r))).toEqual([]);
  const doc = readFileSync(join(schemaDir, 'protocol', 'PROTOCOL.md'), 'utf8');
  for (const rule of Object.keys(protocol.rules)) expect({ rule, described: doc.includes(`\`${rule}\``) }).toEqual({ rule, described: true });
  for (const condition of Object.keys(protocol.conditions ?? {})) expect({ condition, described: doc.includes(`**${condition}**`) }).toEqual({ condition, described: true });
});

test('minors and victims are protected in the data itself: no clause for foreign callers identifies a possible minor, nor a victim without a JIT or a grant', () => {
  for (const rule of ['person.identity', 'person.documents']) {
    for (const clause of protocol.rules[rule].anyOf.filter((c) => c.caller !== 'own')) {
      expect(clause.adult).toBe(true);
      // A victim's identity abroad: to a JIT's prosecutors, or by the owner's own decision on one record (a cooperation grant).
      const decidedOnTheRecord = (clause.caller === 'jit' && clause.roles?.includes('prosecutor')) || clause.caller === 'grantee';
      if (!decidedOnTheRecord) expect(clause.categories?.every((c) => ['SUSPECT', 'ACCUSED', 'CONVICTED'].includes(c))).toBe(true);
    }
  }
});

// ---- tightening ------------------------------------------------------------

const compile = (tightening: ProtocolTightening) => compileProtocol({ country: 'AR', schema, document: protocol, tightening });

describe('a member may tighten the protocol for its own data', () => {
  test.each<[string, ProtocolTightening]>([
    ['dropping a clause', { rules: { 'case.detail': { anyOf: protocol.rules['case.detail'].anyOf.filter((c) => c.caller !== 'foreign') } } }],
    ['narrowing roles and handling codes', { rules: { 'case.detail': { anyOf: [{ caller: 'own', roles: ['prosecutor'] }, { caller: 'foreign', roles: ['prosecutor'], handling: ['H0'] }] } } }],
    ['JIT members where the network says any foreign prosecutor', { rules: { 'case.assessment': { anyOf: [{ caller: 'own', roles: ['prosecutor'] }, { caller: 'jit', roles: ['prosecutor'], handling: ['H0'] }] } } }],
    ['adding a condition', { rules: { 'person.profile': { anyOf: [{ caller: 'own', roles: ['prosecutor'] }, { caller: 'foreign', roles: ['prosecutor'], adult: true, categories: ['SUSPECT'] }] } } }],
    ['requiring a purpose where the network does not', { fields: { 'Query.routes': { purpose: true, anyOf: [{ caller: 'any' }] } } }],
    ['one field stricter than its rule', { fields: { 'Person.nationalities': { anyOf: [{ caller: 'own', roles: ['prosecutor', 'analyst'] }] } } }],
    ['who may know of a person at all', { protocol: 1, rules: { 'person.known': { anyOf: [{ caller: 'own' as const, roles: ['prosecutor' as const] }] } } }],
  ])('%s is accepted and takes effect', (_name, tightening) => {
    const effective = compile(tightening);
    for (const name of Object.keys(tightening.rules ?? {})) expect(effective.rules.get(name)!.tightened).toBe(true);
    for (const field of Object.keys(tightening.fields ?? {})) expect(effective.fieldRules.get(field)!.name).toBe(`${protocol.fields[field.split('.')[0]][field.split('.')[1]]}@${field}`);
    if (tightening.rules?.['person.known']) expect(effective.visibility.Person.anyOf).toEqual(tightening.rules['person.known'].anyOf);
  });
});

describe('never loosen it: refused with a message that names what would loosen', () => {
  test.each<[string, ProtocolTightening, RegExp]>([
    ['a new clause', { rules: { 'person.identity': { anyOf: [...protocol.rules['person.identity'].anyOf, { caller: 'foreign', roles: ['prosecutor'] }] } } }, /would loosen rule "person.identity": its clause 8/],
    ['a role the network does not grant', { rules: { 'case.detail': { anyOf: [{ caller: 'foreign', roles: ['prosecutor', 'analyst'], handling: ['H0'] }] } } }, /would loosen rule "case.detail"/],
    ['a dropped condition', { rules: { 'person.known': { anyOf: [{ caller: 'foreign', roles: ['prosecutor'] }] } } }, /would loosen rule "person.known"/],
    ['a wider handling code', { rules: { 'case.detail': { anyOf: [{ caller: 'foreign', roles: ['prosecutor'], handling: ['H3'] }] } } }, /would loosen rule "case.detail"/],
    ['any foreign caller where the network says JIT members', { rules: { 'person.profile': { anyOf: [{ caller: 'foreign', roles: ['analyst'] }] } } }, /would loosen/],
    ['no purpose where the network requires one', { rules: { 'case.metadata': { purpose: false, anyOf: [{ caller: 'own', roles: ['prosecutor'] }] } } }, /drops the requirement of a stated purpose/],
    ['a field opened wider than its rule', { fields: { 'Person.familyNames': { anyOf: [{ caller: 'any' }] } } }, /would loosen field Person.familyNames/],
    ['a misspelt condition (it would silently widen)', { rules: { 'case.detail': { anyOf: [{ caller: 'own', role: ['prosecutor'] } as never] } } }, /unknown condition "role"/],
    ['a rule that does not exist', { rules: { 'case.everything': { anyOf: [{ caller: 'own' }] } } }, /tightens rule "case.everything", which protocol v1 does not define/],
    ['a field that does not exist', { fields: { 'Person.shoeSize': { anyOf: [{ caller: 'own' }] } } }, /tightens field "Person.shoeSize"/],
    ['a tightening written for another version', { protocol: 2, rules: {} }, /written for protocol v2/],
    ['a non-null field that must always be answered', { fields: { 'Person.id': { anyOf: [{ caller: 'own' }] } } }, /non-null field/],
  ])('%s', (_name, tightening, message) => {
    expect(() => compile(tightening)).toThrow(ProtocolError);
    expect(() => compile(tightening)).toThrow(message);
    expect(() => compile(tightening)).toThrow(/Member AR cannot start: .*never loosen it/);
  });
});

test('clause containment: jit is within foreign, everything within any; subsets of roles, categories and handling', () => {
  expect(clauseWithin({ caller: 'jit', roles: ['prosecutor'] }, { caller: 'foreign', roles: ['prosecutor', 'analyst'] })).toBe(true);
  expect(clauseWithin({ caller: 'foreign' }, { caller: 'jit' })).toBe(false);
  expect(clauseWithin({ caller: 'own', roles: ['auditor'] }, { caller: 'any' })).toBe(true);
  expect(clauseWithin({ caller: 'own' }, { caller: 'own', roles: ['prosecutor'] })).toBe(false);
  expect(clauseWithin({ caller: 'foreign', categories: ['SUSPECT'], adult: true }, { caller: 'foreign', categories: ['SUSPECT', 'ACCUSED'] })).toBe(true);
  expect(clauseWithin({ caller: 'foreign', categories: ['SUSPECT'] }, { caller: 'foreign', categories: ['SUSPECT'], adult: true })).toBe(false);
});

test('a tightening is read from MEMBER_PROTOCOL_TIGHTENING as JSON or as a file path', () => {
  const json = '{"protocol":1,"rules":{"case.detail":{"anyOf":[{"caller":"own"}]}}}';
  expect(readTightening(json).rules?.['case.detail'].anyOf).toEqual([{ caller: 'own' }]);
  expect(() => readTightening('{ not json')).toThrow(/not valid JSON/);
  expect(() => readTightening(join(schemaDir, 'protocol', 'no-such-file.json'))).toThrow(/ENOENT/);
});
