/**
 * The console's "Check abroad" form read into identifiers (console/src/check/checkInput.ts): pure,
 * no browser. The identifiers are the very texts members index (platform's identifiers.ts), and
 * every problem names its field, for each rule both ways.
 */
import { nameCheckIdentifiers } from '@enlace/platform';
import { checkQuestion, EMPTY_CHECK, type CheckForm } from '../../../console/src/check/checkInput';

const TODAY = new Date('2026-12-07T08:00:00Z');
const ask = (form: Partial<CheckForm>) => checkQuestion({ ...EMPTY_CHECK, ...form }, TODAY);

describe('a document', () => {
  test('is its issuing country and its number\'s letters and digits, in any case and spacing', () => {
    expect(ask({ kind: 'document', issuingCountry: ' ar ', number: 'qh-774 1203' })).toEqual({ kind: 'document', identifiers: ['document|AR|QH7741203'] });
  });
  test('needs a two-letter country and a number with a letter or digit', () => {
    for (const issuingCountry of ['', 'A', 'ARG', 'A1']) {
      expect(ask({ kind: 'document', issuingCountry, number: '123' })).toEqual({ problem: { field: 'issuingCountry', why: 'countryCode' } });
    }
    for (const number of ['', ' - / ']) expect(ask({ kind: 'document', issuingCountry: 'AR', number })).toEqual({ problem: { field: 'number', why: 'noCharacters' } });
  });
});

describe('an account', () => {
  test('is asked without the country, or held in the country given', () => {
    expect(ask({ kind: 'account', account: 'pe-acc 0098' })).toEqual({ kind: 'account', identifiers: ['account|PEACC0098'] });
    expect(ask({ kind: 'account', account: 'pe-acc 0098', accountCountry: 'pe' })).toEqual({ kind: 'account', identifiers: ['account|PE|PEACC0098'] });
  });
  test('needs an identifier with a letter or digit, and a country, when given, of two letters', () => {
    expect(ask({ kind: 'account', account: '--' })).toEqual({ problem: { field: 'account', why: 'noCharacters' } });
    expect(ask({ kind: 'account', account: '0098', accountCountry: 'PER' })).toEqual({ problem: { field: 'accountCountry', why: 'countryCode' } });
  });
});

describe('a name', () => {
  test('with a year gives the keys nameCheckIdentifiers gives (both sexes: 8); with a date and a sex, that sex\'s only', () => {
    const byYear = ask({ kind: 'name', name: 'QUISPE MAMANI Jhon', born: ' 1984 ' });
    expect(byYear).toEqual({ kind: 'name', identifiers: nameCheckIdentifiers({ name: 'QUISPE MAMANI Jhon', born: '1984' }) });
    expect('identifiers' in byYear && byYear.identifiers).toHaveLength(8);
    const byDate = ask({ kind: 'name', name: 'Quispe Mamani, Jhon', born: '1984-02-05', sex: 'MALE' });
    expect('identifiers' in byDate && byDate.identifiers.every((k) => k.endsWith('|M'))).toBe(true);
    expect('identifiers' in byDate && byDate.identifiers.some((k) => k.includes('|1984-02-05|'))).toBe(true);
  });
  test('of one word (particles do not count) names too many people', () => {
    for (const name of ['Quispe', '  ', 'de la Cruz']) expect(ask({ kind: 'name', name, born: '1984' })).toEqual({ problem: { field: 'name', why: 'nameTwoWords' } });
    expect('identifiers' in ask({ kind: 'name', name: 'Jhon de la Cruz', born: '1984' })).toBe(true);
  });
  test('needs a year or a whole date, real and not after today', () => {
    for (const born of ['', '84', '1984-2-5', '05/02/1984', '1984-02']) expect(ask({ kind: 'name', name: 'Jhon Quispe', born })).toEqual({ problem: { field: 'born', why: 'bornFormat' } });
    for (const born of ['1899', '2027', '1984-02-30', '1984-13-01', '2026-12-08']) expect(ask({ kind: 'name', name: 'Jhon Quispe', born })).toEqual({ problem: { field: 'born', why: 'bornImpossible' } });
    for (const born of ['1900', '2026', '2026-12-07', '1984-02-29']) expect('identifiers' in ask({ kind: 'name', name: 'Jhon Quispe', born })).toBe(true);
  });
});
