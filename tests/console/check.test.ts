/**
 * "Check abroad" in Chromium against the network on loopback, with the gateway serving the built
 * console in development mode (the token picker): a CO prosecutor checks a passport, an account and
 * a name only AR holds (recorded through AR's own mutations) and sees AR's hit, the others' no hit,
 * a reference to copy and the way to a cooperation request. Every request the page sends is
 * recorded (URL, headers, body) and searched for the number, the account and the name: they never
 * leave the browser in clear; only blinded elements and pseudonyms do, and the pseudonyms asked
 * about are F_k of the very identifiers members index. Bad input is refused in the reader's
 * language before anything is sent, and so is a check the evaluator refuses (budget spent).
 */
import type { Page, Request } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVELOPMENT_MODE, devTokenIssuer, documentIdentifier, accountIdentifier, nameCheckIdentifiers, signingKey } from '@enlace/platform';
import { startGateway, type RunningGateway } from '@enlace/gateway';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';
import { CHROMIUM, chromiumRunnable, launchChromium, type Browser } from './chromium';

if (!chromiumRunnable) console.warn(`tests/console/check skipped: ${CHROMIUM} is missing (install it as root: apt-get install -y chromium)`);
const maybe = chromiumRunnable ? describe : describe.skip;

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Screenshots (not committed), as tests/console/console.test.ts's. */
const ARTIFACTS = join(__dirname, 'artifacts');

/** What only AR holds: a passport, an account held in PE, and the name and date of birth of their holder. */
const PASSPORT = { type: 'PASSPORT', number: 'QH-774 1203', issuingCountry: 'AR' };
const ACCOUNT = { identifier: 'PE-ACC 0098 7731 55', institutionCountry: 'PE' };
const HOLDER = { givenNames: 'Jhon', familyNames: 'Quispe Mamani', sex: 'MALE', dateOfBirth: '1984-02-05', nationalities: ['PE'] };
const NAME_ASKED = 'QUISPE MAMANI Jhon';

/**
 * Whether a text holds the number, the account or the name in any form a leak could take: as typed,
 * normalised (letters and digits), in any case, or as the name's words (their identifiers and keys
 * hold them). "Jhon" is short enough to occur in base64url by chance, so it counts only standing
 * alone, not inside a token, an element or a pseudonym.
 */
function holdsClear(text: string): string | null {
  const plain = text.toUpperCase();
  for (const form of ['QH-774 1203', 'QH7741203', '774 1203', '7741203', 'PE-ACC 0098', 'PEACC0098773155', '0098 7731 55', '0098773155', 'QUISPE', 'MAMANI', 'KISPE']) {
    if (plain.includes(form)) return form;
  }
  const decoded = (() => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  })();
  if (decoded !== text) return holdsClear(decoded);
  return /(?<![A-Za-z0-9_-])jhon(?![A-Za-z0-9_-])/i.test(text) ? 'Jhon' : null;
}

maybe('Check abroad in Chromium', () => {
  let net: TestNetwork;
  let gateway: RunningGateway;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const pageErrors: string[] = [];
  /** Every request the page sent: where, its headers and its body. */
  const sent: Array<{ url: string; method: string; headers: Record<string, string>; body: string }> = [];

  beforeAll(async () => {
    net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 20 });
    const devTokens = devTokenIssuer(net.issuer.issuer, await signingKey(net.issuer.privateJwk), net.issuer.trusted, net.trust.partners);
    gateway = await startGateway({ directory: net.directory, secretariatUrl: net.secretariat.url, hop: net.hop, verifier: net.verifier, mode: DEVELOPMENT_MODE, devTokens, memberTimeoutMs: 3000 });
    origin = new URL(gateway.url).origin;

    // AR records the holder, the passport and the account through its own write path, and indexes their pseudonyms.
    const ar = bearer(await net.token({ country: 'AR' }));
    const created = await gql(net.members.get('AR')!.url, 'mutation($i: PersonInput!) { createPerson(input: $i) { id } }', { i: { ...HOLDER, documents: [PASSPORT] } }, ar);
    expect(created.body.errors).toBeUndefined();
    const recorded = await gql(net.members.get('AR')!.url, 'mutation($i: AccountInput!) { recordAccount(input: $i) { id } }', {
      i: { holderId: created.body.data.createPerson.id, institution: 'Banco de Crédito', identifierType: 'ACCOUNT_NUMBER', ...ACCOUNT },
    }, ar);
    expect(recorded.body.errors).toBeUndefined();
    await net.members.get('AR')!.pseudonymIndex!.settled();

    browser = await launchChromium();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('request', (r: Request) => {
      sent.push({ url: r.url(), method: r.method(), headers: r.headers(), body: r.postData() ?? '' });
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await net?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    // Nothing the page sent, in any test, held the number, the account or the name; nor does its address.
    for (const r of sent) expect({ url: r.url, leaked: holdsClear(`${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`) }).toEqual({ url: r.url, leaked: null });
    expect(holdsClear(page.url())).toBeNull();
  });

  async function signIn(identity: string, caseRef: string): Promise<void> {
    await page.goto(`${origin}/console/`);
    await page.selectOption('#dev-identity', { label: identity });
    await page.click('button:has-text("Sign in with this identity")');
    await page.locator('select#purpose').waitFor();
    await page.selectOption('#purpose', 'investigation');
    await page.fill('#case-ref', caseRef);
    await page.click('button:has-text("Continue")');
    await page.locator('h1:has-text("Search across the network")').waitFor();
  }

  async function expectAccessible(name: string): Promise<void> {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ passes: unknown[]; violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run();
      return { passed: result.passes.length, found: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`) };
    });
    expect({ page: name, violations: violations.found }).toEqual({ page: name, violations: [] });
    expect(violations.passed).toBeGreaterThan(10);
  }

  const answers = () => page.$$eval('tr[data-country]', (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-country'), r.getAttribute('data-hit') === 'true'])));
  const posted = (path: string) => sent.filter((r) => r.method === 'POST' && new URL(r.url).pathname === path);

  /** Sends the form and waits for the members' answers to this check (the previous ones are gone once it is sent). */
  async function check(): Promise<void> {
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/graphql' && /Hits\(/.test(r.request().postData() ?? '')),
      page.click('form button[type=submit]'),
    ]);
    await page.locator('#check-results-title').waitFor();
  }

  test('a CO prosecutor checks a passport only AR holds: AR holds a record, CO and PE none; the reference is copied and leads to a request', async () => {
    await signIn('CO prosecutor', 'CO-2026-TIP-0900');
    await page.click('nav a:has-text("Check abroad")');
    await page.locator('h1:has-text("Check abroad (hit/no-hit)")').waitFor();
    await page.fill('#check-issuingCountry', 'ar');
    await page.fill('#check-number', PASSPORT.number);
    await check();
    expect(await answers()).toEqual({ AR: true, CO: false, PE: false });
    expect(await page.locator('tr[data-hit=false] [data-reference]').count()).toBe(0);
    // What was asked is on the screen (only there), the answers under it.
    expect(await page.textContent('[data-testid=check-asked]')).toBe('Answers for Identity document AR QH-774 1203');

    // What crossed: blinded elements to the evaluator's relay (one, the caller's token), then the pseudonym to /graphql with the purpose and case reference.
    const evaluated = posted('/pseudonyms/evaluate');
    expect(evaluated).toHaveLength(1);
    expect(evaluated[0].headers.authorization).toMatch(/^Bearer \S+$/);
    expect(JSON.parse(evaluated[0].body)).toEqual({ elements: [expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)] });
    const question = posted('/graphql').find((r) => r.body.includes('documentHits'))!;
    expect(JSON.parse(question.body).variables).toEqual({ pseudonym: net.prfKey.pseudonym(documentIdentifier(PASSPORT.issuingCountry, PASSPORT.number)) });
    expect(question.headers['x-enlace-purpose']).toBe('investigation');
    expect(question.headers['x-enlace-case-ref']).toBe('CO-2026-TIP-0900');
    await expectAccessible('check abroad');

    // The reference: copied to the clipboard, and the cooperation request's subject.
    const reference = (await page.locator('tr[data-country=AR] [data-reference]').getAttribute('data-reference'))!;
    expect(reference).toMatch(/^HNH2\./);
    await page.click('tr[data-country=AR] button:has-text("Copy")');
    await page.locator('tr[data-country=AR] button:has-text("Copied.")').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reference);
    await page.click('tr[data-country=AR] a:has-text("Request cooperation")');
    await page.locator('h1:has-text("Request cooperation")').waitFor();
    expect(await page.inputValue('#owner')).toBe('AR');
    expect(await page.inputValue('#subjects')).toBe(reference);
    expect(await page.inputValue('#req-case-ref')).toBe('CO-2026-TIP-0900');
  });

  test('an account only AR holds, with and without the country where it is held; in another country, no hit', async () => {
    await page.click('nav a:has-text("Check abroad")');
    await page.check('input[name=check-kind][value=account]');
    await page.fill('#check-account', ACCOUNT.identifier.toLowerCase());
    await page.fill('#check-accountCountry', 'PE');
    await check();
    expect(await answers()).toEqual({ AR: true, CO: false, PE: false });
    const question = posted('/graphql').filter((r) => r.body.includes('accountHits')).at(-1)!;
    expect(JSON.parse(question.body).variables).toEqual({ pseudonym: net.prfKey.pseudonym(accountIdentifier(ACCOUNT.identifier, 'PE')) });
    await page.fill('#check-accountCountry', '');
    await check();
    expect(await answers()).toEqual({ AR: true, CO: false, PE: false });
    await page.fill('#check-accountCountry', 'BO');
    await check();
    expect(await answers()).toEqual({ AR: false, CO: false, PE: false });
  });

  test('a check by "QUISPE MAMANI Jhon", born 1984, finds AR\'s "Jhon Quispe Mamani" born 1984-02-05', async () => {
    await page.click('nav a:has-text("Check abroad")');
    await page.check('input[name=check-kind][value=name]');
    await page.fill('#check-name', NAME_ASKED);
    await page.fill('#check-born', '1984');
    await check();
    expect((await answers()).AR).toBe(true);
    expect(await page.locator('tr[data-country=AR] [data-reference]').count()).toBe(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, '11-check-abroad-name.png'), fullPage: true });
    const question = posted('/graphql').filter((r) => r.body.includes('nameHits')).at(-1)!;
    const keys = nameCheckIdentifiers({ name: NAME_ASKED, born: '1984' });
    expect(JSON.parse(question.body).variables).toEqual({ pseudonyms: keys.map((k) => net.prfKey.pseudonym(k)) });
    expect(JSON.parse(posted('/pseudonyms/evaluate').at(-1)!.body).elements).toHaveLength(keys.length);
    // Born another year: AR holds no such person.
    await page.fill('#check-born', '1985');
    await check();
    expect((await answers()).AR).toBe(false);
  });

  test('bad input is refused in the reader\'s language before anything is sent', async () => {
    await page.click('nav a:has-text("Check abroad")');
    const asked = () => posted('/pseudonyms/evaluate').length;
    const before = asked();
    const refused = async (field: string, words: RegExp) => {
      await page.click('form button[type=submit]');
      const problem = page.locator('#check-problem');
      await problem.waitFor();
      expect(await problem.getAttribute('data-field')).toBe(field);
      expect(await problem.textContent()).toMatch(words);
      expect(await page.locator(`#check-${field}`).getAttribute('aria-invalid')).toBe('true');
    };
    await page.check('input[name=check-kind][value=name]');
    await page.fill('#check-name', 'Quispe');
    await page.fill('#check-born', '1984');
    await refused('name', /^Write at least two words of the name/);
    await page.fill('#check-name', NAME_ASKED);
    await page.fill('#check-born', '84');
    await refused('born', /four digits \(1984\)/);
    await page.fill('#check-born', '1984-02-30');
    await refused('born', /cannot be/);
    // Answers to another kind of check are not left under this one.
    await page.locator('#check-results-title').waitFor();
    await page.check('input[name=check-kind][value=document]');
    expect(await page.locator('#check-results-title').count()).toBe(0);
    await page.fill('#check-issuingCountry', 'A');
    await page.fill('#check-number', PASSPORT.number);
    await refused('issuingCountry', /two-letter ISO code/);
    await page.fill('#check-issuingCountry', 'AR');
    await page.fill('#check-number', ' - / ');
    await refused('number', /no letters or digits/);
    await page.screenshot({ path: join(ARTIFACTS, '11-check-abroad-problem.png'), fullPage: true });
    await expectAccessible('check abroad, a problem');
    // The same in Spanish and in Portuguese.
    await page.selectOption('#lang', 'es');
    await page.check('input[name=check-kind][value=name]');
    await page.fill('#check-name', 'Quispe');
    await page.fill('#check-born', '1984');
    await refused('name', /^Escriba al menos dos palabras del nombre/);
    await page.selectOption('#lang', 'pt');
    await page.fill('#check-name', NAME_ASKED);
    await page.fill('#check-born', '2999');
    await refused('born', /^Essa data de nascimento não é possível/);
    await page.selectOption('#lang', 'en');
    expect(asked()).toBe(before);
  });

  test('the evaluator\'s refusal is said in words: a PE prosecutor whose hourly budget of elements is spent', async () => {
    // The same person as the picker's "PE prosecutor" spends the budget elsewhere (malformed elements are counted too).
    const token = await net.token({ country: 'PE', roles: ['prosecutor'], subject: 'prosecutor@pe' });
    const spend = await fetch(`${origin}/pseudonyms/evaluate`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ elements: Array(400).fill('A'.repeat(43)) }),
    });
    expect(spend.status).toBe(400);
    await page.click('button:has-text("Sign out")');
    await signIn('PE prosecutor', 'PE-2026-0042');
    await page.click('nav a:has-text("Check abroad")');
    await page.fill('#check-issuingCountry', 'AR');
    await page.fill('#check-number', PASSPORT.number);
    const graphqlBefore = posted('/graphql').filter((r) => r.body.includes('documentHits')).length;
    await page.click('form button[type=submit]');
    const refusal = page.locator('[data-testid=check-refused]');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('PSEUDONYM_BUDGET_SPENT');
    expect(await refusal.textContent()).toMatch(/^Your hourly allowance of checks at the network’s pseudonym evaluator is used up; try again in \d+ min\. PSEUDONYM_BUDGET_SPENT$/);
    // Nothing was asked of the members.
    expect(posted('/graphql').filter((r) => r.body.includes('documentHits')).length).toBe(graphqlBefore);
    expect(await page.locator('#check-results-title').count()).toBe(0);
    await page.selectOption('#lang', 'es');
    await page.click('form button[type=submit]');
    await page.locator('[data-testid=check-refused]:has-text("Agotó su cupo horario")').waitFor();
    await page.selectOption('#lang', 'en');
  });
});
