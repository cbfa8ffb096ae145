/** The members' errors as handed to @apollo/gateway's executor: the same errors, wrapped without stack traces. Pure. */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { memberErrors } from '../../../gateway/src/memberErrors';

const denial = (i: number): GraphQLFormattedError => ({ message: 'Not shared', path: ['persons', i, 'fullName'], extensions: { code: 'FORBIDDEN', rule: 'r' } });

test('no errors is none; otherwise the same errors in the same order', () => {
  expect(memberErrors([])).toBeUndefined();
  const errors = [denial(0), denial(1)];
  expect(memberErrors(errors)).toEqual(errors);
});

test('errors made while mapping the list (as the executor wraps each) capture no stack frames, and the limit is restored', () => {
  const limit = Error.stackTraceLimit;
  const wrapped = memberErrors([denial(0), denial(1)])!.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }));
  expect(wrapped.map((e) => e.path)).toEqual([['persons', 0, 'fullName'], ['persons', 1, 'fullName']]);
  for (const e of wrapped) expect(e.stack).not.toMatch(/\n\s+at /);
  expect(Error.stackTraceLimit).toBe(limit);
  expect(new Error('elsewhere').stack).toMatch(/\n\s+at /);
  expect(() => memberErrors([denial(0)])!.map(() => { throw new Error('mapper failed'); })).toThrow('mapper failed');
  expect(Error.stackTraceLimit).toBe(limit);
});

test('only the list itself maps without stack traces: what is derived from it is a plain array', () => {
  const derived = memberErrors([denial(0)])!.filter(() => true);
  expect(Object.getPrototypeOf(derived)).toBe(Array.prototype);
  expect(derived.map(() => new Error('x').stack)[0]).toMatch(/\n\s+at /);
});
