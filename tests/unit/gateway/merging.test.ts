/** Merging members' answers, with the ownership check and the members' errors where they belong: pure, no servers. */
import { makeId } from '@enlace/platform';
import type { GraphQLFormattedError } from 'graphql';
import { mergeEntities, mergeRootField, pathlessErrors, type MemberAnswer } from '../../../gateway/src/memberMerging';

const answer = (country: string, data: Record<string, unknown> | null, errors: GraphQLFormattedError[] = []): MemberAnswer =>
  ({ country, data: data as MemberAnswer['data'], errors });
const forbidden = (path: Array<string | number>, rule = 'r'): GraphQLFormattedError => ({ message: 'Forbidden', path, extensions: { code: 'FORBIDDEN', rule } });
const placed = (errors: GraphQLFormattedError[]) => errors.map((e) => ({ path: e.path, code: e.extensions?.code, country: e.extensions?.country }));

const obs = (country: string, n: number) => ({ id: makeId(country, 'R', n), country, cases: null });

describe('a root list', () => {
  const shape = { key: 'persons', list: true };

  test('concatenates in member order, each error shifted by the records before its member', () => {
    const ar = answer('AR', { persons: [{ id: makeId('AR', 'P', 1) }, { id: makeId('AR', 'P', 2) }] }, [forbidden(['persons', 1, 'documents'])]);
    const co = answer('CO', { persons: [{ id: makeId('CO', 'P', 1) }, { id: makeId('CO', 'P', 2) }, { id: makeId('CO', 'P', 3) }] }, [forbidden(['persons', 0, 'documents']), forbidden(['persons', 2, 'aliases'])]);
    const pe = answer('PE', { persons: [{ id: makeId('PE', 'P', 1) }] }, [forbidden(['persons', 0, 'documents'])]);
    const { value, errors } = mergeRootField(shape, [ar, co, pe]);
    expect((value as Array<{ id: string }>).map((p) => p.id)).toEqual([
      makeId('AR', 'P', 1), makeId('AR', 'P', 2), makeId('CO', 'P', 1), makeId('CO', 'P', 2), makeId('CO', 'P', 3), makeId('PE', 'P', 1),
    ]);
    expect(placed(errors)).toEqual([
      { path: ['persons', 1, 'documents'], code: 'FORBIDDEN', country: 'AR' },
      { path: ['persons', 2, 'documents'], code: 'FORBIDDEN', country: 'CO' },
      { path: ['persons', 4, 'aliases'], code: 'FORBIDDEN', country: 'CO' },
      { path: ['persons', 5, 'documents'], code: 'FORBIDDEN', country: 'PE' },
    ]);
  });

  test("drops records a member does not own with FOREIGN_RECORD, and its errors follow the records it kept", () => {
    const forged = { id: makeId('AR', 'P', 1), familyNames: 'Forged' };
    const uy = answer('UY', { persons: [forged, { id: makeId('UY', 'P', 7), cases: [{ id: makeId('UY', 'C', 1) }, { id: makeId('AR', 'C', 9) }, { id: makeId('UY', 'C', 2) }] }] }, [
      forbidden(['persons', 0, 'documents']), // about the forged record: goes with it
      forbidden(['persons', 1, 'cases', 2, 'summary']),
      forbidden(['persons', 1, 'cases', 1, 'summary']), // about the forged case: goes with it
    ]);
    const { value, errors } = mergeRootField(shape, [answer('AR', { persons: [{ id: makeId('AR', 'P', 5) }] }), uy]);
    expect(value).toEqual([
      { id: makeId('AR', 'P', 5) },
      { id: makeId('UY', 'P', 7), cases: [{ id: makeId('UY', 'C', 1) }, { id: makeId('UY', 'C', 2) }] },
    ]);
    expect(placed(errors)).toEqual([
      { path: ['persons'], code: 'FOREIGN_RECORD', country: 'UY' },
      { path: ['persons', 1, 'cases', 1, 'summary'], code: 'FORBIDDEN', country: 'UY' },
    ]);
    expect(errors[0].message).toContain(makeId('AR', 'P', 1));
    expect(errors[0].message).toContain(makeId('AR', 'C', 9));
  });

  test('a member that is unavailable adds its error and nothing else', () => {
    const down: MemberAnswer = { country: 'BO', data: null, errors: [], unavailable: 'no answer within 400 ms' };
    const { value, errors } = mergeRootField(shape, [down, answer('AR', { persons: [{ id: makeId('AR', 'P', 1) }] }, [forbidden(['persons', 0, 'x'])])]);
    expect(value).toEqual([{ id: makeId('AR', 'P', 1) }]);
    expect(placed(errors)).toEqual([
      { path: ['persons'], code: 'MEMBER_UNAVAILABLE', country: 'BO' },
      { path: ['persons', 0, 'x'], code: 'FORBIDDEN', country: 'AR' },
    ]);
  });

  test('globally keyed items merge by key, and errors follow both the item and its observations', () => {
    const route = (code: string, ...observations: unknown[]) => ({ code, observations });
    const ar = answer('AR', { routes: [route('RT-0001', obs('AR', 1)), route('RT-0002', obs('AR', 2))] }, [forbidden(['routes', 1, 'observations', 0, 'cases'])]);
    const co = answer('CO', { routes: [route('RT-0002', obs('CO', 1), obs('CO', 2)), route('RT-0003', obs('CO', 3))] }, [
      forbidden(['routes', 0, 'observations', 1, 'cases']),
      forbidden(['routes', 1, 'observations', 0, 'cases']),
    ]);
    const { value, errors } = mergeRootField({ key: 'routes', list: true, globalKey: 'code' }, [ar, co]);
    const routes = value as Array<{ code: string; observations: Array<{ id: string }> }>;
    expect(routes.map((r) => [r.code, r.observations.map((o) => o.id)])).toEqual([
      ['RT-0001', [makeId('AR', 'R', 1)]],
      ['RT-0002', [makeId('AR', 'R', 2), makeId('CO', 'R', 1), makeId('CO', 'R', 2)]],
      ['RT-0003', [makeId('CO', 'R', 3)]],
    ]);
    expect(placed(errors)).toEqual([
      { path: ['routes', 1, 'observations', 0, 'cases'], code: 'FORBIDDEN', country: 'AR' },
      { path: ['routes', 1, 'observations', 2, 'cases'], code: 'FORBIDDEN', country: 'CO' },
      { path: ['routes', 2, 'observations', 0, 'cases'], code: 'FORBIDDEN', country: 'CO' },
    ]);
  });
});

test("a merged route keeps each member's errors on that member's observations, not on AR's", () => {
  const route = (...observations: unknown[]) => ({ route: { code: 'RT-0001', observations } });
  const answers = [
    answer('AR', route(obs('AR', 1), obs('AR', 2)), [forbidden(['route', 'observations', 0, 'cases']), forbidden(['route', 'observations', 1, 'cases'])]),
    answer('CO', route(obs('CO', 1)), [forbidden(['route', 'observations', 0, 'cases'])]),
    answer('PE', route(obs('PE', 1), obs('PE', 2)), [forbidden(['route', 'observations', 1, 'cases'])]),
  ];
  const { value, errors } = mergeRootField({ key: 'route', list: false, globalKey: 'code' }, answers);
  const observations = (value as { observations: Array<{ country: string }> }).observations;
  expect(observations.map((o) => o.country)).toEqual(['AR', 'AR', 'CO', 'PE', 'PE']);
  for (const e of errors) expect(observations[e.path![2] as number].country).toBe(e.extensions!.country);
  expect(errors.map((e) => e.path![2])).toEqual([0, 1, 2, 4]);
});

test("a by-id answer naming another owner is dropped whole, with the member's errors about it", () => {
  const { value, errors } = mergeRootField({ key: 'person', list: false }, [
    answer('UY', { person: { id: makeId('AR', 'P', 1), fullName: 'Forged' } }, [forbidden(['person', 'documents'])]),
  ]);
  expect(value).toBeNull();
  expect(placed(errors)).toEqual([{ path: ['person'], code: 'FOREIGN_RECORD', country: 'UY' }]);
});

test('errors without a path are kept once per member, tagged with it', () => {
  const errors = pathlessErrors([answer('AR', {}, [{ message: 'm' }, forbidden(['x'])]), answer('CO', {}, [{ message: 'n' }])]);
  expect(errors).toEqual([{ message: 'm', extensions: { country: 'AR' } }, { message: 'n', extensions: { country: 'CO' } }]);
});

describe('_entities', () => {
  const globalKeys = new Map([['Route', 'code']]);

  test("keep the planner's order across members, with each member's errors at the planner's positions", () => {
    const reps = [
      { __typename: 'Person', id: makeId('CO', 'P', 1) },
      { __typename: 'Person', id: makeId('AR', 'P', 1) },
      { __typename: 'Person', id: makeId('CO', 'P', 2) },
    ];
    const { entities, errors, withheld } = mergeEntities(reps, [
      { positions: [1], answer: answer('AR', { _entities: [{ id: makeId('AR', 'P', 1) }] }, [forbidden(['_entities', 0, 'documents'])]) },
      { positions: [0, 2], answer: answer('CO', { _entities: [{ id: makeId('CO', 'P', 1) }, null] }, [forbidden(['_entities', 0, 'aliases'])]) },
    ], globalKeys);
    expect(entities).toEqual([{ id: makeId('CO', 'P', 1) }, { id: makeId('AR', 'P', 1) }, null]);
    expect(placed(errors)).toEqual([
      { path: ['_entities', 1, 'documents'], code: 'FORBIDDEN', country: 'AR' },
      { path: ['_entities', 0, 'aliases'], code: 'FORBIDDEN', country: 'CO' },
    ]);
    // The owner said null: the reference is withheld (the response will not show it as a stub).
    expect(withheld).toEqual([makeId('CO', 'P', 2)]);
  });

  test('an answer about another record than the one asked for is dropped with FOREIGN_RECORD, with its errors', () => {
    const reps = [{ __typename: 'Person', id: makeId('UY', 'P', 1) }];
    const { entities, errors, withheld } = mergeEntities(reps, [
      { positions: [0], answer: answer('UY', { _entities: [{ id: makeId('AR', 'P', 1) }] }, [forbidden(['_entities', 0, 'documents'])]) },
    ], globalKeys);
    expect(entities).toEqual([null]);
    expect(withheld).toEqual([makeId('UY', 'P', 1)]);
    expect(placed(errors)).toEqual([{ path: ['_entities', 0], code: 'FOREIGN_RECORD', country: 'UY' }]);
  });

  test('a globally keyed entity merges across members, errors shifted into the merged observations', () => {
    const reps = [{ __typename: 'Person', id: makeId('AR', 'P', 1) }, { __typename: 'Route', code: 'RT-0001' }];
    const { entities, errors } = mergeEntities(reps, [
      { positions: [0, 1], answer: answer('AR', { _entities: [{ id: makeId('AR', 'P', 1) }, { code: 'RT-0001', observations: [obs('AR', 1)] }] }) },
      { positions: [1], answer: answer('CO', { _entities: [{ code: 'RT-0001', observations: [obs('CO', 1), obs('CO', 2)] }] }, [forbidden(['_entities', 0, 'observations', 1, 'cases'])]) },
    ], globalKeys);
    expect((entities[1] as { observations: Array<{ country: string }> }).observations.map((o) => o.country)).toEqual(['AR', 'CO', 'CO']);
    expect(placed(errors)).toEqual([{ path: ['_entities', 1, 'observations', 2, 'cases'], code: 'FORBIDDEN', country: 'CO' }]);
  });

  test('an unavailable member leaves its positions null with MEMBER_UNAVAILABLE, and its references withheld (no stub)', () => {
    const reps = [{ __typename: 'Person', id: makeId('VE', 'P', 1) }];
    const { entities, errors, withheld } = mergeEntities(reps, [
      { positions: [0], answer: { country: 'VE', data: null, errors: [], unavailable: 'cannot be reached' } },
    ], globalKeys);
    expect(entities).toEqual([null]);
    // The owner could not say whether the caller may know of the record: the reference is not shown.
    expect(withheld).toEqual([makeId('VE', 'P', 1)]);
    expect(placed(errors)).toEqual([{ path: ['_entities', 0], code: 'MEMBER_UNAVAILABLE', country: 'VE' }]);
  });
});
