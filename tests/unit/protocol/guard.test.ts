/**
 * The field guard itself, on the member schema with stand-in resolvers (no
 * network): deny by default for a field the protocol forgets, resolver errors
 * that stay themselves, a record read without its facts denies, a rule that
 * cannot be decided denies, a schema is guarded once.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, type ExecutionResult } from 'graphql';
import { badInput, type RequestAudit, type Role } from '@enlace/platform';
import { memberSdl } from '@enlace/schema';
import {
  compileProtocol, guardMemberFields, loadProtocol, RequestAuthz, type CaseRecord, type PersonRecord, type ProtocolDocument, type StoredPerson,
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

function run(document: ProtocolDocument, options: { country: string; roles: Role[]; withoutFacts?: boolean; log?: (m: string) => void }, query: string): Promise<ExecutionResult> {
  const subgraph = buildSubgraphSchema({ typeDefs: parse(memberSdl()), resolvers: resolvers(!!options.withoutFacts) as never });
  const protocol = compileProtocol({ country: 'AR', schema: subgraph, document });
  const schema = guardMemberFields(protocol, subgraph, options.log ?? (() => undefined));
  const authz = new RequestAuthz(protocol, { caller: { country: options.country, roles: options.roles }, hasPurpose: true, jit: null });
  const ctx = { country: 'AR', authz, audit: audit() };
  return Promise.resolve(execute({ schema, document: parse(query), contextValue: ctx }));
}

const network = loadProtocol(1);
const codes = (r: ExecutionResult) => (r.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.rule]);

describe('the field guard', () => {
  test('a field the protocol has no rule for is denied to everyone, even the owner', async () => {
    const { sex: _dropped, ...personFields } = network.fields.Person;
    const forgetful = { ...network, fields: { ...network.fields, Person: personFields } };
    const r = await run(forgetful, { country: 'AR', roles: ['prosecutor'] }, '{ persons { id sex familyNames } }');
    expect(r.data?.persons).toEqual([{ id: 'AR:P:1', sex: null, familyNames: 'Family1' }, { id: 'AR:P:2', sex: null, familyNames: 'Family2' }]);
    expect(codes(r)).toEqual([['persons.0.sex', 'FORBIDDEN', 'protocol.default-deny'], ['persons.1.sex', 'FORBIDDEN', 'protocol.default-deny']]);
  });

  test('a resolver\'s own error is not turned into a denial', async () => {
    const r = await run(network, { country: 'AR', roles: ['prosecutor'] }, '{ cases { id } }');
    expect(codes(r)).toEqual([['cases', 'BAD_USER_INPUT', undefined]]);
  });

  test('fields are granted and denied record by record, with the rule named', async () => {
    const r = await run(network, { country: 'CO', roles: ['prosecutor'] }, '{ persons { id familyNames sex } }');
    expect(r.data?.persons).toEqual([{ id: 'AR:P:1', familyNames: 'Family1', sex: 'FEMALE' }, { id: 'AR:P:2', familyNames: null, sex: 'FEMALE' }]);
    expect(codes(r)).toEqual([['persons.1.familyNames', 'FORBIDDEN', 'person.identity']]);
  });

  test('a person read without the facts of its cases: every clause that looks at them is denied (adulthood is still read from the record)', async () => {
    const r = await run(network, { country: 'CO', roles: ['prosecutor'], withoutFacts: true }, '{ persons { id familyNames sex } }');
    expect(r.data?.persons).toEqual([{ id: 'AR:P:1', familyNames: null, sex: 'FEMALE' }, { id: 'AR:P:2', familyNames: null, sex: 'FEMALE' }]);
    expect(codes(r)).toEqual([['persons.0.familyNames', 'FORBIDDEN', 'person.identity'], ['persons.1.familyNames', 'FORBIDDEN', 'person.identity']]);
  });

  test('a rule that cannot be decided denies, and the log says why', async () => {
    const logs: string[] = [];
    // A record whose cases' facts cannot be read: deciding person.identity on it throws.
    const trap = { ...PERSONS[1], get facts(): never { throw new Error('unreadable record'); } };
    const subgraph = buildSubgraphSchema({ typeDefs: parse(memberSdl()), resolvers: { Query: { persons: () => [trap] } } as never });
    const protocol = compileProtocol({ country: 'AR', schema: subgraph, document: network });
    const schema = guardMemberFields(protocol, subgraph, (m) => logs.push(m));
    const authz = new RequestAuthz(protocol, { caller: { country: 'CO', roles: ['prosecutor'] }, hasPurpose: true, jit: null });
    const r = await Promise.resolve(execute({ schema, document: parse('{ persons { familyNames } }'), contextValue: { country: 'AR', authz, audit: audit() } }));
    expect(r.data?.persons).toEqual([{ familyNames: null }]);
    expect(codes(r)).toEqual([['persons.0.familyNames', 'FORBIDDEN', 'person.identity']]);
    expect(logs.join('\n')).toMatch(/rule person.identity could not be decided, so it denies: .*unreadable record/);
  });

  test('a schema is guarded once', () => {
    const subgraph = buildSubgraphSchema({ typeDefs: parse(memberSdl()) });
    const protocol = compileProtocol({ country: 'AR', schema: subgraph, document: network });
    guardMemberFields(protocol, subgraph, () => undefined);
    expect(() => guardMemberFields(protocol, subgraph, () => undefined)).toThrow(/guarded already/);
  });
});
