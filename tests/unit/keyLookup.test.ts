/** The key lookup's Cypher (store port): what each adapter sends for a lookup. */
import { distinctKeys, lookupAllCypher, lookupOneCypher, lookupScanCypher, type NodeTable } from '@enlace/store';

const caseTable: NodeTable = { label: 'Case', key: 'id', properties: { id: 'STRING', seq: 'INT64' } };
const then = 'MATCH (p:Person)-[i:INVOLVED]->(c) RETURN c.id AS id ORDER BY c.seq';

test('one key: an equality on the primary key, then the rest (Kùzu answers it from the key index)', () => {
  expect(lookupOneCypher(caseTable, { as: 'c', then })).toBe(`MATCH (c:\`Case\`) WHERE c.id = $lookupKey ${then}`);
});

test('a small table: one scan for all keys (Kùzu, when the table holds few rows per key asked)', () => {
  expect(lookupScanCypher(caseTable, { as: 'c', then })).toBe(`MATCH (c:\`Case\`) WHERE c.id IN $lookupKeys ${then}`);
});

test('all keys: UNWIND then a match on the key (Neo4j seeks the key constraint per key)', () => {
  expect(lookupAllCypher(caseTable, { as: 'c', then })).toBe(`UNWIND $lookupKeys AS lookupKey MATCH (c:\`Case\` {id: lookupKey}) ${then}`);
});

test('keys are asked for once each, in first-seen order', () => {
  expect(distinctKeys(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
  expect(distinctKeys([])).toEqual([]);
});
