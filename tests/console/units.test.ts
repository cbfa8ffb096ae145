/** The console's pure parts: the member strip, withheld markers, the router, token reading and the gateway's file mapping. */
import { resolve, sep } from 'node:path';
import { consoleFile } from '@enlace/gateway';
import { brokenLinks } from '../../console/src/auditChain';
import { countByCountry, memberOutcomes, otherErrors, ownerOfId, withheldFields } from '../../console/src/outcome';
import { href, parseHash } from '../../console/src/router';
import { readToken } from '../../console/src/token';

const unavailable = (country: string, reason = 'unreachable') => ({ message: `Member state ${country} is unavailable`, path: ['persons'], extensions: { code: 'MEMBER_UNAVAILABLE', country, reason } });
const forbidden = (path: (string | number)[], rule: string, country?: string) => ({ message: 'Not shared', path, extensions: { code: 'FORBIDDEN', rule, ...(country ? { country } : {}) } });

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
    expect(readToken(jwt({ country: 'CO', roles: ['prosecutor'], sub: 'fiscalía@co', exp: 10 }))).toEqual({ country: 'CO', roles: ['prosecutor'], subject: 'fiscalía@co', expires: 10 });
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
