/** The query size limits (platform/src/limits.ts: GraphQL Armor's rules and our field count), applied by every process. */
import { buildSchema, parse, validate } from 'graphql';
import { queryLimitRules } from '@enlace/platform';

const schema = buildSchema('type Q { f: Q n: Int } schema { query: Q }');
const check = (query: string) => validate(schema, parse(query), queryLimitRules()).map((e) => e.message);

test('depth, fields, aliases and directives are counted, fragments expanded', () => {
  expect(check('{ f { f { n } } }')).toEqual([]);
  expect(check(`{ ${'f { '.repeat(10)}n${' }'.repeat(10)} }`)).toEqual(['Query depth limit of 10 exceeded, found 11.']);
  expect(check(`{ ...A } fragment A on Q { ${Array.from({ length: 31 }, (_, i) => `a${i}: n`).join(' ')} }`)).toEqual(['Aliases limit of 30 exceeded, found 31.']);
  expect(check(`{ ${Array.from({ length: 21 }, () => 'n @include(if: true)').join(' ')} }`)).toEqual(['Directives limit of 20 exceeded, found 21.']);
  // The same fragment spread twice counts twice.
  expect(check(`{ a: f { ...B } b: f { ...B } } fragment B on Q { ${Array.from({ length: 150 }, () => 'n').join(' ')} }`)).toEqual(['Query selects 302 fields; the limit is 300']);
});

test('fragments that double at every level are measured once each, not expanded exponentially', () => {
  const levels = 60; // 2^60 fields once expanded: measured in linear time, refused
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Q { a: f { ...F${i + 1} } b: f { ...F${i + 1} } }`).join(' ');
  const errors = check(`{ ...F0 } ${fragments} fragment F${levels} on Q { n }`);
  expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^Query depth limit of 10 exceeded/), expect.stringMatching(/^Query selects \d+ fields/), expect.stringMatching(/^Aliases limit of 30 exceeded/)]));
});

test('at the limits a query passes, one beyond it is refused with QUERY_TOO_COMPLEX', () => {
  const at = [
    `{ ${'f { '.repeat(9)}n${' }'.repeat(9)} }`,
    `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: n`).join(' ')} }`,
    `{ ${Array.from({ length: 20 }, () => 'n @include(if: true)').join(' ')} }`,
  ];
  for (const query of at) expect(check(query)).toEqual([]);
  const [error] = validate(schema, parse(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: n`).join(' ')} }`), queryLimitRules());
  expect(error.extensions.code).toBe('QUERY_TOO_COMPLEX');
});
