/// <reference types="jest" />
import neo4j from 'neo4j-driver';
import { storeConfigFromEnv, toParams, toPlain } from '@enlace/store';

const { Node, Relationship, UnboundRelationship, Path, PathSegment, Point, Duration, LocalTime, Time, LocalDateTime, DateTime } = neo4j.types;
const Neo4jDate = neo4j.types.Date;

describe('toPlain (Neo4j values → plain values)', () => {
  test('integers become numbers', () => {
    expect(toPlain(neo4j.int(42))).toBe(42);
    expect(toPlain(neo4j.int(-7))).toBe(-7);
    expect(toPlain(neo4j.int(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(toPlain(neo4j.int(Number.MIN_SAFE_INTEGER))).toBe(Number.MIN_SAFE_INTEGER);
    expect(toPlain(12n)).toBe(12);
  });

  test('integers outside the safe range throw rather than lose precision', () => {
    expect(() => toPlain(neo4j.int('9007199254740993'))).toThrow(RangeError);
    expect(() => toPlain(neo4j.int('-9223372036854775808'))).toThrow(/outside JavaScript's safe integer range/);
    expect(() => toPlain(2n ** 60n)).toThrow(RangeError);
  });

  test('scalars pass through, undefined becomes null', () => {
    expect(toPlain('text')).toBe('text');
    expect(toPlain(1.5)).toBe(1.5);
    expect(toPlain(true)).toBe(true);
    expect(toPlain(null)).toBeNull();
    expect(toPlain(undefined)).toBeNull();
  });

  test('temporal values become ISO 8601 strings', () => {
    expect(toPlain(new Neo4jDate(2024, 3, 9))).toBe('2024-03-09');
    expect(toPlain(new LocalDateTime(2024, 3, 9, 14, 5, 6, 0))).toBe('2024-03-09T14:05:06');
    expect(toPlain(new DateTime(2024, 3, 9, 14, 5, 6, 0, 3600))).toBe('2024-03-09T14:05:06+01:00');
    expect(toPlain(new DateTime(2024, 3, 9, 14, 5, 6, 0, 0))).toBe('2024-03-09T14:05:06Z');
    expect(toPlain(new DateTime(2024, 3, 9, 14, 5, 6, 0, undefined, 'America/Lima'))).toBe(
      '2024-03-09T14:05:06[America/Lima]',
    );
    expect(toPlain(new Time(8, 30, 0, 500000000, -18000))).toBe('08:30:00.500000000-05:00');
    expect(toPlain(new LocalTime(8, 30, 0, 0))).toBe('08:30:00');
    expect(toPlain(new Duration(14, 3, 3600, 0))).toBe('P1Y2M3DT1H');
  });

  test('temporal values built from driver integers (as the driver returns them) convert too', () => {
    expect(toPlain(new Neo4jDate(neo4j.int(1999), neo4j.int(12), neo4j.int(31)))).toBe('1999-12-31');
  });

  const person = new Node(neo4j.int(1), ['Person'], { id: 'AR-P-1', seq: neo4j.int(1), givenNames: 'Ana' }, '4:x:1');
  const kase = new Node(neo4j.int(2), ['Case'], { id: 'AR-C-1', openedOn: new Neo4jDate(2023, 1, 2) }, '4:x:2');
  const involved = new Relationship(neo4j.int(9), neo4j.int(1), neo4j.int(2), 'INVOLVED', { category: 'VICTIM', since: neo4j.int(2020) }, '5:x:9', '4:x:1', '4:x:2');

  test('a node becomes its converted properties', () => {
    expect(toPlain(person)).toEqual({ id: 'AR-P-1', seq: 1, givenNames: 'Ana' });
    expect(toPlain(kase)).toEqual({ id: 'AR-C-1', openedOn: '2023-01-02' });
  });

  test('a relationship, bound or unbound, becomes its converted properties', () => {
    expect(toPlain(involved)).toEqual({ category: 'VICTIM', since: 2020 });
    expect(toPlain(new UnboundRelationship(neo4j.int(3), 'USED', { n: neo4j.int(5) }))).toEqual({ n: 5 });
  });

  test('a path becomes the list of its nodes, start to end', () => {
    const route = new Node(neo4j.int(3), ['RouteObservation'], { id: 'AR-R-1' });
    const used = new Relationship(neo4j.int(10), neo4j.int(2), neo4j.int(3), 'USED', {});
    const path = new Path(person, route, [new PathSegment(person, involved, kase), new PathSegment(kase, used, route)]);
    expect(toPlain(path)).toEqual([
      { id: 'AR-P-1', seq: 1, givenNames: 'Ana' },
      { id: 'AR-C-1', openedOn: '2023-01-02' },
      { id: 'AR-R-1' },
    ]);
    expect(toPlain(new Path(person, person, []))).toEqual([{ id: 'AR-P-1', seq: 1, givenNames: 'Ana' }]);
  });

  test('points become plain coordinates', () => {
    expect(toPlain(new Point(neo4j.int(4326), -77.04, -12.05))).toEqual({ srid: 4326, x: -77.04, y: -12.05 });
    expect(toPlain(new Point(neo4j.int(9157), 1, 2, 3))).toEqual({ srid: 9157, x: 1, y: 2, z: 3 });
  });

  test('lists and maps convert recursively', () => {
    const value = {
      n: neo4j.int(3),
      nested: { list: [neo4j.int(1), [neo4j.int(2), new Neo4jDate(2020, 2, 29)], person], empty: [] },
      nothing: null,
    };
    expect(toPlain(value)).toEqual({
      n: 3,
      nested: { list: [1, [2, '2020-02-29'], { id: 'AR-P-1', seq: 1, givenNames: 'Ana' }], empty: [] },
      nothing: null,
    });
  });

  test('a record as toObject() gives it converts to a plain row', () => {
    const record = new neo4j.types.Record(['p', 'count', 'ids'], [person, neo4j.int(12), ['a', 'b']]);
    expect(toPlain(record.toObject())).toEqual({ p: { id: 'AR-P-1', seq: 1, givenNames: 'Ana' }, count: 12, ids: ['a', 'b'] });
  });
});

describe('toParams (plain values → driver parameters)', () => {
  test('integral numbers become Neo4j integers, recursively', () => {
    const params = toParams({ first: 20, rows: [{ seq: 3, name: 'x', score: 0.5 }], nested: { n: -1 }, ids: ['a'] }) as {
      first: unknown;
      rows: Array<Record<string, unknown>>;
      nested: Record<string, unknown>;
      ids: unknown[];
    };
    expect(neo4j.isInt(params.first)).toBe(true);
    expect(neo4j.integer.toNumber(params.first as number)).toBe(20);
    expect(neo4j.isInt(params.rows[0].seq)).toBe(true);
    expect(params.rows[0].name).toBe('x');
    expect(params.rows[0].score).toBe(0.5);
    expect(neo4j.isInt(params.nested.n)).toBe(true);
    expect(params.ids).toEqual(['a']);
  });

  test('floats, unsafe numbers, strings, booleans, null and empty lists are left as they are', () => {
    const params = toParams({ f: 1.25, big: 1e20, s: '7', b: false, z: null, empty: [] });
    expect(params).toEqual({ f: 1.25, big: 1e20, s: '7', b: false, z: null, empty: [] });
  });

  test('bigints become Neo4j integers; driver values pass through', () => {
    const date = new Neo4jDate(2024, 1, 1);
    const params = toParams({ big: 2n ** 60n, date, already: neo4j.int(5) });
    expect(neo4j.isInt(params.big)).toBe(true);
    expect((params.big as { toString(): string }).toString()).toBe('1152921504606846976');
    expect(params.date).toBe(date);
    expect(neo4j.isInt(params.already)).toBe(true);
  });

  test('no parameters gives an empty map', () => {
    expect(toParams()).toEqual({});
  });

  test('a round trip of integers through params and back is lossless', () => {
    expect(toPlain(toParams({ n: 123, list: [1, 2] }))).toEqual({ n: 123, list: [1, 2] });
  });
});

describe('storeConfigFromEnv', () => {
  const defaults = { path: 'data/ar.kuzu' };

  test('kuzu by default, with the default path', () => {
    expect(storeConfigFromEnv({}, defaults)).toEqual({ kind: 'kuzu', path: 'data/ar.kuzu' });
  });

  test('kuzu with KUZU_PATH and KUZU_BUFFER_POOL_MB', () => {
    expect(storeConfigFromEnv({ STORE: 'kuzu', KUZU_PATH: '/var/lib/ar.kuzu', KUZU_BUFFER_POOL_MB: '64' }, defaults)).toEqual({
      kind: 'kuzu',
      path: '/var/lib/ar.kuzu',
      bufferPoolBytes: 64 * 1024 * 1024,
    });
    expect(() => storeConfigFromEnv({ KUZU_BUFFER_POOL_MB: 'lots' }, defaults)).toThrow(/KUZU_BUFFER_POOL_MB/);
  });

  test('neo4j with its variables', () => {
    expect(
      storeConfigFromEnv(
        { STORE: 'neo4j', NEO4J_URI: 'bolt://neo4j-ar:7687', NEO4J_USER: 'enlace', NEO4J_PASSWORD: 's3cret', NEO4J_DATABASE: 'members' },
        defaults,
      ),
    ).toEqual({ kind: 'neo4j', uri: 'bolt://neo4j-ar:7687', user: 'enlace', password: 's3cret', database: 'members' });
    expect(storeConfigFromEnv({ STORE: 'neo4j', NEO4J_URI: 'bolt://x:7687', NEO4J_PASSWORD: 'p' }, defaults)).toEqual({
      kind: 'neo4j',
      uri: 'bolt://x:7687',
      user: 'neo4j',
      password: 'p',
    });
  });

  test('clear errors for a missing URI or password and an unknown STORE', () => {
    expect(() => storeConfigFromEnv({ STORE: 'neo4j', NEO4J_PASSWORD: 'p' }, defaults)).toThrow(/NEO4J_URI/);
    expect(() => storeConfigFromEnv({ STORE: 'neo4j', NEO4J_URI: 'bolt://x:7687' }, defaults)).toThrow(/NEO4J_PASSWORD/);
    expect(() => storeConfigFromEnv({ STORE: 'postgres' }, defaults)).toThrow('STORE must be "kuzu" or "neo4j", got "postgres"');
  });
});
