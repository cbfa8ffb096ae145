/** The per-row helpers an import calls millions of times, made cheap (issue 11) without changing their answers. */
import { isIsoDate, newId, parseId, today } from '@enlace/platform';

/** What isIsoDate answered when it built a Date per call: the reference its arithmetic must match. */
const byDate = (value: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === value;
};

test('isIsoDate: month lengths, leap years (2000 yes, 1900 no), years before 100 refused, as a Date says', () => {
  const cases = ['2024-02-29', '2023-02-29', '2000-02-29', '1900-02-29', '2024-04-31', '2024-12-31', '2024-13-01', '2024-00-10', '2024-01-00',
    '0099-01-01', '0100-01-01', '9999-12-31', '2024-1-01', '24-01-01', ' 2024-01-01', '2024-01-01 '];
  for (const value of cases) expect([value, isIsoDate(value)]).toEqual([value, byDate(value)]);
  for (let year = 1896; year <= 2104; year++) for (let month = 1; month <= 12; month++) for (const day of [28, 29, 30, 31]) {
    const value = `${year}-${String(month).padStart(2, '0')}-${day}`;
    if (isIsoDate(value) !== byDate(value)) throw new Error(`isIsoDate(${value}) differs`);
  }
});

test("today is today's UTC date", () => {
  expect(today()).toBe(new Date().toISOString().slice(0, 10));
});

test('newId from the pooled random bytes: well-formed and distinct across several refills of the pool', () => {
  const ids = Array.from({ length: 3000 }, () => newId('AR', 'P'));
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids.slice(0, 600)) expect(parseId(id)).toMatchObject({ country: 'AR', kind: 'P' });
});
