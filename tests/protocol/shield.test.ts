/**
 * The shield itself, on the member schema with stand-in resolvers (no network):
 * deny by default for a field the protocol forgets, resolver errors that stay
 * themselves, a record read without its facts denies, and the synchronous path
 * in front of the shield answers exactly as graphql-shield alone.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, type ExecutionResult } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { badInput, type RequestAudit, type Role } from '@enlace/common';
import { memberSdl } from '@enlace/schema';
import {
  compileProtocol, loadProtocol, protocolShield, RequestAuthz, type CaseRecord, type PersonRecord, type ProtocolDocument, type StoredPerson,
} from '@enlace/member';

const person = (seq: number, dateOfBirth: string | null, category: string): StoredPerson => ({
  id: `AR:P:${seq}`, seq, country: 'AR', givenNames: `Given${seq}`, familyNames: `Family${seq}`, aliases: [], sex: 'FEMALE', dateOfBirth, nationalities: ['AR'],
  flaggedForPartners: false, facts: { categories: [category], handling: ['H0'], caseIds: ['AR:C:1'] },
});
const PERSONS = [person(1, '1980-01-01', 'SUSPECT'), person(2, '1990-01-01', 'VICTIM')];
/** The same persons as read without their cases' facts: nothing that looks at them can be granted. */
const WITHOUT_FACTS = PERSONS.map(({ facts: _facts, ...p }) => p);
const CASE: CaseRecord = {
  id: 'AR:C:1', seq: 1, country: 'AR', reference: 'R', offences: ['TIP'], status: 'INVESTIGATION', openedOn: '2024-01-01', closedOn: null,
  summary: 'S', handlingCode: 'H0', handlingConditions: null, sourceReliability: 'A', informationAccuracy: 1,
};
void CASE;

const resolvers = (withoutFacts: boolean) => ({
  Query: {
    persons: () => (withoutFacts ? WITHOUT_FACTS : PERSONS),
    cases: () => {
      throw badInput('filter.openedFrom', 'must be a date as YYYY-MM-DD');
    },
  },
  Person: { fullName: (p: PersonRecord) => `${p.givenNames} ${p.familyNames}` },
});

/** An audit collector that only counts what it is told. */
const audit = () => ({ delivered: () => undefined, withheld: () => undefined, hits: () => undefined, wrote: () => undefined }) as unknown as RequestAudit;

function run(document: ProtocolDocument, options: { country: string; roles: Role[]; fastPath?: boolean; withoutFacts?: boolean }, query: string): Promise<ExecutionResult> {
  const subgraph = buildSubgraphSchema({ typeDefs: parse(memberSdl()), resolvers: resolvers(!!options.withoutFacts) as never });
  const protocol = compileProtocol({ country: 'AR', schema: subgraph, document });
  const schema = applyMiddleware(subgraph, protocolShield(protocol, subgraph, { fastPath: options.fastPath, log: () => undefined }));
  const authz = new RequestAuthz(protocol, { own: options.country === 'AR', roles: options.roles, hasPurpose: true, jit: null });
  const ctx = { country: 'AR', authz, audit: audit() };
  return Promise.resolve(execute({ schema, document: parse(query), contextValue: ctx }));
}

const network = loadProtocol(1);
const codes = (r: ExecutionResult) => (r.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.rule]);

describe.each([['with the synchronous path', true], ['graphql-shield alone', false]])('%s', (_name, fastPath) => {
  test('a field the protocol has no rule for is denied to everyone, even the owner', async () => {
    const { sex: _dropped, ...personFields } = network.fields.Person;
    const forgetful = { ...network, fields: { ...network.fields, Person: personFields } };
    const r = await run(forgetful, { country: 'AR', roles: ['prosecutor'], fastPath }, '{ persons { id sex familyNames } }');
    expect(r.data?.persons).toEqual([{ id: 'AR:P:1', sex: null, familyNames: 'Family1' }, { id: 'AR:P:2', sex: null, familyNames: 'Family2' }]);
    expect(codes(r)).toEqual([['persons.0.sex', 'FORBIDDEN', 'protocol.default-deny'], ['persons.1.sex', 'FORBIDDEN', 'protocol.default-deny']]);
  });

  test('a resolver\'s own error is not turned into a denial', async () => {
    const r = await run(network, { country: 'AR', roles: ['prosecutor'], fastPath }, '{ cases { id } }');
    expect(codes(r)).toEqual([['cases', 'BAD_USER_INPUT', undefined]]);
  });

  test('fields are granted and denied record by record, with the rule named', async () => {
    const r = await run(network, { country: 'CO', roles: ['prosecutor'], fastPath }, '{ persons { id familyNames sex } }');
    expect(r.data?.persons).toEqual([{ id: 'AR:P:1', familyNames: 'Family1', sex: 'FEMALE' }, { id: 'AR:P:2', familyNames: null, sex: 'FEMALE' }]);
    expect(codes(r)).toEqual([['persons.1.familyNames', 'FORBIDDEN', 'person.identity']]);
  });

  test('a person read without the facts of its cases: every clause that looks at them is denied (adulthood is still read from the record)', async () => {
    const r = await run(network, { country: 'CO', roles: ['prosecutor'], fastPath, withoutFacts: true }, '{ persons { id familyNames sex } }');
    expect(r.data?.persons).toEqual([{ id: 'AR:P:1', familyNames: null, sex: 'FEMALE' }, { id: 'AR:P:2', familyNames: null, sex: 'FEMALE' }]);
    expect(codes(r)).toEqual([['persons.0.familyNames', 'FORBIDDEN', 'person.identity'], ['persons.1.familyNames', 'FORBIDDEN', 'person.identity']]);
  });
});
