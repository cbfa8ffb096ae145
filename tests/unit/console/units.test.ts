/** The console's pure parts: the member strip, withheld markers, the router, token reading, the gateway's file mapping, the network view's graph, the route map's geometry, CSV, purposes read against the catalogue and the audit log's export. */
import { resolve, sep } from 'node:path';
import { consoleFile } from '@enlace/gateway';
import { brokenLinks } from '../../../console/src/auditChain';
import { AUDIT_CSV_HEADER, auditRow, readWholeLog, type AuditEntry } from '../../../console/src/auditExport';
import { toCsv } from '../../../console/src/casefile/csv';
import { describePurpose, purposeText, readPurpose, type PurposeCatalogue } from '../../../console/src/purposeCatalogue';
import { loadPurposeCatalogue, statedPurpose } from '@enlace/platform';
import { defaultPurposesPath } from '@enlace/schema';
import { countByCountry, memberOutcomes, otherErrors, ownerOfId, withheldFields } from '../../../console/src/outcome';
import { appended, EMPTY_PAGES } from '../../../console/src/pageState';
import { href, parseHash } from '../../../console/src/router';
import { readToken } from '../../../console/src/token';
import { emptyGraph, expand, kindOfId, MAX_NEIGHBOURS, readNeighbourhood } from '../../../console/src/network/graph';
import { PLACE_COORDINATES } from '../../../console/src/map/places';
import { routeGeometry, viewArea } from '../../../console/src/map/routeGeometry';
import { ROUTES } from '@enlace/scripts/seed/catalogue';

const unavailable = (country: string, reason = 'unreachable') => ({ message: `Member state ${country} is unavailable`, path: ['persons'], extensions: { code: 'MEMBER_UNAVAILABLE', country, reason } });
const forbidden = (path: (string | number)[], rule: string, country?: string) => ({ message: 'Not shared', path, extensions: { code: 'FORBIDDEN', rule, ...(country ? { country } : {}) } });

describe('a list read page by page', () => {
  const member = (country: string, count: number, returned: number, endCursor: string | null, countCapped = false) =>
    ({ country, count, countCapped, returned, hasNextPage: endCursor !== null, endCursor });
  const page1 = {
    items: [{ id: 'AR:P:1' }, { id: 'AR:P:2' }, { id: 'CO:P:1' }],
    members: [member('AR', 30, 2, 'GC1.ar'), member('CO', 1001, 1, 'GC1.co', true)],
    hasNextPage: true,
    endCursor: 'GC1.all',
  };

  test('pages accumulate; each page\'s errors move to their item among every item read; tallies add what each member returned', () => {
    let state = appended(EMPTY_PAGES, page1, [forbidden(['personsPage', 'items', 1, 'fullName'], 'person.identity', 'AR')], 'personsPage', 'persons');
    expect(state.endCursor).toBe('GC1.all');
    state = appended(state, { items: [{ id: 'AR:P:3' }], members: [member('AR', 30, 1, 'GC1.ar2')], hasNextPage: true, endCursor: 'GC1.ar2' },
      [forbidden(['personsPage', 'items', 0, 'aliases'], 'person.identity', 'AR'), unavailable('PE')], 'personsPage', 'persons', 'AR');
    expect(state.items!.map((i) => i.id)).toEqual(['AR:P:1', 'AR:P:2', 'CO:P:1', 'AR:P:3']);
    expect(state.errors.map((e) => e.path)).toEqual([['persons', 1, 'fullName'], ['persons', 3, 'aliases'], ['persons']]);
    expect(state.members.get('AR')).toMatchObject({ count: 30, shown: 3, endCursor: 'GC1.ar2' });
    expect(state.members.get('CO')).toMatchObject({ count: 1001, capped: true, shown: 1, endCursor: 'GC1.co' });
    // After one member's own page, the page-wide cursor would repeat that member's page: it is dropped.
    expect(state.endCursor).toBeNull();
  });

  test("a list of one process (the secretariat's) is one tally", () => {
    const state = appended(EMPTY_PAGES, { items: [{ id: 'XS:R:1' }], count: 7, countCapped: false, hasNextPage: true, endCursor: 'PC1.x' }, [], 'cooperationRequestsPage', 'cooperationRequests');
    expect([...state.members.values()]).toEqual([{ country: '', count: 7, capped: false, shown: 1, hasNextPage: true, endCursor: 'PC1.x' }]);
  });

  test('the strip shows what each member holds, how many are shown and whether more can be loaded', () => {
    const tallies = [{ country: 'AR', count: 209, capped: false, shown: 20, endCursor: 'GC1.ar' }, { country: 'CO', count: 1000, capped: true, shown: 20, endCursor: null }];
    const outcomes = memberOutcomes(['AR', 'CO', 'PE'], [unavailable('PE', 'timeout')], new Map(), tallies);
    expect(outcomes).toEqual([
      { country: 'AR', state: 'answered', count: 20, total: { count: 209, capped: false, shown: 20, more: true } },
      { country: 'CO', state: 'answered', count: 20, total: { count: 1000, capped: true, shown: 20, more: false } },
      { country: 'PE', state: 'timedOut', count: 0 },
    ]);
  });
});

describe('member strip', () => {
  test('answered members carry their count, failed ones their state, timeouts told apart by extensions.reason', () => {
    const errors = [unavailable('PE'), unavailable('BO', 'timeout'), unavailable('EC', 'bad-answer')];
    const outcomes = memberOutcomes(['AR', 'CO', 'PE', 'BO', 'EC'], errors, new Map([['AR', 2], ['CO', 4]]));
    expect(outcomes).toEqual([
      { country: 'AR', state: 'answered', count: 2 },
      { country: 'CO', state: 'answered', count: 4 },
      { country: 'PE', state: 'unavailable', count: 0 },
      { country: 'BO', state: 'timedOut', count: 0 },
      { country: 'EC', state: 'unavailable', count: 0 },
    ]);
  });

  test('a member that answered nothing is answered with 0; one not in the directory but in the answer is shown too', () => {
    expect(memberOutcomes(['AR'], [], new Map([['UY', 1]]))).toEqual([{ country: 'AR', state: 'answered', count: 0 }, { country: 'UY', state: 'answered', count: 1 }]);
  });

  test('counts records by owner', () => {
    expect([...countByCountry([{ country: 'AR' }, { country: 'CO' }, { country: 'AR' }, { country: null }])]).toEqual([['AR', 2], ['CO', 1]]);
    expect(countByCountry(null).size).toBe(0);
  });
});

describe('withheld fields', () => {
  test('each FORBIDDEN error marks its path with the owner and the rule; the owner falls back to the id prefix', () => {
    const withheld = withheldFields([forbidden(['persons', 0, 'fullName'], 'person.identity', 'AR'), forbidden(['person', 'documents'], 'person.documents')], () => 'PE');
    expect(withheld.get('persons.0.fullName')).toEqual({ country: 'AR', rule: 'person.identity' });
    expect(withheld.get('person.documents')).toEqual({ country: 'PE', rule: 'person.documents' });
    expect(withheld.size).toBe(2);
  });

  test('the page shows only errors the strip and markers do not explain', () => {
    const bad = { message: 'countries: "ZZ" is not a member', extensions: { code: 'BAD_USER_INPUT', field: 'countries' } };
    expect(otherErrors([unavailable('PE'), forbidden(['x'], 'r'), bad])).toEqual([bad]);
  });

  test('an id names its owner', () => {
    expect(ownerOfId('AR:P:0aa79jf')).toBe('AR');
    expect(ownerOfId('RT-0001')).toBeUndefined();
  });
});

describe('router', () => {
  test('a page, an id with colons and a query round-trip through the fragment', () => {
    const target = href('cooperation', 'new', { owner: 'AR', subject: 'HNH1.a/b+c' });
    const route = parseHash(target);
    expect(route.page).toBe('cooperation');
    expect(route.id).toBe('new');
    expect(route.query.get('subject')).toBe('HNH1.a/b+c');
    expect(parseHash(href('person', 'AR:P:0aa79jf')).id).toBe('AR:P:0aa79jf');
    expect(parseHash('')).toEqual({ page: '', id: undefined, query: new URLSearchParams() });
  });
});

describe('token', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  test('reads country, roles, subject and expiry (with non-ASCII claims) without verifying', () => {
    expect(readToken(jwt({ country: 'CO', roles: ['prosecutor'], sub: 'fiscalía@co', iss: 'https://idp.co.example', exp: 10 }))).toEqual({ country: 'CO', roles: ['prosecutor'], subject: 'fiscalía@co', issuer: 'https://idp.co.example', expires: 10 });
  });

  test('refuses text that is no token of the network', () => {
    expect(readToken('not a token')).toBeNull();
    expect(readToken(jwt({ sub: 'x' }))).toBeNull();
    expect(readToken('a.%%%.c')).toBeNull();
  });
});

describe('console files', () => {
  const root = resolve('/srv/console');
  test('paths map inside the build only', () => {
    expect(consoleFile(root, '/console/')).toBe(`${root}${sep}index.html`);
    expect(consoleFile(root, '/console/assets/index.js')).toBe(`${root}${sep}assets${sep}index.js`);
    expect(consoleFile(root, '/console/../package.json')).toBeNull();
    expect(consoleFile(root, '/console/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(consoleFile(root, '/console/%E0%A4%A')).toBeNull();
    expect(consoleFile(root, '/console/a%00.js')).toBeNull();
    expect(consoleFile(root, '/console/..%5cx')).toBeNull();
  });
});

describe('audit chain', () => {
  test('each entry must follow from the one before it, where that one is shown', () => {
    const chain = [{ seq: 3, prev: 'h2', hash: 'h3' }, { seq: 2, prev: 'h1', hash: 'h2' }, { seq: 1, prev: 'h0', hash: 'h1' }];
    expect(brokenLinks(chain)).toEqual([]);
    expect(brokenLinks([{ seq: 3, prev: 'hX', hash: 'h3' }, ...chain.slice(1)])).toEqual([3]);
    expect(brokenLinks([{ seq: 9, prev: 'anything', hash: 'h9' }])).toEqual([]);
  });
});

describe('place coordinates', () => {
  test("every catalogue route's stop is in the console's table, each with a valid position", () => {
    const stops = ROUTES.flatMap((r) => r.stops.map(([country, locality]) => `${country} ${locality}`));
    expect(stops.filter((s) => !PLACE_COORDINATES[s])).toEqual([]);
    for (const [place, [lat, lon]] of Object.entries(PLACE_COORDINATES)) {
      expect([place, Math.abs(lat) <= 90 && Math.abs(lon) <= 180]).toEqual([place, true]);
    }
  });
});

describe('route map geometry', () => {
  const p = (country: string, locality: string) => ({ country, locality });
  const leg = (from: ReturnType<typeof p>, to: ReturnType<typeof p>, mode: string) => ({ from, to, mode });
  const elAlto = p('BO', 'El Alto');
  const villazon = p('BO', 'Villazón');
  const quiaca = p('AR', 'La Quiaca');
  const buenosAires = p('AR', 'Buenos Aires');

  test('each place once with its strongest role, each leg once with the members that saw it, unknown places named', () => {
    const { places, legs, unplaced } = routeGeometry([
      { country: 'AR', origin: elAlto, transit: [villazon, quiaca], destination: buenosAires, legs: [leg(elAlto, villazon, 'LAND'), leg(villazon, quiaca, 'LAND'), leg(quiaca, buenosAires, 'LAND')] },
      // PE saw only the end of it, from La Quiaca, and one stop no catalogue knows.
      { country: 'PE', origin: quiaca, transit: [], destination: buenosAires, legs: [leg(quiaca, buenosAires, 'LAND'), leg(buenosAires, p('AR', 'Nowhere'), 'AIR')] },
    ]);
    expect(places.map((x) => [x.key, x.role])).toEqual([['BO El Alto', 'origin'], ['AR Buenos Aires', 'destination'], ['BO Villazón', 'transit'], ['AR La Quiaca', 'origin']]);
    expect(places[0].at).toEqual([PLACE_COORDINATES['BO El Alto'][1], PLACE_COORDINATES['BO El Alto'][0]]);
    expect(legs.map((l) => [l.from.locality, l.to.locality, l.mode, l.observedBy])).toEqual([
      ['El Alto', 'Villazón', 'LAND', ['AR']],
      ['Villazón', 'La Quiaca', 'LAND', ['AR']],
      ['La Quiaca', 'Buenos Aires', 'LAND', ['AR', 'PE']],
    ]);
    expect(unplaced).toEqual(['Nowhere, AR']);
  });

  test('the map shows at least 24° by 16° around the places', () => {
    const { places } = routeGeometry([{ country: 'MX', origin: p('MX', 'Tijuana'), transit: null, destination: p('US', 'San Diego'), legs: [] }]);
    const [[west, south], [east, north]] = viewArea(places).coordinates;
    expect(east - west).toBeCloseTo(24);
    expect(north - south).toBeCloseTo(16);
    expect(west).toBeLessThan(-117.16);
    expect(east).toBeGreaterThan(-117.04);
  });
});

describe('network view graph', () => {
  const caseId = 'AR:C:0000001';
  const suspect = { id: 'AR:P:000000a', country: 'AR', fullName: 'Mateo Quispe Huamán', ageBand: 'ADULT' };
  const victim = { id: 'AR:P:000000b', country: 'AR', fullName: null, ageBand: 'ADULT' };
  const caseAnswer = {
    case: {
      id: caseId, country: 'AR', reference: 'FIS-AR-2024-000001', offences: ['TIP'],
      involved: [{ category: 'SUSPECT', person: suspect }, { category: 'VICTIM', person: victim }, { category: 'WITNESS', person: null }],
      routes: [{ id: 'AR:R:0000001', country: 'AR', routeCode: 'RT-0001' }],
    },
  };
  const caseErrors = [
    { message: 'Not shared', path: ['case', 'involved', 1, 'person', 'fullName'], extensions: { code: 'FORBIDDEN', rule: 'person.identity', country: 'AR' } },
    { message: 'Not shared', path: ['case', 'involved', 2, 'person'], extensions: { code: 'FORBIDDEN', rule: 'case.involved', country: 'AR' } },
  ];

  test('an id names the kind of record', () => {
    expect(['AR:P:0aa79jf', 'AR:C:067ojef', 'PE:R:0000001', 'XS:J:0oq2dni', 'RT-0001'].map(kindOfId)).toEqual(['person', 'case', 'observation', undefined, undefined]);
  });

  test("a case's persons and routes, its withheld persons drawn as withheld by the owner, never named", () => {
    const found = readNeighbourhood({ id: caseId, kind: 'case' }, caseAnswer, caseErrors)!;
    expect(found.centre).toMatchObject({ id: caseId, kind: 'case', label: 'FIS-AR-2024-000001' });
    expect(found.neighbours.map((n) => [n.id, n.kind, n.label, n.withheld, n.expandable])).toEqual([
      [suspect.id, 'person', 'Mateo Quispe Huamán', undefined, true],
      [victim.id, 'person', undefined, { country: 'AR', rule: 'person.identity' }, true],
      ['withheld:case.involved.2.person', 'person', undefined, { country: 'AR', rule: 'case.involved' }, false],
      ['AR:R:0000001', 'observation', 'RT-0001 (AR)', undefined, true],
    ]);
    expect(found.edges.map((e) => [e.target, e.kind, e.category])).toEqual([
      [suspect.id, 'involved', 'SUSPECT'], [victim.id, 'involved', 'VICTIM'], ['withheld:case.involved.2.person', 'involved', 'WITNESS'], ['AR:R:0000001', 'route', undefined],
    ]);
    expect(found.omitted).toBe(0);
  });

  test('expanding grows the graph hop by hop, keeps known nodes and draws each link once', () => {
    let graph = expand(emptyGraph(), readNeighbourhood({ id: caseId, kind: 'case' }, caseAnswer, caseErrors)!);
    expect(graph.nodes.get(caseId)).toMatchObject({ hop: 0, expanded: true });
    expect(graph.nodes.get(suspect.id)).toMatchObject({ hop: 1, expanded: false });
    // The suspect's own read: the same case (already drawn) and a confirmed link to a CO record.
    const personAnswer = {
      person: { ...suspect, involvements: [{ category: 'SUSPECT', case: { id: caseId, country: 'AR', reference: 'FIS-AR-2024-000001' } }], linkedRecords: [{ id: 'CO:P:000000c', country: 'CO', fullName: 'Mateo Quispe Huamán' }] },
    };
    graph = expand(graph, readNeighbourhood({ id: suspect.id, kind: 'person' }, personAnswer, [])!);
    expect(graph.nodes.get(suspect.id)).toMatchObject({ hop: 1, expanded: true });
    expect(graph.nodes.get(caseId)).toMatchObject({ hop: 0 });
    expect(graph.nodes.get('CO:P:000000c')).toMatchObject({ hop: 2, country: 'CO', kind: 'person' });
    const edges = [...graph.edges.values()];
    expect(edges.filter((e) => [e.source, e.target].includes(caseId) && [e.source, e.target].includes(suspect.id))).toHaveLength(1);
    expect(edges.filter((e) => e.kind === 'linked').map((e) => [e.source, e.target])).toEqual([[suspect.id, 'CO:P:000000c']]);
  });

  test("an observation's cases and the other members' observations of its route; a crowd is cut and counted", () => {
    const cases = Array.from({ length: MAX_NEIGHBOURS + 5 }, (_, i) => ({ id: `AR:C:${String(i).padStart(7, '0')}`, country: 'AR', reference: null }));
    const answer = { route: { code: 'RT-0001', observations: [{ id: 'AR:R:0000001', country: 'AR', routeCode: 'RT-0001', cases }, { id: 'PE:R:0000001', country: 'PE', routeCode: 'RT-0001', cases: [] }] } };
    const found = readNeighbourhood({ id: 'AR:R:0000001', kind: 'observation', routeCode: 'RT-0001' }, answer, [])!;
    expect(found.neighbours).toHaveLength(MAX_NEIGHBOURS);
    expect(found.omitted).toBe(6);
    expect(found.edges.every((e) => found.neighbours.some((n) => n.id === e.target))).toBe(true);
    const whole = readNeighbourhood({ id: 'AR:R:0000001', kind: 'observation', routeCode: 'RT-0001' }, { route: { ...answer.route, observations: [{ ...answer.route.observations[0], cases: cases.slice(0, 2) }, answer.route.observations[1]] } }, [])!;
    expect(whole.edges.map((e) => e.kind)).toEqual(['route', 'route', 'sameRoute']);
    expect(readNeighbourhood({ id: 'AR:R:0000009', kind: 'observation', routeCode: 'RT-0001' }, answer, [])).toBeNull();
  });
});

describe('CSV (RFC 4180, formulas kept as text)', () => {
  const one = (cell: string | number | null) => toCsv(['h'], [[cell]]).split('\r\n')[1];
  test('a header row, CRLF between rows, quotes where needed and doubled inside, numbers as they are', () => {
    expect(toCsv(['a', 'b'], [['x', 1], [null, 'y,z']])).toBe('a,b\r\nx,1\r\n,"y,z"');
    expect(one('say "no"')).toBe('"say ""no"""');
    expect(toCsv(['h'], [['two\nlines']])).toBe('h\r\n"two\nlines"');
  });

  test('a text cell a spreadsheet would run as a formula starts with an apostrophe, even across a line break', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(toCsv(['h'], [[cell]]).slice(3)).toMatch(/^"'/);
    expect(one('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(toCsv(['h'], [['=cmd\nx']]).slice(3)).toBe(`"'=cmd\nx"`);
    expect(one('AR:P:1')).toBe('AR:P:1');
    expect(one(-1)).toBe('-1'); // a number is a number
  });
});

describe('purposes read against the catalogue, as the servers read them', () => {
  const server = loadPurposeCatalogue(defaultPurposesPath);
  // The catalogue as purposeCatalogue serves it.
  const served: PurposeCatalogue = {
    purposes: server.purposes.map((p) => ({ id: p.id, labels: Object.entries(p.labels).map(([lang, text]) => ({ lang, text })) })),
    other: { id: server.other.id, labels: Object.entries(server.other.labels).map(([lang, text]) => ({ lang, text })) },
    otherPrefix: 'other: ', minReasonLength: server.other.minReasonLength, acceptsFreeText: true,
  };

  test('the console and the servers agree on what a purpose is', () => {
    for (const text of ['investigation', 'other: A tip from an NGO', 'OTHER :x', 'other', 'Investigation of a trafficking network', 'audit ']) {
      const console = readPurpose(served, text);
      const servers = statedPurpose(server, text);
      expect([text, console.kind]).toEqual([text, servers.kind]);
    }
  });

  test("the picker sends the id or `other: <reason>`; the audit log's purposes read as words in the reader's language", () => {
    expect(purposeText(served, 'hit-follow-up', '')).toBe('hit-follow-up');
    expect(purposeText(served, 'other', '  Una denuncia de una ONG ')).toBe('other: Una denuncia de una ONG');
    expect(describePurpose(served, 'es', 'investigation')).toBe('Investigación de una causa');
    expect(describePurpose(served, 'pt', 'investigation')).toBe('Investigação de um caso');
    expect(describePurpose(served, 'fr', 'investigation')).toBe('Investigation of a case');
    expect(describePurpose(served, 'en', 'other: A tip from an NGO')).toBe('Other (say why): A tip from an NGO');
    expect(describePurpose(served, 'en', 'Investigation of a trafficking network')).toBe('Investigation of a trafficking network');
    expect(describePurpose(null, 'en', 'investigation')).toBe('investigation');
  });
});

describe("the audit log's export", () => {
  const entry = (seq: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
    country: 'AR', seq, at: `2026-05-0${seq}T10:00:00.000Z`, caller: { subject: 'prosecutor@co', country: 'CO', roles: ['prosecutor'], issuer: 'https://idp' },
    operation: { type: 'query', name: 'Person__members__0' }, purpose: 'investigation', caseRef: 'CO-1', decision: 'PARTIAL',
    delivered: [{ record: 'AR:P:1', fields: ['Person.fullName'], grants: ['XS:G:1'] }], withheld: [{ record: 'AR:P:1', field: 'Person.documents', rule: 'person.documents' }],
    hits: null, wrote: [], errors: [], prev: 'p', hash: 'h', ...over,
  });

  test('one row an entry under the header, lists within a cell joined by "; "', () => {
    const text = toCsv(AUDIT_CSV_HEADER, [entry(2), entry(1, { delivered: [], withheld: [], purpose: '=cmd' })].map(auditRow));
    const rows = text.split('\r\n');
    expect(rows[0]).toBe(AUDIT_CSV_HEADER.join(','));
    expect(rows[1]).toBe('AR,2,2026-05-02T10:00:00.000Z,CO,prosecutor@co,prosecutor,https://idp,query,Person__members__0,investigation,CO-1,PARTIAL,AR:P:1,AR:P:1 Person.fullName,XS:G:1,AR:P:1 Person.documents (person.documents),,,,p,h');
    expect(rows[2]).toContain(`,"'=cmd",`);
    expect(rows).toHaveLength(3);
  });

  test('reads every page the filter selects, then stops; a page with errors stops the export with them', async () => {
    const pages = [[entry(3), entry(2)], [entry(1)]];
    const asked: Array<{ after: unknown; f: unknown }> = [];
    const real = globalThis.fetch;
    const answer = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    try {
      globalThis.fetch = (async (_url: string, init: { body: string }) => {
        const { variables } = JSON.parse(init.body);
        asked.push({ after: variables.after, f: variables.f });
        const n = variables.after === null ? 0 : 1;
        return answer({ data: { auditLogPage: { items: pages[n], hasNextPage: n === 0, endCursor: n === 0 ? 'GC1.next' : null } } });
      }) as typeof fetch;
      const progress: number[] = [];
      const read = await readWholeLog({ token: 't' }, 'AR', { callerCountry: 'CO' }, (n) => progress.push(n));
      expect(read.entries.map((e) => e.seq)).toEqual([3, 2, 1]);
      expect(read.errors).toEqual([]);
      expect(asked).toEqual([{ after: null, f: { callerCountry: 'CO' } }, { after: 'GC1.next', f: { callerCountry: 'CO' } }]);
      expect(progress).toEqual([2, 3]);

      globalThis.fetch = (async () => answer({ data: { auditLogPage: null }, errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] })) as unknown as typeof fetch;
      const refused = await readWholeLog({ token: 't' }, 'AR', {}, () => undefined);
      expect(refused.entries).toEqual([]);
      expect(refused.errors[0].extensions?.code).toBe('FORBIDDEN');
    } finally {
      globalThis.fetch = real;
    }
  });
});
