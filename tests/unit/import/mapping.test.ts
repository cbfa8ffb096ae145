/** The pure parts of importing: mapping a row, dates in the export's formats, codes translated, errors traced to their column; the shared enums and retention dates. */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLEnumType, parse } from 'graphql';
import { memberSdl } from '@enlace/schema';
import { ENUMS, pastRetention, retentionEndsOn } from '@enlace/member';
import { checkMapping, columnOf, mappedColumns, missingColumns, type Mapping } from '@enlace/scripts/import/mapping';
import { rowMapper } from '@enlace/scripts/import/mapRow';
import { ValueError } from '@enlace/scripts/import/readers';
import { rowValidator } from '@enlace/scripts/import/rows';

const mapping: Mapping = {
  dateFormats: ['DD/MM/YYYY', 'D.M.YYYY'],
  person: {
    nationalId: 'id', givenNames: 'nombres', familyNames: 'apellidos', aliases: { column: 'alias', split: '|' },
    sex: { column: 'sexo', values: { F: 'FEMALE', M: 'MALE' } }, dateOfBirth: 'nacimiento',
    documents: [{ type: { value: 'PASSPORT' }, number: 'pasaporte', issuingCountry: 'pais' }],
  },
  case: { reference: 'causa', offences: { column: 'delitos', split: ',', values: { 'Trata de personas': 'TIP', 'Tráfico de migrantes': 'SOM' } }, status: { value: 'INVESTIGATION' }, openedOn: 'inicio', summary: 'resumen', handlingCode: { value: 'H1' } },
  involvement: { category: { column: 'calidad', values: { Víctima: 'VICTIM', Imputado: 'SUSPECT' } } },
};
const row = (values: Record<string, string>) => (column: string) => values[column];
const BASE = { id: 'X-1', nombres: 'Inés', apellidos: 'Peña', sexo: 'f', nacimiento: '3.7.1990', causa: 'C-1', delitos: 'TRATA DE PERSONAS, trafico de migrantes', inicio: '2024-01-31', resumen: 'r', calidad: 'VICTIMA', pasaporte: '', pais: '' };

test('a row is mapped: codes translated whatever their case and accents, dates in either format, lists split', () => {
  const m = rowMapper(mapping)(row({ ...BASE, alias: 'La Flaca|Negra' }));
  expect(m.person).toMatchObject({ nationalId: 'X-1', givenNames: 'Inés', sex: 'FEMALE', dateOfBirth: '1990-07-03', aliases: ['La Flaca', 'Negra'] });
  expect(m.case).toMatchObject({ offences: ['TIP', 'SOM'], openedOn: '2024-01-31', status: 'INVESTIGATION' });
  expect(m.category).toBe('VICTIM');
  expect(m.documents).toEqual([]); // no number: no document
  expect(rowMapper(mapping)(row({ ...BASE, pasaporte: 'AB 12', pais: 'py', nacimiento: '03/07/1990' })).documents).toEqual([{ type: 'PASSPORT', number: 'AB 12', issuingCountry: 'py' }]);
});

test('an impossible date or an untranslated code is an error naming the field', () => {
  expect(() => rowMapper(mapping)(row({ ...BASE, nacimiento: '31/02/1990' }))).toThrow(new ValueError('person.dateOfBirth', 'must be a date as DD/MM/YYYY or D.M.YYYY or YYYY-MM-DD (got "31/02/1990")'));
  expect(() => rowMapper(mapping)(row({ ...BASE, calidad: 'Sobrino' }))).toThrow(/"Sobrino" is not a value the mapping translates/);
});

test('validation is the mutations\' own, and every problem is traced to its column', () => {
  const validate = rowValidator(mapping);
  expect(validate({ line: 7, row: row({ ...BASE, apellidos: ' ' }) })).toEqual({ line: 7, column: 'apellidos', reason: 'person.familyNames: is required' });
  expect(validate({ line: 8, row: row({ ...BASE, pasaporte: 'AB 12', pais: 'Paraguay' }) })).toEqual({ line: 8, column: 'pais', reason: 'person.documents[0].issuingCountry: must be an ISO 3166-1 alpha-2 country code (got "Paraguay")' });
  expect(validate({ line: 9, row: row({ ...BASE, inicio: '2999-01-01' }) })).toEqual({ line: 9, column: 'inicio', reason: 'case.openedOn: must not be in the future (got "2999-01-01")' });
  expect(validate({ line: 10, row: row(BASE), broken: 'has 3 fields where the header has 12' })).toEqual({ line: 10, column: null, reason: 'the row has 3 fields where the header has 12' });
  expect(validate({ line: 11, row: row(BASE) })).toMatchObject({ line: 11, personRef: 'X-1', caseRef: 'C-1', category: 'VICTIM', person: { sex: 'FEMALE' } });
  expect(columnOf(mappedColumns(mapping), 'case.offences[1]')).toBe('delitos');
});

test('the coded modus operandi maps from the source\'s codes to the enums, checked like the mutations\'; an unmapped one is left out of the row', () => {
  const withMo: Mapping = {
    ...mapping,
    case: {
      ...mapping.case,
      recruitment: { column: 'captacion', values: { 'Redes sociales': 'SOCIAL_MEDIA', 'Oferta laboral': 'JOB_ADVERT', '': '' } },
      exploitation: { column: 'explotacion', values: { Sexual: 'SEXUAL', Laboral: 'LABOUR' } },
      transport: 'transporte',
    },
  };
  const validate = rowValidator(withMo);
  const ok = validate({ line: 2, row: row({ ...BASE, captacion: 'REDES SOCIALES', explotacion: 'laboral', transporte: 'LAND' }) });
  expect(ok).toMatchObject({ case: { recruitment: 'SOCIAL_MEDIA', exploitation: 'LABOUR', transport: 'LAND' } });
  // Not mapped (document fraud, payment): not in the row, so an update keeps what the store has.
  expect(Object.keys((ok as { case: object }).case)).not.toContain('payment');
  // Mapped but empty: null (unclassified).
  expect(validate({ line: 3, row: row({ ...BASE, captacion: '', explotacion: 'Sexual', transporte: '' }) })).toMatchObject({ case: { recruitment: null, transport: null, exploitation: 'SEXUAL' } });
  expect(validate({ line: 4, row: row({ ...BASE, explotacion: 'Mendicidad' }) })).toEqual({ line: 4, column: 'explotacion', reason: expect.stringMatching(/case\.exploitation "Mendicidad" is not a value the mapping translates/) });
  expect(validate({ line: 5, row: row({ ...BASE, explotacion: 'Sexual', transporte: 'CAMION' }) })).toMatchObject({ line: 5, column: 'transporte', reason: expect.stringMatching(/^case\.transport: /) });
  expect(columnOf(mappedColumns(withMo), 'case.recruitment')).toBe('captacion');
});

test('a mapping is checked: unknown fields and unmapped required ones refused; missing columns sorted into fatal and not', () => {
  expect(() => checkMapping({ ...mapping, person: { ...mapping.person, apodo: 'x' } })).toThrow(/person\.apodo is not an Enlace field/);
  expect(() => checkMapping({ ...mapping, case: { ...mapping.case, summary: undefined as never } })).toThrow(/case\.summary must be mapped/);
  expect(missingColumns(mapping, Object.keys(BASE).filter((c) => c !== 'apellidos'))).toEqual({ required: ['apellidos (person.familyNames)'], optional: ['alias (person.aliases)'] });
  expect(missingColumns(mapping, Object.keys(BASE).filter((c) => c !== 'nombres'))).toEqual({ required: [], optional: ['nombres (person.givenNames)', 'alias (person.aliases)'] });
});

test('the enums the import checks are the member schema\'s', () => {
  const schema = buildSubgraphSchema({ typeDefs: parse(memberSdl()) });
  for (const [name, values] of Object.entries(ENUMS)) {
    expect({ name, values: (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name) }).toEqual({ name, values: [...values] });
  }
});

test('retention ends the given years after closing (29 February on 28 February), and is past the day after', () => {
  expect(retentionEndsOn('2016-02-29', 5)).toBe('2021-02-28');
  expect(retentionEndsOn('2016-02-29', 8)).toBe('2024-02-29');
  expect(retentionEndsOn(null, 5)).toBeNull();
  expect(retentionEndsOn('2016-02-29', null)).toBeNull();
  expect(pastRetention('2015-06-30', 5, '2020-06-30')).toBe(false);
  expect(pastRetention('2015-06-30', 5, '2020-07-01')).toBe(true);
});

describe('accounts, transfers and routes', () => {
  const withParts: Mapping = {
    ...mapping,
    tables: { paises: { Bolivia: 'BO', Argentina: 'AR' } },
    account: { institution: 'banco', identifierType: { column: 'tipo', values: { CBU: 'ACCOUNT_NUMBER' } }, identifier: 'cuenta' },
    transfer: {
      amount: { column: 'monto', decimal: ',' }, currency: { column: 'moneda', values: { Pesos: 'ARS', 'U$S': 'USD', USD: 'USD' } }, date: 'fecha',
      channel: { column: 'medio', values: { Giro: 'MONEY_REMITTANCE' } }, direction: { column: 'sentido', values: { Recibió: 'RECEIVED' } },
    },
    route: {
      routeCode: 'ruta', origin: { country: { column: 'origen', values: 'paises' } }, destination: { country: { column: 'destino', values: 'paises' } },
      transit: { country: { column: 'transito', split: '/', values: 'paises' }, locality: { column: 'localidades', split: '/' } },
      transport: { column: 'modo', values: { Terrestre: 'LAND' } },
    },
  };
  const PARTS = { banco: 'Galicia', tipo: 'CBU', cuenta: '0070 01', monto: 'U$S 1.500,50', moneda: '', fecha: '02/03/2021', medio: 'Giro', sentido: 'Recibió',
    ruta: 'rt-0007', origen: 'Bolivia', transito: 'Bolivia / Argentina', localidades: 'Villazón / sin dato', destino: 'Argentina', modo: 'Terrestre' };

  test('a row\'s account, transfer (its currency beside the amount) and route (transit places paired with their localities) as the member checks them', () => {
    const ok = rowValidator({ ...withParts, unknown: ['sin dato'] })({ line: 2, row: row({ ...BASE, ...PARTS }) });
    expect(ok).toMatchObject({
      account: { institution: 'Galicia', identifierType: 'ACCOUNT_NUMBER', identifier: '0070 01', institutionCountry: null },
      transfer: { amount: '1500.50', currency: 'USD', date: '2021-03-02', channel: 'MONEY_REMITTANCE', direction: 'RECEIVED', counterparty: null, reference: null },
      route: {
        routeCode: 'RT-0007', transport: 'LAND',
        legs: [
          { from: { country: 'BO', locality: null }, to: { country: 'BO', locality: 'Villazón' }, mode: 'LAND' },
          { from: { country: 'BO', locality: 'Villazón' }, to: { country: 'AR', locality: null }, mode: 'LAND' },
          { from: { country: 'AR', locality: null }, to: { country: 'AR', locality: null }, mode: 'LAND' },
        ],
      },
    });
    // A row with nothing in a part's columns has no such part.
    expect(rowValidator(withParts)({ line: 3, row: row(BASE) })).toMatchObject({ account: null, transfer: null, route: null });
  });

  test('what does not hold is refused naming the column and the value', () => {
    const validate = rowValidator(withParts);
    const problem = (values: Record<string, string>) => validate({ line: 4, row: row({ ...BASE, ...PARTS, ...values }) });
    expect(problem({ monto: 'USD 1.500,00', moneda: 'Pesos' })).toMatchObject({ column: 'monto', reason: expect.stringMatching(/^transfer\.amount is in USD, but the currency column says ARS/) });
    expect(problem({ localidades: 'Villazón / La Quiaca / Salta' })).toMatchObject({ column: 'localidades', reason: expect.stringMatching(/names 3 places, but route\.transit\.country 2/) });
    expect(problem({ medio: 'Paloma mensajera' })).toMatchObject({ column: 'medio', reason: expect.stringMatching(/"Paloma mensajera" is not a value the mapping translates/) });
    expect(problem({ modo: '' })).toMatchObject({ column: 'modo', reason: 'route.transport: is required' });
    expect(problem({ fecha: '2999-01-01' })).toMatchObject({ column: 'fecha', reason: 'transfer.date: must not be in the future (got "2999-01-01")' });
  });

  test('a mapping whose sections cannot work is refused, naming the section and field', () => {
    expect(() => checkMapping({ ...withParts, account: { ...withParts.account, banco: 'x' } })).toThrow(/account\.banco is not an Enlace field/);
    expect(() => checkMapping({ ...withParts, account: { identifier: 'cuenta', identifierType: { value: 'ACCOUNT_NUMBER' } } })).toThrow(/account\.institution must be mapped: the section account needs it/);
    expect(() => checkMapping({ ...withParts, route: { ...withParts.route, origin: undefined } })).toThrow(/route\.origin\.country must be mapped/);
    expect(() => checkMapping({ ...withParts, transfer: { ...withParts.transfer, channel: { column: 'medio', values: { Giro: 'PIGEON' } } } })).toThrow(/transfer\.channel: "Giro" gives "PIGEON", which is not one of BANK/);
    expect(() => checkMapping({ ...withParts, transfer: { ...withParts.transfer, direction: { column: 'sentido', values: { Recibió: 'IN' } } } })).toThrow(/transfer\.direction: "Recibió" gives "IN", which is not one of SENT, RECEIVED/);
    expect(() => checkMapping({ ...withParts, account: undefined })).toThrow(/a transfer needs an account at one end/);
    expect(() => checkMapping({ ...withParts, transfer: { ...withParts.transfer, amount: { column: 'monto', decimal: ';' as never } } })).toThrow(/transfer\.amount\.decimal must be "\." or ","/);
    expect(() => checkMapping({ ...withParts, route: { ...withParts.route, routeCode: { column: 'ruta', decimal: ',' } } })).toThrow(/route\.routeCode is not an amount/);
    expect(missingColumns(withParts, Object.keys({ ...BASE, ...PARTS }).filter((c) => c !== 'cuenta' && c !== 'sentido')))
      .toEqual({ required: ['cuenta (account.identifier)'], optional: ['alias (person.aliases)', 'sentido (transfer.direction)'] });
  });
});
