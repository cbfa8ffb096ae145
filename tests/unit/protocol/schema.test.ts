/**
 * The protocol document against its JSON Schema (schema/protocol/v1.schema.json),
 * as the engine checks it at load: the committed document passes, the schema's
 * vocabulary is the code's, and a broken document is refused with a message
 * naming where it is broken.
 */
import { readFileSync } from 'node:fs';
import { ROLES } from '@enlace/platform';
import {
  CALLERS, CATEGORIES, checkProtocolDocument, HANDLING_CODES, LEGAL_BASES, loadProtocol, loadSecretariatProtocol, protocolDocument, protocolPath,
  protocolSchemaPath, ProtocolError, SECRETARIAT_CALLER_VALUES, SECRETARIAT_SUBJECTS, SUBJECTS,
} from '@enlace/protocol';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const committed = (): Json => JSON.parse(readFileSync(protocolPath(1), 'utf8')) as Json;
const schema = JSON.parse(readFileSync(protocolSchemaPath(1), 'utf8')) as Json;

test('the committed protocol document matches its JSON Schema', () => {
  expect(() => checkProtocolDocument(committed())).not.toThrow();
  expect(loadProtocol(1).version).toBe(1);
  expect(loadSecretariatProtocol(1).version).toBe(1);
});

test("the JSON Schema's vocabulary is the engine's", () => {
  const d = schema.definitions;
  expect(d.roles.items.enum).toEqual([...ROLES]);
  expect(d.memberClause.properties.caller.enum).toEqual([...CALLERS]);
  expect(d.memberClause.properties.categories.items.enum).toEqual([...CATEGORIES]);
  expect(d.memberClause.properties.handling.items.enum).toEqual([...HANDLING_CODES]);
  expect(d.memberClause.properties.legalBasis.items.enum).toEqual([...LEGAL_BASES]);
  expect(d.memberRule.properties.subject.enum).toEqual([...SUBJECTS]);
  expect(d.secretariatClause.properties.caller.enum).toEqual([...SECRETARIAT_CALLER_VALUES]);
  expect(d.secretariatRule.properties.subject.enum).toEqual([...SECRETARIAT_SUBJECTS]);
});

describe('a broken document is refused, saying where', () => {
  const refusal = (change: (doc: Json) => void): string => {
    const doc = committed();
    change(doc);
    try {
      checkProtocolDocument(doc, 'the test document');
    } catch (err) {
      expect(err).toBeInstanceOf(ProtocolError);
      return (err as Error).message;
    }
    throw new Error('the broken document was accepted');
  };

  test('a misspelt condition (which would silently widen a rule)', () => {
    expect(refusal((d) => { d.rules['person.identity'].anyOf[0].adultt = true; })).toBe(
      'the test document does not match the JSON Schema of protocol v1: /rules/person.identity/anyOf/0: has an unknown key "adultt"',
    );
  });

  test('an unknown role, category or caller', () => {
    expect(refusal((d) => { d.rules['person.identity'].anyOf[0].roles = ['janitor']; })).toMatch(/\/rules\/person\.identity\/anyOf\/0\/roles\/0: must be one of "prosecutor", "analyst"/);
    expect(refusal((d) => { d.rules['person.identity'].anyOf[0].categories = ['BYSTANDER']; })).toMatch(/\/rules\/person\.identity\/anyOf\/0\/categories\/0: must be one of "SUSPECT"/);
    expect(refusal((d) => { d.secretariat.rules['jit.known'].anyOf[0].caller = 'own'; })).toMatch(/\/secretariat\/rules\/jit\.known\/anyOf\/0\/caller: must be one of "any", "staff"/);
  });

  test('a rule without its description or purpose, an empty anyOf, a missing section', () => {
    const message = refusal((d) => {
      delete d.rules['case.known'].purpose;
      d.rules['case.detail'].anyOf = [];
      delete d.visibility.Case;
    });
    expect(message).toContain("/rules/case.known: must have required property 'purpose'");
    expect(message).toContain('/rules/case.detail/anyOf: must NOT have fewer than 1 items');
    expect(message).toContain("/visibility: must have required property 'Case'");
    expect(refusal((d) => { delete d.secretariat; })).toContain("(the document): must have required property 'secretariat'");
  });

  test('not a protocol document at all, or a version without a schema', () => {
    expect(() => checkProtocolDocument({ hello: 'world' })).toThrow(/is not an Enlace sharing protocol document/);
    expect(() => checkProtocolDocument({ ...committed(), version: 99 }, 'v99')).toThrow(/v99 says it is version 99, which has no JSON Schema here/);
  });
});

test('each reader gets its own copy of the document read once', () => {
  const a = protocolDocument(1) as Json;
  a.rules['person.identity'].anyOf = [{ caller: 'any' }];
  expect((protocolDocument(1) as Json).rules['person.identity'].anyOf).not.toEqual([{ caller: 'any' }]);
});
