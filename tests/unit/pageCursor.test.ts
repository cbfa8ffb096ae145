/** The cursor codec members (and the secretariat) seal list positions with: pure, no servers. */
import { GraphQLError } from 'graphql';
import { CURSOR_PREFIX, PageCursors, queryKey, type CursorBinding } from '@enlace/platform';

const caller = { issuer: 'https://idp.co.test', subject: 'fiscal-1', country: 'CO' };
const binding: CursorBinding = { list: 'persons', query: { name: 'quispe', category: 'SUSPECT' }, caller };
const cursors = PageCursors.random();

/** The registered error a refused cursor must be, never anything else. */
function refusal(open: () => unknown): GraphQLError {
  try {
    open();
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    expect((err as GraphQLError).extensions).toEqual({ code: 'BAD_CURSOR', field: 'after' });
    return err as GraphQLError;
  }
  throw new Error('the cursor was accepted');
}

test('a sealed position opens for the same list, query and caller, whatever the filter\'s key order or empty keys', () => {
  for (const position of [17, 'RT-0042', [3, 'XS:R:abc']] as const) {
    const cursor = cursors.seal(position, binding);
    expect(cursor.startsWith(CURSOR_PREFIX)).toBe(true);
    expect(cursors.open(cursor, binding)).toEqual(position);
    expect(cursors.open(cursor, { ...binding, query: { category: 'SUSPECT', name: 'quispe', nationality: null, documentNumber: '' } })).toEqual(position);
  }
});

test('the position is not readable in the cursor, and two cursors for one position differ', () => {
  const a = cursors.seal(123456, binding);
  const b = cursors.seal(123456, binding);
  expect(a).not.toBe(b);
  for (const c of [a, b]) expect(Buffer.from(c.slice(CURSOR_PREFIX.length), 'base64url').toString('latin1')).not.toContain('123456');
});

test('another list, query, caller or key: BAD_CURSOR', () => {
  const cursor = cursors.seal(5, binding);
  refusal(() => cursors.open(cursor, { ...binding, list: 'cases' }));
  refusal(() => cursors.open(cursor, { ...binding, query: { name: 'quispe' } }));
  refusal(() => cursors.open(cursor, { ...binding, caller: { ...caller, subject: 'fiscal-2' } }));
  refusal(() => cursors.open(cursor, { ...binding, caller: { ...caller, country: 'PE' } }));
  refusal(() => cursors.open(cursor, { ...binding, caller: { ...caller, issuer: 'https://idp.pe.test' } }));
  refusal(() => PageCursors.random().open(cursor, binding));
});

test('a key derived from a secret is stable, and not the secret itself', () => {
  const secret = Buffer.alloc(32, 7);
  const cursor = PageCursors.derivedFrom(secret).seal(9, binding);
  expect(PageCursors.derivedFrom(Buffer.from(secret)).open(cursor, binding)).toBe(9);
  refusal(() => new PageCursors(secret).open(cursor, binding));
});

test('altered, truncated, malformed or oversized input: BAD_CURSOR, never a crash', () => {
  const cursor = cursors.seal(5, binding);
  const body = cursor.slice(CURSOR_PREFIX.length);
  for (let i = 0; i < body.length; i += 7) {
    const flipped = body.slice(0, i) + (body[i] === 'A' ? 'B' : 'A') + body.slice(i + 1);
    refusal(() => cursors.open(CURSOR_PREFIX + flipped, binding));
  }
  for (const bad of [undefined, null, 5, {}, '', 'PC1.', 'PC1.AAAA', cursor.slice(0, -4), `PC2.${body}`, `${CURSOR_PREFIX}${'A'.repeat(600)}`, 'PC1.!!!!']) {
    refusal(() => cursors.open(bad, binding));
  }
});

test('a sealed value that is not a position is refused', () => {
  // Sealed by the same key, yet holding an object: only numbers, strings and short tuples of them are positions.
  const sealed = cursors.seal([1, 2, 3, 4, 5] as unknown as number, binding);
  refusal(() => cursors.open(sealed, binding));
});

test('the query key drops absent, null and empty members and sorts keys, nested too', () => {
  expect(queryKey({ b: 1, a: { d: null, c: 'x' }, e: '' })).toBe(queryKey({ a: { c: 'x' }, b: 1 }));
  expect(queryKey({ a: [1, 2] })).not.toBe(queryKey({ a: [2, 1] }));
});
