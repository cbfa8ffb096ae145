/** A page spanning members, as the gateway makes it: the gateway's cursor and the merging of members' pages. Pure, no servers. */
import { makeId } from '@enlace/platform';
import { parse, type FieldNode, type FragmentDefinitionNode, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { decodeGatewayCursor, encodeGatewayCursor } from '../../../gateway/src/gatewayCursor';
import { mergePage, pageSelection, type PageShape } from '../../../gateway/src/memberPages';
import type { MemberAnswer } from '../../../gateway/src/memberMerging';
import { MemberRouting } from '../../../gateway/src/memberRouting';

const DIRECTORY = ['AR', 'CO', 'PE'];
const answer = (country: string, data: Record<string, unknown> | null, errors: GraphQLFormattedError[] = []): MemberAnswer =>
  ({ country, data: data as MemberAnswer['data'], errors });
const down = (country: string): MemberAnswer => ({ country, data: null, errors: [], unavailable: 'timed out', unavailableReason: 'timeout' });
const forbidden = (path: Array<string | number>): GraphQLFormattedError => ({ message: 'Forbidden', path, extensions: { code: 'FORBIDDEN', rule: 'person.identity' } });

function fieldOf(query: string): { field: FieldNode; fragments: Map<string, FragmentDefinitionNode> } {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((f) => [f.name.value, f] as const));
  return { field: op.selectionSet.selections[0] as FieldNode, fragments };
}

const shape: PageShape = { key: 'personsPage', field: 'personsPage', typeName: 'PersonPage' };
const memberPage = (country: string, ids: number[], cursor: string | null) => ({
  personsPage: {
    items: ids.map((n) => ({ id: makeId(country, 'P', n) })),
    members: [{ country, count: ids.length + (cursor ? 10 : 0), next: cursor }], // as selected: endCursor aliased
    hasNextPage: cursor !== null,
    endCursor: cursor,
  },
});

describe("the gateway's cursor", () => {
  test('carries each member\'s cursor, in directory order, for its field only', () => {
    const cursor = encodeGatewayCursor('personsPage', new Map([['PE', 'PC1.pe'], ['AR', null]]))!;
    expect([...decodeGatewayCursor(cursor, 'personsPage', DIRECTORY)]).toEqual([['AR', null], ['PE', 'PC1.pe']]);
    expect(() => decodeGatewayCursor(cursor, 'casesPage', DIRECTORY)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_CURSOR', field: 'after' } }));
    expect(encodeGatewayCursor('personsPage', new Map())).toBeNull();
  });

  test.each([
    ['not a cursor', 'hello'],
    ['not JSON', 'GC1.e30x'],
    ['no members', `GC1.${Buffer.from(JSON.stringify({ f: 'personsPage', m: [] })).toString('base64url')}`],
    ['a country outside the directory', `GC1.${Buffer.from(JSON.stringify({ f: 'personsPage', m: [['UY', null]] })).toString('base64url')}`],
    ['a country twice', `GC1.${Buffer.from(JSON.stringify({ f: 'personsPage', m: [['AR', null], ['AR', 'x']] })).toString('base64url')}`],
    ['a position that is no string', `GC1.${Buffer.from(JSON.stringify({ f: 'personsPage', m: [['AR', 5]] })).toString('base64url')}`],
    ['an overlong position', `GC1.${Buffer.from(JSON.stringify({ f: 'personsPage', m: [['AR', 'x'.repeat(2000)]] })).toString('base64url')}`],
    ['a number', 42],
  ])('%s: BAD_CURSOR', (_what, cursor) => {
    expect(() => decodeGatewayCursor(cursor, 'personsPage', DIRECTORY)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_CURSOR', field: 'after' } }));
  });

  test('routing a next page: only the members the cursor names (and countries, when given), each with its own start', () => {
    const routing = new MemberRouting(DIRECTORY, new Map(), new Set(['personsPage']));
    const after = encodeGatewayCursor('personsPage', new Map([['AR', 'PC1.ar'], ['PE', null]]));
    const { field } = fieldOf('query ($after: String) { personsPage(after: $after) { endCursor } }');
    const plan = routing.rootFields('query', [field], { after }, 'CO');
    expect(plan.groups.map((g) => g.countries)).toEqual([['AR', 'PE']]);
    expect([...plan.starts.get(field)!]).toEqual([['AR', 'PC1.ar'], ['PE', null]]);
    const { field: narrowed } = fieldOf('query ($after: String) { personsPage(after: $after, countries: ["PE", "CO"]) { endCursor } }');
    expect(routing.rootFields('query', [narrowed], { after }, 'CO').groups.map((g) => g.countries)).toEqual([['PE']]);
    const { field: bad } = fieldOf('{ personsPage(after: "GC1.garbage") { endCursor } }');
    expect(routing.rootFields('query', [bad], {}, 'CO').unrouted[0].error?.extensions?.code).toBe('BAD_CURSOR');
  });
});

describe("merging the members' pages", () => {
  const { field, fragments } = fieldOf('{ personsPage { items { id } members { country count next: endCursor } hasNextPage endCursor } }');
  const selection = pageSelection(field, fragments);

  test('items and members concatenate; each member entry gets a cursor for itself, the page one for every member holding more', () => {
    const { value, errors } = mergePage(shape, selection, [
      answer('AR', memberPage('AR', [1, 2], 'PC1.ar')),
      answer('CO', memberPage('CO', [1], null)),
      answer('PE', memberPage('PE', [4, 5], 'PC1.pe')),
    ], undefined);
    expect(errors).toEqual([]);
    const page = value as { items: Array<{ id: string }>; members: Array<{ country: string; next: string | null }>; hasNextPage: boolean; endCursor: string };
    expect(page.items.map((i) => i.id)).toEqual([makeId('AR', 'P', 1), makeId('AR', 'P', 2), makeId('CO', 'P', 1), makeId('PE', 'P', 4), makeId('PE', 'P', 5)]);
    expect(page.members.map((m) => [m.country, m.next && [...decodeGatewayCursor(m.next, 'personsPage', DIRECTORY)]])).toEqual([
      ['AR', [['AR', 'PC1.ar']]], ['CO', null], ['PE', [['PE', 'PC1.pe']]],
    ]);
    expect(page.hasNextPage).toBe(true);
    expect([...decodeGatewayCursor(page.endCursor, 'personsPage', DIRECTORY)]).toEqual([['AR', 'PC1.ar'], ['PE', 'PC1.pe']]);
  });

  test('a member that could not answer keeps its place in the next cursor, with MEMBER_UNAVAILABLE', () => {
    const start = new Map([['AR', 'PC1.ar-was'], ['CO', 'PC1.co-was']]);
    const { value, errors } = mergePage(shape, selection, [down('AR'), answer('CO', memberPage('CO', [7], null))], start);
    const page = value as { hasNextPage: boolean; endCursor: string };
    expect(errors.map((e) => [e.extensions?.code, e.extensions?.country, e.path])).toEqual([['MEMBER_UNAVAILABLE', 'AR', ['personsPage']]]);
    expect(page.hasNextPage).toBe(true);
    expect([...decodeGatewayCursor(page.endCursor, 'personsPage', DIRECTORY)]).toEqual([['AR', 'PC1.ar-was']]);
  });

  test("members' errors follow their items; a member's refusal of the page stays on the page, tagged", () => {
    const ar = answer('AR', memberPage('AR', [1, 2], null), [forbidden(['personsPage', 'items', 1, 'fullName'])]);
    const co = answer('CO', memberPage('CO', [1, 2, 3], null), [forbidden(['personsPage', 'items', 0, 'fullName'])]);
    const pe = answer('PE', { personsPage: null }, [{ message: 'bad', path: ['personsPage'], extensions: { code: 'BAD_CURSOR', field: 'after' } }]);
    const { value, errors } = mergePage(shape, selection, [ar, co, pe], undefined);
    expect((value as { items: unknown[] }).items).toHaveLength(5);
    expect(errors.map((e) => [e.path, e.extensions?.code, e.extensions?.country])).toEqual([
      [['personsPage', 'items', 1, 'fullName'], 'FORBIDDEN', 'AR'],
      [['personsPage', 'items', 2, 'fullName'], 'FORBIDDEN', 'CO'],
      [['personsPage'], 'BAD_CURSOR', 'PE'],
    ]);
    expect((value as { endCursor: string | null }).endCursor).toBeNull();
  });

  test('every member refusing gives null; no member asked gives an empty page', () => {
    const refusal = { message: 'no', path: ['personsPage'], extensions: { code: 'PURPOSE_REQUIRED' } };
    expect(mergePage(shape, selection, [answer('AR', { personsPage: null }, [refusal])], undefined).value).toBeNull();
    expect(mergePage(shape, selection, [], undefined).value).toEqual({ items: [], members: [], hasNextPage: false, endCursor: null });
  });

  test('a record a member does not own is dropped with FOREIGN_RECORD, and errors after it move up', () => {
    const uy = answer('AR', { personsPage: { items: [{ id: makeId('CO', 'P', 9) }, { id: makeId('AR', 'P', 3) }], members: [], hasNextPage: false, endCursor: null } },
      [forbidden(['personsPage', 'items', 1, 'fullName'])]);
    const { value, errors } = mergePage(shape, selection, [uy], undefined);
    expect((value as { items: Array<{ id: string }> }).items.map((i) => i.id)).toEqual([makeId('AR', 'P', 3)]);
    expect(errors.map((e) => [e.extensions?.code, e.path])).toEqual([['FOREIGN_RECORD', ['personsPage']], ['FORBIDDEN', ['personsPage', 'items', 0, 'fullName']]]);
  });

  test('selections through fragments and aliases are read as the fields they are', () => {
    const q = fieldOf('{ personsPage { ...P ... on PersonPage { more: hasNextPage } } } fragment P on PersonPage { list: items { id } members { c: endCursor } }');
    const sel = pageSelection(q.field, q.fragments);
    expect([...sel.fields]).toEqual([['list', 'items'], ['members', 'members'], ['more', 'hasNextPage']]);
    expect(sel.memberCursorKeys.get('members')).toEqual(['c']);
  });

  test('routes merge by code within a page', () => {
    const routes = fieldOf('{ routesPage { items { code observations { id } } endCursor } }');
    const routeShape: PageShape = { key: 'routesPage', field: 'routesPage', typeName: 'RoutePage', itemsGlobalKey: 'code' };
    const page = (country: string, codes: string[]) => answer(country, { routesPage: { items: codes.map((code) => ({ code, observations: [{ id: makeId(country, 'R', code.length) }] })), endCursor: null } });
    const { value } = mergePage(routeShape, pageSelection(routes.field, routes.fragments), [page('AR', ['RT-0001', 'RT-0002']), page('CO', ['RT-0002', 'RT-0003'])], undefined);
    expect((value as { items: Array<{ code: string; observations: unknown[] }> }).items.map((r) => [r.code, r.observations.length])).toEqual([['RT-0001', 1], ['RT-0002', 2], ['RT-0003', 1]]);
  });
});
