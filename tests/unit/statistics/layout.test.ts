/**
 * Which rows a statistics table lists, the pure part (subgraphs/member/src/statistics/layout.ts):
 * enum dimensions list the schema's whole enum, YEAR a fixed window, NATIONALITY and ROUTE only
 * the values published on their own with every other value in one `other` row; so a value that
 * exists with a count from 1 to 10 cannot be told from one that does not exist. The owner's own
 * view adds its data's values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type EnumTypeDefinitionNode, type InputObjectTypeDefinitionNode, type NamedTypeNode } from 'graphql';
import { DIMENSIONS, MAX_SUPPRESSED, MEASURES, OTHER, statisticsCells, yearWindow, type Fact } from '@enlace/member';

const dims = (...names: string[]) => names.map((n) => DIMENSIONS.find((d) => d.name === n)!);
const NO_MO = { recruitment: null, transport: null, documentFraud: null, payment: null, exploitation: null };
const THIS_YEAR = yearWindow().at(-1)!;

/** 60 cases, each with a victim (BO, or PE for every third) and a suspect; `extra` adds facts. */
function facts(extra: Fact[] = []): Fact[] {
  const out: Fact[] = [];
  for (let i = 0; i < 60; i++) {
    const kase = { caseId: `C${i}`, offences: ['TIP'], year: THIS_YEAR - (i % 4), status: 'INVESTIGATION', routes: i % 2 ? ['RT-0001'] : ['RT-0002'], modusOperandi: NO_MO };
    out.push({ ...kase, person: { id: `V${i}`, category: 'VICTIM', sex: i % 2 ? 'FEMALE' : 'MALE', dateOfBirth: '1990-01-01', nationalities: [i % 3 ? 'BO' : 'PE'] } });
    out.push({ ...kase, person: { id: `S${i % 17}`, category: 'SUSPECT', sex: 'MALE', dateOfBirth: null, nationalities: ['AR'] } });
  }
  return [...out, ...extra];
}

/** One more victim of nationality `nationality` in case C1, or on route `route` in a case of its own. */
const rare = (nationality: string, route = 'RT-0001', year = THIS_YEAR): Fact => ({
  caseId: `C-${nationality}-${route}-${year}`, offences: ['TIP'], year, status: 'INVESTIGATION', routes: [route], modusOperandi: NO_MO,
  person: { id: `V-${nationality}`, category: 'VICTIM', sex: 'FEMALE', dateOfBirth: '1990-01-01', nationalities: [nationality] },
});

/** What a caller without exact counts sees: the rows and their published side. */
const published = (cells: ReturnType<typeof statisticsCells>) => cells.map((c) => ({ values: c.values, suppressed: c.suppressed, counts: MEASURES.map((m) => (c.suppressed.includes(m) ? null : c.exact[m])) }));
const rows = (cells: ReturnType<typeof statisticsCells>) => cells.map((c) => JSON.stringify(c.values));

test('every enum dimension lists the schema\'s whole enum (the StatisticsFilter field\'s type) and null, whatever the data holds', () => {
  const schema = parse(readFileSync(join(__dirname, '../../../schema/member.graphql'), 'utf8'));
  const enums = new Map(schema.definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION).map((d) => [d.name.value, d.values!.map((v) => v.name.value)]));
  const filter = schema.definitions.find((d): d is InputObjectTypeDefinitionNode => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === 'StatisticsFilter')!;
  const closed = DIMENSIONS.filter((d) => d.vocabulary.kind === 'closed');
  expect(closed.map((d) => d.name)).toEqual(['OFFENCE', 'STATUS', 'SEX', 'AGE_BAND', 'CATEGORY', 'RECRUITMENT', 'TRANSPORT', 'DOCUMENT_FRAUD', 'PAYMENT', 'EXPLOITATION']);
  for (const d of closed) {
    const type = (filter.fields!.find((f) => f.name.value === d.field)!.type as NamedTypeNode).name.value;
    expect({ d: d.name, values: d.vocabulary.kind === 'closed' && d.vocabulary.values }).toEqual({ d: d.name, values: enums.get(type) });
    const listed = statisticsCells(facts(), [d]).map((c) => c.values[d.field]);
    expect(listed.sort()).toEqual([...enums.get(type)!, null].sort());
  }
});

test('YEAR lists the last ten years and null, empty or not; other years count in the OTHER row', () => {
  const cells = statisticsCells(facts([rare('BO', 'RT-0001', 1999)]), dims('YEAR'));
  expect(cells.map((c) => c.values.year)).toEqual(expect.arrayContaining([...yearWindow(), null, OTHER]));
  expect(cells).toHaveLength(12);
  expect(cells.find((c) => c.values.year === OTHER)!.exact.cases).toBe(1);
  expect(cells.find((c) => c.values.year === THIS_YEAR - 9)!).toMatchObject({ exact: { cases: 0 }, suppressed: ['cases', 'victims', 'suspects'] });
});

test('NATIONALITY and ROUTE list only values published on their own; a rare value that exists cannot be told from one that does not', () => {
  for (const groupBy of [['NATIONALITY'], ['NATIONALITY', 'SEX'], ['ROUTE'], ['ROUTE', 'NATIONALITY'], ['OFFENCE', 'ROUTE', 'NATIONALITY']]) {
    const none = statisticsCells(facts(), dims(...groupBy));
    const vn = statisticsCells(facts([rare('VN', 'RT-0666')]), dims(...groupBy));
    const zw = statisticsCells(facts([rare('ZW', 'RT-0777')]), dims(...groupBy));
    // VN (and route RT-0666) exists in one world, ZW (and RT-0777) in the other: what is published is the same.
    expect({ groupBy, cells: published(vn) }).toEqual({ groupBy, cells: published(zw) });
    // And the rows are those of a world with neither.
    expect({ groupBy, rows: rows(vn) }).toEqual({ groupBy, rows: rows(none) });
  }
  const byNationality = statisticsCells(facts([rare('VN')]), dims('NATIONALITY'));
  expect(byNationality.map((c) => c.values.nationality).sort()).toEqual(['*', 'AR', 'BO', 'PE', null].sort());
  // The OTHER row holds VN's victim, withheld as a small count.
  expect(byNationality.find((c) => c.values.nationality === OTHER)).toMatchObject({ exact: { victims: 1 }, suppressed: expect.arrayContaining(['victims']) });
});

test('a value is listed on its own when one of its counts is 11 or more; OTHER takes every value whose counts are all 10 or less', () => {
  // 12 CO victims in one case: 12 victims, but 1 case and 0 suspects. Three more nationalities of one victim each.
  const co = Array.from({ length: 12 }, (_, i): Fact => ({ ...rare('CO'), person: { ...rare('CO').person!, id: `V-CO-${i}` } }));
  const cells = statisticsCells(facts([...co, rare('VN'), rare('ZW'), rare('UY')]), dims('NATIONALITY'));
  expect(cells.map((c) => c.values.nationality).sort()).toEqual(['*', 'AR', 'BO', 'CO', 'PE', null].sort());
  for (const c of cells.filter((x) => x.values.nationality !== null && x.values.nationality !== OTHER)) {
    expect({ nationality: c.values.nationality, big: MEASURES.some((m) => c.exact[m] > MAX_SUPPRESSED) }).toEqual({ nationality: c.values.nationality, big: true });
  }
  expect(cells.find((c) => c.values.nationality === OTHER)!.exact).toEqual({ cases: 3, victims: 3, suspects: 0 });
});

test('the owner\'s own view (detail) adds a row for each value folded into OTHER, with exact counts and every measure withheld', () => {
  const cells = statisticsCells(facts([rare('VN', 'RT-0666', 1999)]), dims('NATIONALITY', 'YEAR'), {}, { detail: true });
  expect(cells.filter((c) => c.values.nationality === 'VN')).toEqual([
    { values: { year: 1999, nationality: 'VN' }, exact: { cases: 1, victims: 1, suspects: 0 }, suppressed: ['cases', 'victims', 'suspects'] },
  ]);
  // The public rows are all there too, the same as for anyone.
  const publicRows = statisticsCells(facts([rare('VN', 'RT-0666', 1999)]), dims('NATIONALITY', 'YEAR'));
  expect(cells.slice(0, publicRows.length)).toEqual(publicRows);
  // A filter on a folded value: nothing for anyone else, the owner's own row for the owner.
  expect(statisticsCells(facts([rare('VN')]), dims('NATIONALITY'), { nationality: 'VN' })).toEqual([]);
  expect(statisticsCells(facts([rare('VN')]), dims('NATIONALITY'), { nationality: 'VN' }, { detail: true })).toHaveLength(1);
});
