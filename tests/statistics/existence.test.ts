/**
 * Which rows statistics list, over the network on loopback: a seeded member gains one victim of
 * a nationality it had none of (VN), then the same victim is recorded as ZW instead. What the
 * secretariat and a partner get is the same in both worlds (they cannot tell which nationality
 * exists with its count of 1), and lists the same rows as before the victim was added (only
 * counts may move). The owner's own analyst still sees its data's value, with its exact count.
 */
import { DIMENSIONS } from '@enlace/member';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR'], persons: 80 });
  tokens.secretariat = await net.token({ country: 'XS', roles: ['secretariat'] });
  tokens.partner = await net.token({ country: 'XP', roles: ['partner'] });
  tokens.prosecutor = await net.token({ country: 'AR', roles: ['prosecutor'] });
  tokens.analyst = await net.token({ country: 'AR', roles: ['analyst'] });
});
afterAll(() => net?.close());

const CELL = `country ${DIMENSIONS.map((d) => d.field).join(' ')} other cases victims suspects suppressed`;
/** Every grouping with NATIONALITY, of one and two dimensions, and a few of three. */
const GROUPINGS = [
  ['NATIONALITY'],
  ...DIMENSIONS.filter((d) => d.name !== 'NATIONALITY').map((d) => [d.name, 'NATIONALITY']),
  ['OFFENCE', 'YEAR', 'NATIONALITY'], ['SEX', 'NATIONALITY', 'CATEGORY'], ['YEAR', 'ROUTE', 'NATIONALITY'],
];

type Cell = Record<string, unknown> & { other: string[] };

async function ask(token: string, selection = CELL): Promise<Record<string, Cell[]>> {
  const out: Record<string, Cell[]> = {};
  for (let i = 0; i < GROUPINGS.length; i += 8) {
    const part = GROUPINGS.slice(i, i + 8);
    const { body } = await gql(net.gateway.url, `{ ${part.map((g, j) => `g${j}: statistics(groupBy: [${g.join(', ')}]) { ${selection} }`).join(' ')} }`, {}, bearer(token, 'Network statistics'));
    expect(body.errors).toBeUndefined();
    part.forEach((g, j) => (out[g.join(',')] = body.data[`g${j}`]));
  }
  return out;
}

const rowsOf = (answers: Record<string, Cell[]>) =>
  Object.fromEntries(Object.entries(answers).map(([g, cells]) => [g, cells.map((c) => JSON.stringify({ ...c, cases: undefined, victims: undefined, suspects: undefined, suppressed: undefined }))]));
const nationalities = (answers: Record<string, Cell[]>) => new Set(Object.values(answers).flat().map((c) => c.nationality));

async function write(query: string, variables: Record<string, unknown>) {
  const { body } = await gql(net.gateway.url, query, variables, bearer(tokens.prosecutor));
  expect(body.errors).toBeUndefined();
  return body.data;
}

test('a victim of a nationality the member had none of: published rows unchanged, and VN cannot be told from ZW', async () => {
  const before = { secretariat: await ask(tokens.secretariat), partner: await ask(tokens.partner) };
  expect(nationalities(before.secretariat).has('VN')).toBe(false);

  const { cases } = await write('{ cases(countries: ["AR"], first: 1) { id } }', {});
  const { createPerson } = await write('mutation($i: PersonInput!) { createPerson(input: $i) { id } }', {
    i: { givenNames: 'Lan', familyNames: 'Nguyen', sex: 'FEMALE', dateOfBirth: '1998-03-04', nationalities: ['VN'] },
  });
  await write('mutation($c: ID!, $p: ID!) { addInvolvement(caseId: $c, input: { personId: $p, category: VICTIM }) { id } }', { c: cases[0].id, p: createPerson.id });
  const vn = { secretariat: await ask(tokens.secretariat), partner: await ask(tokens.partner) };

  await write('mutation($p: ID!) { updatePerson(personId: $p, input: { nationalities: ["ZW"] }) { id } }', { p: createPerson.id });
  const zw = { secretariat: await ask(tokens.secretariat), partner: await ask(tokens.partner) };

  for (const who of ['secretariat', 'partner'] as const) {
    // One world has a VN victim, the other a ZW one: the answers are identical.
    expect(vn[who]).toEqual(zw[who]);
    // The same rows as before the victim existed (published counts may move: the new victim is counted somewhere).
    expect(rowsOf(vn[who])).toEqual(rowsOf(before[who]));
    expect([...nationalities(vn[who])].filter((n) => n === 'VN' || n === 'ZW')).toEqual([]);
    // Her nationality counts in the row of every other nationality.
    expect(vn[who].NATIONALITY.filter((c) => c.other.includes('NATIONALITY'))).toHaveLength(1);
  }
  // A filter on it is answered like one on a nationality nobody has.
  for (const n of ['ZW', 'VN', 'TV']) {
    const { body } = await gql(net.gateway.url, `{ statistics(groupBy: [SEX], filter: { nationality: "${n}" }) { ${CELL} } }`, {}, bearer(tokens.secretariat, 'Network statistics'));
    expect({ n, cells: body.data.statistics }).toEqual({ n, cells: [] });
  }

  // The owner's own analyst sees the value and its exact count, beside the published rows.
  const { body } = await gql(net.gateway.url, '{ statistics(groupBy: [NATIONALITY], countries: ["AR"]) { nationality other victims suppressed exact { victims } } }', {}, bearer(tokens.analyst, 'Own statistics'));
  expect(body.errors).toBeUndefined();
  expect(body.data.statistics.filter((c: Cell) => c.nationality === 'ZW')).toEqual([{ nationality: 'ZW', other: [], victims: null, suppressed: ['CASES', 'VICTIMS', 'SUSPECTS'], exact: { victims: 1 } }]);
  expect(body.data.statistics.find((c: Cell) => c.other.includes('NATIONALITY')).exact.victims).toBeGreaterThanOrEqual(1);
});
