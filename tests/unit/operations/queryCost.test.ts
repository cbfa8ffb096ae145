/** The cost estimate (platform/src/queryCost.ts) and the production-mode settings (mode.ts), as pure functions. */
import { buildSchema, getOperationAST, parse } from 'graphql';
import { estimateCost, NESTED_LIST_SIZE, servingModeFromEnv, withoutSuggestions } from '@enlace/platform';

const schema = buildSchema(`
  type Query { persons(first: Int = 50, countries: [String!]): [Person!] person(id: ID!): Person personsPage(first: Int = 20, countries: [String!], after: String): PersonPage }
  type PersonPage { items: [Person!]! members: [MemberPage!]! endCursor: String }
  type MemberPage { country: String! count: Int! }
  type Person { id: ID! name: String cases: [Case!] }
  type Case { id: ID! persons: [Person!] }
`);
const cost = (query: string, variables: Record<string, unknown> = {}, fanOut?: Parameters<typeof estimateCost>[4]) => {
  const document = parse(query);
  return estimateCost(schema, document, getOperationAST(document)!, variables, fanOut);
};

test('a list counts its first (given, from a variable, or the default), each item multiplying what is below it', () => {
  expect(cost('{ person(id: "1") { id name } }')).toBe(3);
  expect(cost('{ persons(first: 10) { id name } }')).toBe(10 * 3);
  expect(cost('query ($n: Int) { persons(first: $n) { id } }', { n: 7 })).toBe(7 * 2);
  expect(cost('{ persons { id } }')).toBe(50 * 2);
  // Lists without first count NESTED_LIST_SIZE items.
  expect(cost('{ persons(first: 10) { cases { id } } }')).toBe(10 * (1 + NESTED_LIST_SIZE * 2));
  // Fragments count as if written out.
  expect(cost('{ persons(first: 10) { ...P } } fragment P on Person { id cases { id } }')).toBe(cost('{ persons(first: 10) { id cases { id } } }'));
});

test('root lists count once per member they go to (the gateway\'s fan-out)', () => {
  const fanOut = (_: unknown, args: Record<string, unknown>) => (Array.isArray(args.countries) ? args.countries.length : 3);
  expect(cost('{ persons(first: 10) { id } }', {}, fanOut)).toBe(3 * 10 * 2);
  expect(cost('{ persons(first: 10, countries: ["AR"]) { id } }', {}, fanOut)).toBe(10 * 2);
  // Only root lists: a by-id field goes to its owner alone.
  expect(cost('{ person(id: "AR:P:1") { id } }', {}, fanOut)).toBe(2);
});

test("a page lends its first and fan-out to the lists right below it", () => {
  const fanOut = (_: unknown, args: Record<string, unknown>) => (Array.isArray(args.countries) ? args.countries.length : 3);
  expect(cost('{ personsPage(first: 10) { items { id } endCursor } }', {}, fanOut)).toBe(1 + 3 * 10 * 2 + 1);
  expect(cost('{ personsPage(first: 10, countries: ["AR"]) { items { id cases { id } } } }', {}, fanOut)).toBe(1 + 10 * (2 + NESTED_LIST_SIZE * 2));
  expect(cost('{ personsPage { ...P } } fragment P on PersonPage { items { id } }', {}, fanOut)).toBe(1 + 3 * 20 * 2);
});

test('deep nesting of lists grows the estimate multiplicatively', () => {
  const deep = '{ persons(first: 500) { cases { persons { cases { persons { name } } } } } }';
  expect(cost(deep)).toBeGreaterThan(100_000);
});

test('suggestions are cut from messages, the rest kept', () => {
  expect(withoutSuggestions('Cannot query field "nam" on type "Person". Did you mean "name"?')).toBe('Cannot query field "nam" on type "Person".');
  expect(withoutSuggestions('Value "TIPP" does not exist in "Offence" enum. Did you mean the enum value "TIP"?')).toBe('Value "TIPP" does not exist in "Offence" enum.');
  expect(withoutSuggestions('Unknown argument "frist". Did you mean "first", or "filter"?')).toBe('Unknown argument "frist".');
});

test('production is the default; the explorer follows the mode unless set; bad values name the setting', () => {
  expect(servingModeFromEnv({})).toEqual({ development: false, explorer: false, developerRole: null });
  expect(servingModeFromEnv({ ENLACE_MODE: 'development' })).toEqual({ development: true, explorer: true, developerRole: null });
  expect(servingModeFromEnv({ ENLACE_EXPLORER: 'on', ENLACE_DEVELOPER_ROLE: 'analyst' })).toEqual({ development: false, explorer: true, developerRole: 'analyst' });
  expect(servingModeFromEnv({ ENLACE_MODE: 'development', ENLACE_EXPLORER: 'off' }).explorer).toBe(false);
  expect(() => servingModeFromEnv({ ENLACE_MODE: 'prod' })).toThrow(/ENLACE_MODE/);
  expect(() => servingModeFromEnv({ ENLACE_EXPLORER: 'yes' })).toThrow(/ENLACE_EXPLORER/);
  expect(() => servingModeFromEnv({ ENLACE_DEVELOPER_ROLE: 'root' })).toThrow(/ENLACE_DEVELOPER_ROLE/);
});
