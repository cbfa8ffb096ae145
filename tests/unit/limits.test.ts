/** The query size limits (subgraphs/common/src/limits.ts), applied by the gateway, every member and the secretariat. */
import { buildSchema, parse, validate } from 'graphql';
import { queryLimitRule } from '@enlace/common';

const schema = buildSchema('type Q { f: Q n: Int } schema { query: Q }');
const check = (query: string) => validate(schema, parse(query), [queryLimitRule()]).map((e) => e.message);

test('depth, fields, aliases and directives are counted, fragments expanded', () => {
  expect(check('{ f { f { n } } }')).toEqual([]);
  expect(check(`{ ${'f { '.repeat(10)}n${' }'.repeat(10)} }`)).toEqual(['Query is nested 11 levels deep; the limit is 10']);
  expect(check(`{ ...A } fragment A on Q { ${Array.from({ length: 31 }, (_, i) => `a${i}: n`).join(' ')} }`)).toEqual(['Query uses 31 aliases; the limit is 30']);
  expect(check(`{ ${Array.from({ length: 21 }, () => 'n @include(if: true)').join(' ')} }`)).toEqual(['Query uses 21 directives; the limit is 20']);
  // The same fragment spread twice counts twice.
  expect(check(`{ a: f { ...B } b: f { ...B } } fragment B on Q { ${Array.from({ length: 150 }, () => 'n').join(' ')} }`)).toEqual(['Query selects 302 fields; the limit is 300']);
});

test('fragments that double at every level are measured once each, not expanded exponentially', () => {
  const levels = 60; // 2^60 fields once expanded: measured in linear time, refused
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Q { a: f { ...F${i + 1} } b: f { ...F${i + 1} } }`).join(' ');
  const errors = check(`{ ...F0 } ${fragments} fragment F${levels} on Q { n }`);
  expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^Query is nested 61 levels deep/), expect.stringMatching(/^Query selects \d+ fields/), expect.stringMatching(/^Query uses \d+ aliases/)]));
});
