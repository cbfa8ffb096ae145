/** A root fetch's denials passed through: the same JSON the executor's wrapping and Apollo's formatting gave, first among the errors. Pure. */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { passDenials, passedDenialsPlugin } from '../../../gateway/src/passedDenials';

const denial = (i: number, field = 'fullName'): GraphQLFormattedError => ({
  message: `Withheld by AR: rule person.identity`, path: ['persons', i, field], extensions: { code: 'FORBIDDEN', rule: 'person.identity', country: 'AR' },
});
const unavailable: GraphQLFormattedError = { message: 'Member CO is unavailable', path: ['persons'], extensions: { code: 'MEMBER_UNAVAILABLE', country: 'CO' } };

/** What a member's error became before: the executor's GraphQLError (downstreamServiceError adds the service), formatted as Apollo formats it. */
const asTheExecutorGaveIt = (e: GraphQLFormattedError) => new GraphQLError(e.message, { path: e.path, extensions: { ...e.extensions, serviceName: 'members' } }).toJSON();

async function answered(context: object, errors?: GraphQLFormattedError[]) {
  const response = { body: { kind: 'single' as const, singleResult: { data: {}, errors } } };
  const hooks = await passedDenialsPlugin<object>().requestDidStart!({} as never);
  await (hooks as { willSendResponse: (rc: unknown) => Promise<void> }).willSendResponse({ contextValue: context, response });
  return response.body.singleResult.errors;
}

test("a fetch of denials alone is set aside, and the answer gets each exactly as the executor's wrapping and Apollo's formatting gave it", async () => {
  const context = {};
  const denials = [denial(0), denial(1, 'aliases')];
  expect(passDenials(context, denials)).toBeUndefined();
  expect(JSON.stringify(await answered(context))).toBe(JSON.stringify(denials.map(asTheExecutorGaveIt)));
});

test('a fetch with any other error goes to the executor whole, in its order', async () => {
  const context = {};
  const errors = [denial(0), unavailable, denial(1)];
  expect(passDenials(context, errors)).toBe(errors);
  expect(passDenials(context, [{ ...denial(2), path: undefined }])).toHaveLength(1); // a denial without a path is not the answer's to place
  expect(await answered(context, [unavailable])).toEqual([unavailable]);
});

test("the denials set aside come first, where the root fetch's errors came, before those of later fetches", async () => {
  const context = {};
  passDenials(context, [denial(0)]);
  const later: GraphQLFormattedError = { message: 'Secretariat unavailable', path: ['persons', 0, 'linkedRecords'], extensions: { code: 'SECRETARIAT_UNAVAILABLE' } };
  expect((await answered(context, [later]))!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'SECRETARIAT_UNAVAILABLE']);
  expect(await answered({}, undefined)).toBeUndefined(); // nothing set aside: the answer is left alone
});

test("a member's locations (of its sub-operation, not the caller's query) are left out, as the executor's wrapping left them", async () => {
  const context = {};
  const withLocations: GraphQLFormattedError = { ...denial(3), locations: [{ line: 2, column: 7 }] };
  passDenials(context, [withLocations]);
  expect(JSON.stringify(await answered(context))).toBe(JSON.stringify([asTheExecutorGaveIt(denial(3))]));
});
