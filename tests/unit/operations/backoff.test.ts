/** The restart policy of `npm start` (scripts/src/backoff.ts). */
import { RestartBackoff } from '@enlace/scripts/backoff';

test('1 s doubling to 30 s while the child keeps dying young', () => {
  const backoff = new RestartBackoff();
  expect(Array.from({ length: 8 }, () => backoff.next(500))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('a child that stayed up a minute is restarted after 1 s again', () => {
  const backoff = new RestartBackoff();
  for (let i = 0; i < 5; i++) backoff.next(100);
  expect(backoff.next(59_999)).toBe(30_000);
  expect(backoff.next(60_000)).toBe(1000);
  expect(backoff.next(10)).toBe(2000);
});
