/** What an import shows besides its counts (scripts/src/import/report.ts): rejected rows grouped by reason with samples, a dry run's records. */
import type { CaseRecord, PersonRecord } from '@enlace/member';
import { groupProblems, reasonKey, RecordPreview, rejectionLines, type PlannedRecords } from '@enlace/scripts/import/report';

const DATE = (value: string) => `person.dateOfBirth must be a date as DD/MM/YYYY or YYYY-MM-DD (got "${value}")`;
const ROLE = (value: string) => `involvement.category "${value}" is not a value the mapping translates ("Imputado", "Víctima", "Testigo")`;
const date = (line: number, value: string) => ({ line, column: 'fecha_nacimiento', reason: DATE(value) });

test('the reason key masks the values that vary from row to row: quoted values and numbers', () => {
  expect(reasonKey(DATE('31/02/1985'))).toBe(DATE('…'));
  expect(reasonKey(DATE('31/02/1985'))).toBe(reasonKey(DATE('00/13/2001')));
  expect(reasonKey('the row has 13 fields where the header has 14')).toBe('the row has … fields where the header has …');
  expect(reasonKey('person.documents[1].number: must not be empty')).toBe('person.documents[…].number: must not be empty');
  expect(reasonKey('person.givenNames: is required')).toBe('person.givenNames: is required');
});

test('rows rejected for one reason form one group, counted, with three samples each showing its value; the largest group first', () => {
  const problems = [
    { line: 2, column: 'calidad', reason: ROLE('Sobrino') },
    date(3, '31/02/1985'), date(5, '30/02/1990'), date(8, '32/01/1970'), date(9, '31/04/2000'),
    { line: 12, column: 'nombres', reason: 'person.givenNames: is required' },
    { line: 13, column: 'calidad', reason: ROLE('Tío') },
  ];
  const groups = groupProblems(problems);
  expect(groups.map((g) => [g.column, g.count])).toEqual([['fecha_nacimiento', 4], ['calidad', 2], ['nombres', 1]]);
  expect(groups[0]).toEqual({
    column: 'fecha_nacimiento', reason: DATE('…'), count: 4,
    samples: [{ line: 3, column: 'fecha_nacimiento', value: '"31/02/1985"' }, { line: 5, column: 'fecha_nacimiento', value: '"30/02/1990"' }, { line: 8, column: 'fecha_nacimiento', value: '"32/01/1970"' }],
  });
  // The accepted values, the same in every row of the group, stay readable; only the offending one is masked.
  expect(groups[1].reason).toBe('involvement.category "…" is not a value the mapping translates ("Imputado", "Víctima", "Testigo")');
  expect(groups[1].samples.map((s) => s.value)).toEqual(['"Sobrino"', '"Tío"']);
  // Nothing varies: the reason says it all.
  expect(groups[2]).toEqual({ column: 'nombres', reason: 'person.givenNames: is required', count: 1, samples: [{ line: 12, column: 'nombres', value: null }] });
});

test('a group whose rows agree keeps the value in its reason, and its samples still show it', () => {
  const [group] = groupProblems([date(3, '31/02/1985'), date(7, '31/02/1985')]);
  expect(group.reason).toBe(DATE('31/02/1985'));
  expect(group.samples.map((s) => s.value)).toEqual(['"31/02/1985"', '"31/02/1985"']);
});

test('the same reason in two columns is two groups; a broken row, with its numbers masked, shows its own reason', () => {
  const groups = groupProblems([
    { line: 4, column: 'fecha_inicio', reason: 'case.openedOn must be a date as DD/MM/YYYY (got "x")' },
    { line: 6, column: 'fecha_cierre', reason: 'case.openedOn must be a date as DD/MM/YYYY (got "y")' },
    { line: 9, column: null, reason: 'the row has 13 fields where the header has 14' },
    { line: 11, column: null, reason: 'the row has 15 fields where the header has 14' },
  ]);
  expect(groups).toHaveLength(3);
  expect(groups[0]).toMatchObject({ column: null, reason: 'the row has … fields where the header has 14', count: 2 });
  expect(groups[0].samples.map((s) => s.value)).toEqual(['the row has 13 fields where the header has 14', 'the row has 15 fields where the header has 14']);
});

test('the lines: a header, each reason with its count and samples, and what --show left out', () => {
  const problems = [date(3, '31/02/1985'), date(5, '30/02/1990'), date(8, '32/01/1970'), date(9, '31/04/2000'), { line: 12, column: 'nombres', reason: 'person.givenNames: is required' }];
  expect(rejectionLines(problems, 100)).toEqual([
    'rejected 5 rows for 2 reasons:',
    `  4 rows: column fecha_nacimiento: ${DATE('…')}`,
    '    line 3, column fecha_nacimiento: "31/02/1985"',
    '    line 5, column fecha_nacimiento: "30/02/1990"',
    '    line 8, column fecha_nacimiento: "32/01/1970"',
    '    … and 1 more',
    '  1 row: column nombres: person.givenNames: is required',
    '    line 12, column nombres',
  ]);
  // --show 1: one reason, one sample.
  expect(rejectionLines(problems, 1)).toEqual([
    'rejected 5 rows for 2 reasons:',
    `  4 rows: column fecha_nacimiento: ${DATE('…')}`,
    '    line 3, column fecha_nacimiento: "31/02/1985"',
    '    … and 3 more',
    '  … and 1 more reason (1 row; --show more)',
  ]);
  expect(rejectionLines([], 100)).toEqual([]);
});

const person = (id: string, fields: Partial<PersonRecord> = {}): PersonRecord => ({
  id, seq: 0, country: 'AR', givenNames: 'Iván', familyNames: 'Cáceres', aliases: [], sex: 'MALE', dateOfBirth: null, nationalities: ['AR'], flaggedForPartners: false, ...fields,
});
const kase = (id: string, reference: string): CaseRecord => ({
  id, seq: 0, country: 'AR', reference, offences: ['TIP'], status: 'TRIAL', openedOn: '2024-01-02', closedOn: null, summary: 'x'.repeat(100),
  handlingCode: 'H1', handlingConditions: null, sourceReliability: 'B', informationAccuracy: 2,
});
const plan = (p: Partial<PlannedRecords>): PlannedRecords => ({
  newPersons: [], updatedPersons: [], documents: [], newCases: [], updatedCases: [], newReferences: [], changedReferences: [], accounts: [], transfers: [], observations: [], ...p,
});
const ref = (key: string, record: string) => ({ key, record, hash: 'h' });

test('a dry run shows its first three persons and cases as they would be stored: reference, new or update, fields without the empty ones', () => {
  const preview = new RecordPreview();
  preview.add(plan({
    newPersons: [person('AR:P:1'), person('AR:P:2', { givenNames: 'Luz' })],
    updatedPersons: [person('AR:P:3', { givenNames: 'Ivo' })],
    documents: [{ id: 'AR:D:1', personId: 'AR:P:1', type: 'NATIONAL_ID', number: '14.709.927', issuingCountry: 'AR' }],
    newCases: [kase('AR:C:1', 'FIS-1')],
    newReferences: [ref('P:AR-P-1', 'AR:P:1'), ref('P:AR-P-2', 'AR:P:2'), ref('C:FIS-1', 'AR:C:1')],
    changedReferences: [ref('P:AR-P-3', 'AR:P:3')],
  }));
  preview.add(plan({ newPersons: [person('AR:P:4')], newCases: [kase('AR:C:2', 'FIS-2'), kase('AR:C:3', 'FIS-3'), kase('AR:C:4', 'FIS-4')], newReferences: [ref('C:FIS-2', 'AR:C:2')] }));
  expect(preview.persons).toEqual([
    'person AR-P-1 (new): {"country":"AR","givenNames":"Iván","familyNames":"Cáceres","sex":"MALE","nationalities":["AR"],"documents":[{"type":"NATIONAL_ID","number":"14.709.927","issuingCountry":"AR"}]}',
    'person AR-P-2 (new): {"country":"AR","givenNames":"Luz","familyNames":"Cáceres","sex":"MALE","nationalities":["AR"]}',
    'person AR-P-3 (update): {"country":"AR","givenNames":"Ivo","familyNames":"Cáceres","sex":"MALE","nationalities":["AR"]}',
  ]);
  expect(preview.cases).toHaveLength(3);
  expect(preview.cases[0]).toBe(`case FIS-1 (new): {"country":"AR","reference":"FIS-1","offences":["TIP"],"status":"TRIAL","openedOn":"2024-01-02","summary":"${'x'.repeat(59)}…","handlingCode":"H1","sourceReliability":"B","informationAccuracy":2}`);
  expect(preview.cases[1]).toMatch(/^case FIS-2 \(new\): /);
  expect(preview.lines()[0]).toMatch(/^as they would be stored/);
  expect(new RecordPreview().lines()).toEqual(['nothing would be created or updated']);
});

test('a dry run shows its first accounts (with their holder), transfers (their ends by account) and route observations (their places in order)', () => {
  const preview = new RecordPreview(2);
  const account = { institution: 'Banco Galicia', institutionCountry: 'AR', identifierType: 'ACCOUNT_NUMBER', identifier: '0070 0999' };
  preview.add(plan({
    accounts: [{ status: 'new', account, holder: 'AR-P-1' }, { status: 'update', account: { ...account, identifier: '2850', institutionCountry: null }, holder: null }, { status: 'new', account, holder: null }],
    transfers: [{ status: 'new', transfer: { amount: '1500.00', currency: 'ARS', date: '2021-02-01', channel: 'BANK' }, caseRef: 'FIS-1', from: 'ACCOUNT_NUMBER 0070 0999', to: null }],
    observations: [{
      status: 'new', caseRef: 'FIS-1',
      observation: {
        routeCode: 'RT-0007', transport: 'LAND', recruitment: null, documentFraud: null, payment: null, exploitation: 'SEXUAL', modusOperandi: null, activeFrom: null, activeTo: null,
        legs: [{ from: { country: 'BO', locality: 'Villazón' }, to: { country: 'AR', locality: null }, mode: 'LAND' }],
      },
    }],
  }));
  expect(preview.accounts).toEqual([
    'account ACCOUNT_NUMBER 0070 0999 (new): {"institution":"Banco Galicia","institutionCountry":"AR","identifierType":"ACCOUNT_NUMBER","identifier":"0070 0999","holder":"AR-P-1"}',
    'account ACCOUNT_NUMBER 2850 (update): {"institution":"Banco Galicia","identifierType":"ACCOUNT_NUMBER","identifier":"2850"}',
  ]);
  expect(preview.transfers).toEqual(['transfer in case FIS-1 (new): {"amount":"1500.00","currency":"ARS","date":"2021-02-01","channel":"BANK","from":"ACCOUNT_NUMBER 0070 0999","to":"cash or unknown"}']);
  expect(preview.observations).toEqual(['route observation RT-0007 of case FIS-1 (new): {"places":"Villazón (BO) → AR","transport":"LAND","exploitation":"SEXUAL"}']);
  expect(preview.lines()).toHaveLength(1 + 2 + 1 + 1);
});
