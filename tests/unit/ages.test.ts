/** Age bands and the minor flag from what is known of a birth: a whole date, a year alone (an import's partial date), or nothing. Pure. */
import { ageBand, isMinor } from '@enlace/member/dist/dates';

const ON = '2026-06-15';

test('a whole date gives one age, its band and whether a minor', () => {
  expect(ageBand('1990-06-16', null, ON)).toBe('ADULT_30_49'); // 35, the day before the birthday
  expect(ageBand('2008-06-15', null, ON)).toBe('ADULT_18_29'); // 17 yesterday, 18 today
  expect(isMinor('2008-06-16', null, ON)).toBe(true);
  expect(isMinor('2008-06-15', null, ON)).toBe(false);
});

test('a year alone gives a band and the minor flag only where both ages it allows agree; otherwise unknown, never a guess', () => {
  expect(ageBand(null, 1980, ON)).toBe('ADULT_30_49'); // 45 or 46
  expect(isMinor(null, 1980, ON)).toBe(false);
  expect(ageBand(null, 1996, ON)).toBe('UNKNOWN'); // 29 or 30: two bands
  expect(ageBand(null, 2014, ON)).toBe('UNKNOWN'); // 11 or 12: two bands, but a minor either way
  expect(isMinor(null, 2014, ON)).toBe(true);
  expect(isMinor(null, 2008, ON)).toBeNull(); // 17 or 18: not proof of adulthood
  expect(isMinor(null, 2009, ON)).toBe(true); // 16 or 17
  expect(ageBand(null, 2026, ON)).toBe('CHILD_0_11'); // born this year: 0
});

test('nothing known: unknown band, no minor flag (an unknown age is not proof of adulthood); a whole date wins over a year', () => {
  expect(ageBand(null, null, ON)).toBe('UNKNOWN');
  expect(isMinor(null, undefined, ON)).toBeNull();
  expect(ageBand('1990-01-01', 2015, ON)).toBe('ADULT_30_49');
});
