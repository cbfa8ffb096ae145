/** What clerks write, read as they meant it (issue 19): unknown markers, dates with month names and partial dates, one name column, key rules, free text, code tables. Pure: no store. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDateFormat, dateReader } from '@enlace/scripts/import/dates';
import { personKey } from '@enlace/scripts/import/keys';
import { checkMapping, repeatedColumns, type Mapping } from '@enlace/scripts/import/mapping';
import { rowMapper } from '@enlace/scripts/import/mapRow';
import { displayCase, readableName, splitName } from '@enlace/scripts/import/names';
import { rowValidator, type ImportRow, type Problem } from '@enlace/scripts/import/rows';
import { csvRows, sniffDelimiter } from '@enlace/scripts/import/sources';
import { cleanText } from '@enlace/scripts/import/values';

const base: Mapping = {
  unknown: ['s/d', 'N/A', 'sin dato', '-'],
  dateFormats: ['DD/MM/YYYY', 'D de MMMM de YYYY', 'YYYY'],
  tables: { delitos: { 'Trata de personas': 'TIP', 'Trata y tráfico': ['TIP', 'SOM'], 'Tráfico de migrantes': 'SOM' } },
  person: {
    key: ['nationalId', 'document', { composite: ['familyNames', 'givenNames', 'dateOfBirth'] }],
    nationalId: 'id', name: { column: 'nombre', pattern: 'FAMILY, GIVEN' }, dateOfBirth: 'nacimiento', sex: { column: 'sexo', values: { F: 'FEMALE', M: 'MALE' } },
    documents: [{ type: { value: 'NATIONAL_ID' }, number: 'dni', issuingCountry: { value: 'AR' } }],
  },
  case: {
    reference: 'causa', offences: { column: 'delitos', split: '/', values: 'delitos' }, openedOn: 'inicio', summary: 'resumen',
    status: { column: 'estado', values: { 'En investigación': 'INVESTIGATION', 'Con sentencia': 'TRIAL' }, default: 'INVESTIGATION' },
    handlingCode: { column: 'tratamiento', values: { Reservado: 'H2', Público: 'H0' }, default: 'H1' },
  },
  involvement: { category: { column: 'calidad', values: { Víctima: 'VICTIM', Imputado: 'SUSPECT' } } },
};
const ROW = {
  id: '', nombre: 'QUISPE MAMANI, JHON', nacimiento: '5 de febrero de 1984', sexo: 'M', dni: '30.111.222', causa: 'FIS-1', delitos: 'Trata de personas',
  inicio: '01/03/2020', resumen: 'Captación\r\nen\tSalta', estado: 'Con sentencia', tratamiento: 'Reservado', calidad: 'Imputado',
};
const row = (values: Record<string, string>) => (column: string) => values[column];
const validate = (over: Record<string, string> = {}, mapping = base) => rowValidator(mapping)({ line: 2, row: row({ ...ROW, ...over }) });
const ok = (r: ImportRow | Problem): ImportRow => {
  if ('reason' in r) throw new Error(`rejected: ${r.reason}`);
  return r;
};

test('dates: several formats, Spanish, Portuguese and English month names, partial dates told apart', () => {
  const read = dateReader(['DD/MM/YYYY', 'D de MMMM de YYYY', 'MMMM D, YYYY', 'MM/YYYY', 'YYYY']);
  expect(read('05/02/1984')).toEqual({ iso: '1984-02-05' });
  expect(read('5 de febrero de 1984')).toEqual({ iso: '1984-02-05' });
  expect(read('5 DE FEV. DE 1984')).toEqual({ iso: '1984-02-05' }); // Portuguese abbreviation, capitals, a dot
  expect(read('5 de setiembre de 1984')).toEqual({ iso: '1984-09-05' });
  expect(read('February 5, 1984')).toEqual({ iso: '1984-02-05' });
  expect(read('1984-02-05')).toEqual({ iso: '1984-02-05' });
  expect(read('02/1984')).toEqual({ partial: '1984-02' });
  expect(read('1984')).toEqual({ partial: '1984' });
  expect(read('31 de febrero de 1984')).toBeNull();
  expect(read('5 de brumario de 1984')).toBeNull();
  expect(checkDateFormat('DD/MM')).toMatch(/no YYYY/);
  expect(checkDateFormat('DD/YYYY')).toMatch(/day but no month/);
  expect(checkDateFormat('D de MMMM de YYYY')).toBeUndefined();
});

test('names: one column split by its pattern and recased for display; given names optional', () => {
  expect(splitName('QUISPE MAMANI, JHON', 'FAMILY, GIVEN')).toEqual({ familyNames: 'QUISPE MAMANI', givenNames: 'JHON' });
  expect(splitName('QUISPE MAMANI', 'FAMILY, GIVEN')).toEqual({ familyNames: 'QUISPE MAMANI', givenNames: '' });
  expect(splitName('Jhon QUISPE MAMANI', 'GIVEN FAMILY')).toEqual({ familyNames: 'QUISPE MAMANI', givenNames: 'Jhon' });
  expect(splitName('María de la CRUZ', 'GIVEN FAMILY')).toEqual({ familyNames: 'de la CRUZ', givenNames: 'María' });
  expect(splitName('jhon quispe mamani', 'GIVEN FAMILY')).toEqual({ familyNames: 'quispe mamani', givenNames: 'jhon' });
  expect(splitName('GÓMEZ PEÑA Luz Marina', 'FAMILY GIVEN')).toEqual({ familyNames: 'GÓMEZ PEÑA', givenNames: 'Luz Marina' });
  expect(displayCase('DE LA CRUZ Y ÑAÑEZ')).toBe('De la Cruz y Ñañez');
  expect(displayCase("O'BRIEN-PEÑA")).toBe("O'Brien-Peña");
  expect(readableName('McDonald')).toBe('McDonald'); // typed in mixed case: as typed
  const person = ok(validate()).person;
  expect(person).toMatchObject({ familyNames: 'Quispe Mamani', givenNames: 'Jhon', dateOfBirth: '1984-02-05' });
  expect(ok(validate({ nombre: 'QUISPE MAMANI' })).person.givenNames).toBe('');
});

test('unknown markers read as empty: an optional field is left unknown, a required one is refused', () => {
  expect(ok(validate({ nacimiento: 's/d', sexo: 'S/D' })).person).toMatchObject({ dateOfBirth: null, sex: null });
  expect(ok(validate({ nacimiento: ' SIN DATO ' })).person.dateOfBirth).toBeNull();
  expect(validate({ resumen: 'N/A' })).toMatchObject({ column: 'resumen', reason: 'case.summary: is required' });
  // A whole list cell that is a marker is empty before it is split (`/` splits the offences and is in `s/d`).
  expect(validate({ delitos: 's/d' })).toMatchObject({ column: 'delitos', reason: expect.not.stringMatching(/"s"/) });
  expect(ok(validate({ delitos: 'Trata de personas / Tráfico de migrantes' })).case.offences).toEqual(['TIP', 'SOM']);
});

test('a partial date of birth is left unknown with a note; a partial opening date is refused with its value', () => {
  const r = ok(validate({ nacimiento: '1984' }));
  expect(r.person.dateOfBirth).toBeNull();
  expect(r.notes).toEqual([{ line: 2, column: 'nacimiento', reason: expect.stringMatching(/"1984" is a partial date \(1984\).*left unknown/) }]);
  expect(validate({ inicio: '2020' })).toMatchObject({ column: 'inicio', reason: expect.stringMatching(/"2020" is a partial date.*needs a whole date/) });
  expect(validate({ inicio: '32/13/2020' })).toMatchObject({ column: 'inicio', reason: expect.stringMatching(/\(got "32\/13\/2020"\)/) });
});

test('free text: line breaks, tabs and control characters become single spaces', () => {
  expect(ok(validate()).case.summary).toBe('Captación en Salta');
  expect(cleanText('  a\u0000b\u00a0 c\u2028d  ')).toBe('a b c d');
  expect(cleanText('plain')).toBe('plain');
});

test('codes: a shared table, one code to several values, a default for unlisted codes (noted), the value shown when refused', () => {
  expect(ok(validate({ delitos: 'Trata y tráfico/Trata de personas' })).case.offences).toEqual(['TIP', 'SOM']);
  const r = ok(validate({ estado: 'Elevada a juicio', tratamiento: 'Secreto' }));
  expect(r.case).toMatchObject({ status: 'INVESTIGATION', handlingCode: 'H1' });
  expect(r.notes.map((n) => n.reason)).toEqual([
    'case.status "Elevada a juicio" is not in the table: took the default "INVESTIGATION"',
    'case.handlingCode "Secreto" is not in the table: took the default "H1"',
  ]);
  expect(ok(validate()).case).toMatchObject({ status: 'TRIAL', handlingCode: 'H2' });
  expect(validate({ calidad: 'Sobrino' })).toMatchObject({ column: 'calidad', reason: expect.stringMatching(/"Sobrino" is not a value the mapping translates/) });
  // A fixed value that is no Enlace value: the validation's message with the value it got.
  const fixed: Mapping = { ...base, person: { ...base.person, documents: [{ type: { value: 'DNI' }, number: 'dni', issuingCountry: { value: 'AR' } }] } };
  expect(validate({}, fixed)).toMatchObject({ reason: expect.stringMatching(/^person\.documents\[0\]\.type: must be one of .* \(got "DNI"\)$/) });
  const noTable: Mapping = { ...base, involvement: { category: 'calidad' } };
  expect(validate({ calidad: 'Sobrino' }, noTable)).toMatchObject({ column: 'calidad', reason: expect.stringMatching(/^involvement\.category: must be one of .* \(got "Sobrino"\)$/) });
});

test('the mapping check refuses what cannot work: several values for a one-value field, a table that does not exist, a target that is no Enlace value', () => {
  expect(() => checkMapping({ ...base, case: { ...base.case, status: { column: 'estado', values: { X: ['TRIAL', 'CLOSED'] } } } })).toThrow(/case\.status: "X" gives \["TRIAL","CLOSED"\], but case\.status takes one value/);
  expect(() => checkMapping({ ...base, case: { ...base.case, offences: { column: 'delitos', values: 'crimenes' } } })).toThrow(/names the table "crimenes"/);
  expect(() => checkMapping({ ...base, case: { ...base.case, status: { column: 'estado', values: { X: 'SENTENCED' } } } })).toThrow(/"X" gives "SENTENCED", which is not one of INVESTIGATION/);
  expect(() => checkMapping({ ...base, person: { ...base.person, key: ['passport' as never] } })).toThrow(/person\.key: "passport" is not a key rule/);
  expect(() => checkMapping({ ...base, person: { ...base.person, name: { column: 'nombre', pattern: 'GIVEN, FAMILY' as never } } })).toThrow(/person\.name\.pattern must be one of/);
  expect(() => checkMapping({ ...base, dateFormats: ['DD/MM'] })).toThrow(/dateFormats: "DD\/MM" has no YYYY/);
  expect(() => checkMapping(base)).not.toThrow();
});

test('keys: the national id, else the document, else the composite; each row says which rule keyed it', () => {
  expect(ok(validate({ id: 'AR-P-1' }))).toMatchObject({ personRef: 'AR-P-1', keyRule: 'nationalId' });
  expect(ok(validate())).toMatchObject({ personRef: 'DOC:NATIONAL_ID:AR:30111222', keyRule: 'document' });
  const byName = ok(validate({ dni: 's/d' }));
  expect(byName.keyRule).toBe('composite(familyNames+givenNames+dateOfBirth)');
  // The composite compares without case or accents: the same person written otherwise has the same key.
  expect(ok(validate({ dni: '', nombre: 'Quispe Mamani, Jhon', nacimiento: '05/02/1984' })).personRef).toBe(byName.personRef);
  expect(validate({ dni: '', nacimiento: 's/d' })).toMatchObject({ reason: 'no key for the person: nationalId, then document, then composite(familyNames+givenNames+dateOfBirth) gave none (person.key)' });
  expect(personKey(['nationalId'], { nationalId: ' ', person: {}, documents: [], caseReference: 'C' })).toBeNull();
});

test('CSV: the delimiter found from the header, a Latin-1 file read as such, headers matched without case or accents, repeated headers named', async () => {
  expect(sniffDelimiter('a;b;"c,d";e\n1,2,3')).toBe(';');
  expect(sniffDelimiter('a\tb\tc')).toBe('\t');
  expect(sniffDelimiter('single')).toBe(',');
  expect(repeatedColumns(['a', 'B', 'b ', 'c'])).toEqual(['B']);
  const dir = mkdtempSync(join(tmpdir(), 'enlace-clerks-'));
  const file = join(dir, 'latin1.csv');
  writeFileSync(file, Buffer.from('Nro Causa\tAPELLIDO Y NOMBRE\r\nFIS-1\tPEÑA, Inés\r\n', 'latin1'));
  const notes: string[] = [];
  let header: string[] = [];
  const rows = [];
  for await (const chunk of csvRows(file, { onHeader: (h) => (header = h), onNote: (n) => notes.push(n) })) rows.push(...chunk);
  expect(header).toEqual(['Nro Causa', 'APELLIDO Y NOMBRE']);
  expect(rows[0].row('nro causa')).toBe('FIS-1');
  expect(rows[0].row('Apellido y nombre')).toBe('PEÑA, Inés');
  expect(notes.join('\n')).toMatch(/not UTF-8: read as windows-1252/);
  expect(notes.join('\n')).toMatch(/separated by tabs/);
});

test('a row mapped keeps the notes of every field', () => {
  const m = rowMapper(base)(row({ ...ROW, estado: 'Otro', nacimiento: '1984' }));
  expect(m.notes.map((n) => n.field)).toEqual(['person.dateOfBirth', 'case.status']);
});

test('CSV: a row is named by the line it starts on; a misplaced quote stops the file at its line (the rows after it would be read as one cell); a read boundary inside a row changes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-clerks-'));
  const read = async (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const rows = [];
    for await (const chunk of csvRows(file, { delimiter: ';', onHeader: () => undefined })) rows.push(...chunk);
    return rows.map((r) => ({ line: r.line, a: r.row('a'), b: r.row('b'), broken: r.broken }));
  };
  const rows = await read('lines.csv', '\uFEFFa;b\r\n1;"two\r\nlines"\r\n\r\n3;plain "quoted" word\r\n4\r\n');
  expect(rows).toEqual([
    { line: 2, a: '1', b: 'two\nlines', broken: undefined },
    { line: 5, a: '3', b: 'plain "quoted" word', broken: undefined },
    { line: 6, a: '4', b: undefined, broken: 'has 1 fields where the header has 2' },
  ]);
  await expect(read('quote.csv', 'a;b\n1;x\n2;"x"y\n3;z\n')).rejects.toThrow(/line 3: a quote is out of place .*run the import again/);
  await expect(read('open.csv', 'a;b\n1;x\n2;"never closed\n3;z\n')).rejects.toThrow(/line 3: a quote is out of place/);
  // A file larger than one read (1 MiB): rows cut between two reads are read whole, lines counted through.
  const many = Array.from({ length: 40_000 }, (_, i) => `${i};"cell ${i}\nsecond line"`).join('\n');
  const big = await read('big.csv', `a;b\n${many}\n`);
  expect(big).toHaveLength(40_000);
  expect(big.every((r, i) => r.a === String(i) && r.b === `cell ${i}\nsecond line` && r.line === 2 + 2 * i)).toBe(true);
});
