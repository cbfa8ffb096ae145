/**
 * The console in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole network on loopback, with the gateway serving the built console (console/dist) and,
 * in development mode, the dev token picker: sign in, state a purpose, search, open records, the
 * network view and a route map, file a cooperation request and decide it as the owner, the JIT
 * workspace, see a stopped member in the strip. No request may leave loopback.
 * axe-core checks every page; screenshots and the measured load time and bundle size go to
 * tests/console/artifacts/ (not committed).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import Papa from 'papaparse';
import { DEVELOPMENT_MODE, devTokenIssuer, makeId, signingKey } from '@enlace/platform';
import { CONSOLE_CSP, startGateway, type RunningGateway } from '@enlace/gateway';
import Papa from 'papaparse';
import { tangles, type Box } from '../../console/src/network/untangle';
import { ENUM_WORDS } from '../../console/src/words/enums';
import { bearer, documentPseudonym, gql, startNetwork, type TestNetwork } from '../support/network';
import { pdfText } from '../support/pdfText';

const CHROMIUM = '/usr/bin/chromium';
const DIST = resolve(__dirname, '..', '..', 'console', 'dist');
const ARTIFACTS = join(__dirname, 'artifacts');
const isRoot = process.getuid?.() === 0;
// CI runs as root and installs Chromium (.ci/run), so there the tests always run.
const runnable = existsSync(CHROMIUM) || isRoot;
if (!runnable) console.warn(`tests/console skipped: ${CHROMIUM} is missing (install it as root: apt-get install -y chromium)`);
const maybe = runnable ? describe : describe.skip;

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

maybe('the console in Chromium', () => {
  let net: TestNetwork;
  let gateway: RunningGateway;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  /** Requests the page made to anything but loopback: the console must work with the network cable unplugged. */
  const outside: string[] = [];
  const metrics: Record<string, number> = {};

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) throw new Error('console/dist is missing: run `npm run build` first');
    // The badge asks again every 2 s here (COOPERATION_ATTENTION_POLL_SECONDS; 30 by default).
    net = await startNetwork({ countries: ['AR', 'CO', 'PE'], persons: 60, secretariatOptions: { attentionPollSeconds: 2 } });
    const devTokens = devTokenIssuer(net.issuer.issuer, await signingKey(net.issuer.privateJwk), net.issuer.trusted, net.trust.partners);
    // The network's gateway is production; this one is what `npm start` runs: development, with the token picker.
    gateway = await startGateway({ directory: net.directory, secretariatUrl: net.secretariat.url, hop: net.hop, verifier: net.verifier, mode: DEVELOPMENT_MODE, devTokens, memberTimeoutMs: 3000 });
    origin = new URL(gateway.url).origin;
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'enlace-chromium-'));
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 860 },
      locale: 'en-GB',
    });
    // Every request to a host other than loopback is recorded, and afterEach fails on any. (Watched,
    // not intercepted: routing every request through the test would slow the load time measured below.)
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (/^(https?|wss?):$/.test(url.protocol) && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) outside.push(request.url());
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    await gateway?.close();
    await net?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(outside).toEqual([]);
  });

  /** Adds figures to tests/console/artifacts/metrics.json (printed by the test that measures them). */
  function recordMetrics(figures: Record<string, number>): void {
    Object.assign(metrics, figures);
    writeFileSync(join(ARTIFACTS, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  }

  const gzipOf = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, 'assets', f)), { level: 9 }).length, 0);

  /** axe-core, evaluated through the DevTools protocol (the page's CSP rightly refuses injected scripts). */
  async function expectAccessible(name: string): Promise<void> {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ passes: unknown[]; violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run();
      return { passed: result.passes.length, found: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`) };
    });
    expect({ page: name, violations: violations.found }).toEqual({ page: name, violations: [] });
    // axe ran its checks (an empty list from a run that checked nothing would prove nothing).
    expect(violations.passed).toBeGreaterThan(10);
  }

  /** A screenshot: the whole page, the window (false), or the page's first `height` pixels (a search's form, strip and first results). */
  const shot = (name: string, fullPage: boolean | number = true) => page.screenshot({
    path: join(ARTIFACTS, `${name}.png`),
    ...(typeof fullPage === 'number' ? { fullPage: true, clip: { x: 0, y: 0, width: page.viewportSize()!.width, height: fullPage } } : { fullPage }),
  });

  /** Clicks `button` and returns the file the page hands over: its suggested name and its bytes. */
  async function download(button: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const path = await file.path();
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  }

  /** A CSV export's rows by header, the byte order mark dropped. */
  function csvRows(bytes: Buffer): Record<string, string>[] {
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const { data, errors } = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(errors).toEqual([]);
    return data;
  }

  async function signIn(identity: string): Promise<void> {
    await page.goto(`${origin}/console/`);
    await page.selectOption('#dev-identity', { label: identity });
    await page.click('button:has-text("Sign in with this identity")');
    await page.locator('#purpose').waitFor();
  }

  /** A catalogue purpose by its id (`investigation`), or any other text as "Other (say why)" with that reason. */
  async function statePurpose(purpose: string, caseRef: string): Promise<void> {
    await page.locator('select#purpose').waitFor();
    const ids = await page.$$eval('select#purpose option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    if (ids.includes(purpose)) {
      await page.selectOption('#purpose', purpose);
    } else {
      await page.selectOption('#purpose', 'other');
      await page.fill('#purpose-reason', purpose);
    }
    await page.fill('#case-ref', caseRef);
    await page.click('button:has-text("Continue")');
    await page.locator('h1:has-text("Search across the network")').waitFor();
  }

  async function searchPersons(name: string): Promise<void> {
    await page.fill('#f-name', name);
    await page.click('.search-form button[type=submit]');
    await page.locator('.strip').waitFor();
  }

  /** The withheld marks the protocol's rule titles make (schema/protocol/v1.json), in each language. */
  const IDENTITY = {
    en: 'withheld by AR: the person’s identity (names, aliases, date of birth)',
    es: 'reservado por AR: identidad de la persona (nombres, alias, fecha de nacimiento)',
    pt: 'reservado por AR: identidade da pessoa (nomes, apelidos, data de nascimento)',
  };
  const DOCUMENTS_EN = 'withheld by AR: the person’s identity documents';
  const TRANSFERS_EN = 'withheld by AR: money transfers in the case';
  /** Codes a page, a timeline or an export must show as words (not a case reference's CO-2026-TIP-0077). */
  const CODES = /(?<![\w-])(SUSPECT|VICTIM|WITNESS|INVESTIGATION|PROSECUTION|ADULT_\w+|PASSPORT|NATIONAL_ID|MALE|FEMALE|TIP|SOM|MONEY_REMITTANCE|BANK)(?![\w-])/;

  const strip = () => page.$$eval('.strip li', (items) => items.map((li) => [li.getAttribute('data-country'), li.getAttribute('data-state'), li.textContent?.trim()]));

  test('serves the built console with its content types, a self-only CSP and nothing outside the build', async () => {
    const index = await fetch(`${origin}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    const html = await index.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/console\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect((await fetch(`${origin}${script}`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${origin}${style}`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${origin}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
    for (const path of ['/console/..%2f..%2fpackage.json', '/console/%2e%2e/%2e%2e/package.json', '/console/assets', '/console/nothing.js']) {
      expect([path, (await fetch(`${origin}${path}`)).status]).toEqual([path, 404]);
    }
    expect((await fetch(`${origin}/console/`, { method: 'POST' })).status).toBe(405);
    // Every URL the page names is on this origin: nothing comes from the internet.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  test('a CO prosecutor signs in, states a purpose and finds Quispe in AR, CO and PE, with AR\'s withheld names marked', async () => {
    const started = Date.now();
    await page.goto(`${origin}/console/`);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd), loadMs: Math.round(nav.loadEventEnd) };
    });
    await page.locator('h1:has-text("Sign in")').waitFor();
    await expectAccessible('sign-in');
    await shot('1-sign-in');
    await signIn('CO prosecutor');
    await expectAccessible('purpose');
    // The purpose comes from the network's catalogue; "Other" needs a reason in words.
    await page.selectOption('#purpose', 'other');
    await page.fill('#purpose-reason', 'tip');
    await page.fill('#case-ref', 'CO-2026-TIP-0077');
    await page.click('button:has-text("Continue")');
    await page.locator('[role=alert]:has-text("at least 10 characters")').waitFor();
    await statePurpose('investigation', 'CO-2026-TIP-0077');
    expect(await page.textContent('[data-testid=purpose]')).toBe('Investigation of a case');
    // A JIT can be the case reference: once a purpose is stated, picking the active AR–CO team puts its id there.
    await page.click('a:has-text("Change")');
    await page.selectOption('#jit', { index: 1 });
    expect(await page.inputValue('#case-ref')).toMatch(/^XS:J:/);
    await statePurpose('investigation', 'CO-2026-TIP-0077');
    expect(await page.textContent('[data-testid=who]')).toContain('CO prosecutor');
    expect(await page.textContent('[data-testid=case-ref]')).toBe('CO-2026-TIP-0077');

    await searchPersons('Quispe');
    const members = await strip();
    expect(members.map(([country, state]) => [country, state])).toEqual([['AR', 'answered'], ['CO', 'answered'], ['PE', 'answered']]);
    const owners = await page.$$eval('.results .record', (cards) => cards.map((c) => c.getAttribute('data-country')));
    expect(new Set(owners)).toEqual(new Set(['AR', 'CO', 'PE']));
    for (const [country, , text] of members) expect(text).toContain(`${owners.filter((o) => o === country).length} result`);
    const arWithheld = await page.locator('.results .record[data-country=AR] .withheld').allTextContents();
    expect(arWithheld.length).toBeGreaterThan(0);
    expect(arWithheld).toContain(IDENTITY.en);
    // Roles, offences and statuses in words, not codes.
    const cards = await page.locator('.results').textContent();
    expect(cards).toMatch(/trafficking in persons|smuggling of migrants/);
    expect(cards).not.toMatch(/\b(SUSPECT|VICTIM|INVESTIGATION|PASSPORT|TIP|SOM)\b/);
    // The suspect's own name is shared: only the victims' and witnesses' are withheld.
    expect(await page.locator(`.results .record[data-id="${makeId('AR', 'P', 1)}"] :is(h3, h4)`).textContent()).toContain('Mateo Quispe Huamán');
    // One person across countries, over the links CO may know of: AR–CO and CO–PE (CO is a party to each), as the seed confirms them.
    const quispe = page.locator(`.results .person-group:has(.record[data-id="${makeId('AR', 'P', 1)}"])`);
    expect(await quispe.locator('h3').textContent()).toBe('Same person, confirmed in AR, CO, PE');
    expect(await quispe.locator('.record').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(['AR', 'CO', 'PE'].map((cc) => makeId(cc, 'P', 1)));
    await expectAccessible('search');
    await shot('2-search', 1320);

    // Spanish and Portuguese labels, enum values and rule titles, then back to English.
    await page.selectOption('#lang', 'es');
    await page.locator('h1:has-text("Búsqueda en la red")').waitFor();
    expect(await page.locator('.results .record[data-country=AR] .withheld').first().textContent()).toBe(IDENTITY.es);
    expect(await page.locator('.results').textContent()).toMatch(/trata de personas|tráfico ilícito de migrantes/);
    await expectAccessible('search (es)');
    await page.selectOption('#lang', 'pt');
    await page.locator('h1:has-text("Pesquisa na rede")').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('pt');
    expect(await page.locator('.results .record[data-country=AR] .withheld').first().textContent()).toBe(IDENTITY.pt);
    expect(await page.locator('.results').textContent()).toMatch(/vítima|testemunha|suspeito/);
    expect((await strip()).map(([, , text]) => text)).toEqual(expect.arrayContaining([expect.stringMatching(/resultado/)]));
    expect(await page.locator('#f-category option').allTextContents()).toEqual(expect.arrayContaining(['vítima', 'migrante contrabandeado']));
    await expectAccessible('search (pt)');
    await shot('2-search-pt', 1320);
    await page.selectOption('#lang', 'en');

    // The first page loads what index.html names; the network view, the map and the atlas come when opened.
    const assets = readdirSync(join(DIST, 'assets'));
    const firstPage = [...readFileSync(join(DIST, 'index.html'), 'utf8').matchAll(/\/console\/assets\/([^"]+)"/g)].map((m) => m[1]);
    const gzip = gzipOf(firstPage);
    const all = gzipOf(assets.filter((f) => /\.(js|css|json)$/.test(f)));
    recordMetrics({ ...timing, bundleGzipBytes: gzip, allAssetsGzipBytes: all, signInToResultsMs: Date.now() - started });
    console.log(`console: first page ${(gzip / 1024).toFixed(1)} KiB gzip (all assets with the lazy network view, map and atlas: ${(all / 1024).toFixed(1)} KiB); DOMContentLoaded ${timing.domContentLoadedMs} ms, load ${timing.loadMs} ms (navigation timing, headless Chromium)`);
  });

  test("the strip says how many each member holds; more from one member, then every record is shown once", async () => {
    // What AR holds for a CO prosecutor searching AR nationals, as the API counts it: more than one page of 20.
    const co = bearer(await net.token({ country: 'CO', roles: ['prosecutor'] }), 'Investigation of a trafficking network', 'CO-2026-TIP-0077');
    const { body } = await gql(net.gateway.url, '{ personsPage(filter: { nationality: "AR" }, countries: ["AR"], first: 1) { members { count countCapped } } }', {}, co);
    const held = body.data.personsPage.members[0].count as number;
    expect(held).toBeGreaterThan(20);
    await page.fill('#f-name', '');
    await page.fill('#f-nationality', 'AR');
    await page.click('.search-form button[type=submit]');
    const ar = page.locator('.strip li[data-country=AR]');
    await ar.locator('button').waitFor();
    expect(await ar.textContent()).toContain(`${held} results · 20 shown`);
    expect(await page.locator('.results .record[data-country=AR]').count()).toBe(20);
    await expectAccessible('search with more to load');
    await shot('2b-search-more', false);
    await ar.locator('button:has-text("More from AR")').click();
    await page.locator(`.strip li[data-country=AR][data-shown="${held}"]`).waitFor();
    expect(await ar.locator('button').count()).toBe(0);
    const ids = await page.$$eval('.results .record[data-country=AR]', (cards) => cards.map((c) => c.getAttribute('data-id')));
    expect(ids).toHaveLength(held);
    expect(new Set(ids).size).toBe(held);
    expect(await page.textContent('[data-testid=shown]')).toMatch(new RegExp(`^(\\d+) of \\1 shown$`));
    expect(await page.locator('button:has-text("Load more")').count()).toBe(0);
    // Back to the Quispe search the next test starts from.
    await page.fill('#f-nationality', '');
    await searchPersons('Quispe');
    await page.locator(`.results .record[data-id="${makeId('AR', 'P', 1)}"]`).waitFor();
  });

  test('a person page and a case page show the owner, handling, grading and withheld fields', async () => {
    await page.click(`.results .record[data-id="${makeId('AR', 'P', 1)}"] :is(h3, h4) a`);
    await page.locator('h1:has-text("Person: Mateo Quispe Huamán")').waitFor();
    expect(await page.textContent('.record-id')).toContain('AR');
    expect(await page.locator('main').textContent()).toContain('Request cooperation');
    await expectAccessible('person');
    await shot('3-person');

    await page.click(`a[href="#/case/${encodeURIComponent(makeId('AR', 'C', 1))}"]`);
    await page.locator('h1:has-text("Case:")').waitFor();
    const facts = await page.textContent('main');
    expect(facts).toContain('Handling code');
    expect(facts).toMatch(/Source reliability[A-CX] — (reliable|mostly reliable|not reliable|cannot be judged)/);
    expect(facts).toMatch(/Handling codeH[0-3] — /);
    // Dates in the user's locale (en-GB here): "12 Mar 2024", not "2024-03-12".
    expect(facts).toMatch(/Opened\d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(await page.locator('main .withheld').allTextContents()).toContain(IDENTITY.en);
    await expectAccessible('case');

    // A victim's page: the record exists for a foreign prosecutor, her identity is withheld, her profile is not.
    await page.click('#involved-title + ul li:has-text("victim") a');
    await page.locator(`h1:has-text("Person: ${IDENTITY.en}")`).waitFor();
    expect(await page.locator('main .withheld').allTextContents()).toEqual(expect.arrayContaining([IDENTITY.en, DOCUMENTS_EN]));
    // The rule's id and the protocol's own text are there for whoever looks closer.
    expect(await page.locator('main .withheld[data-rule="person.identity"]').first().getAttribute('title')).toMatch(/^person\.identity: Who the person is/);
    expect(await page.textContent('main')).toMatch(/Age bandadult \(/);
    await expectAccessible('person (withheld)');
    await page.goBack();
    await page.locator('h1:has-text("Case:")').waitFor();

    const route = page.locator('a[href^="#/route/"]').first();
    const code = await route.textContent();
    await route.click();
    await page.locator(`h1:has-text("Route ${code}")`).waitFor();
    expect((await strip()).every(([, state]) => state === 'answered')).toBe(true);
    await expectAccessible('route');
  });

  test("an AR case leaves the screen as PDF, CSV and print with AR's withheld fields marked, who read it, why and when; its timeline; all in words, in English and Portuguese", async () => {
    const caseId = makeId('AR', 'C', 1);
    await page.goto(`${origin}/console/#/case/${encodeURIComponent(caseId)}`);
    await page.locator('h1:has-text("Case: FIS-AR-2024-000001")').waitFor();
    const note = await page.textContent('[data-testid=read-note]');
    // When, in the user's locale (en-GB here), to the second.
    expect(note).toMatch(/^Read \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d UTC by CO prosecutor \(.+\) · purpose: Investigation of a case · case reference: CO-2026-TIP-0077$/);
    // The timeline: the opening and the route's first day, dated and in order; AR's transfers withheld, undated, marked.
    const dates = await page.$$eval('[data-testid=timeline] li[data-date]', (items) => items.map((li) => li.getAttribute('data-date')!));
    expect(dates.length).toBeGreaterThanOrEqual(2);
    expect([...dates].sort()).toEqual(dates);
    expect(await page.locator('[data-testid=timeline] li:not([data-date]) .withheld').allTextContents()).toContain(TRANSFERS_EN);
    expect(await page.locator('[data-testid=timeline] li[data-date] time').first().textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);

    const pdf = await download('button:has-text("Export PDF")');
    expect(pdf.name).toMatch(/^AR-C-[0-9a-z]+_\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.pdf$/);
    const { text, pages } = pdfText(pdf.bytes);
    expect(text).toContain('FIS-AR-2024-000001');
    expect(text).toContain(IDENTITY.en);
    expect(text).toContain(TRANSFERS_EN);
    expect(text).not.toMatch(CODES);
    // Who read it, when and why, at each page's foot.
    expect(text.split(note!).length - 1).toBe(pages);

    const csv = csvRows((await download('button:has-text("Export CSV")')).bytes);
    const withheldNames = csv.filter((r) => r.Rule === 'person.identity');
    expect(withheldNames.length).toBeGreaterThan(0);
    // The mark in words for people; the owner and the rule's id for machines.
    for (const r of withheldNames) expect(r).toMatchObject({ Record: caseId, Owner: 'AR', Value: IDENTITY.en, 'Withheld by': 'AR' });
    for (const r of csv) expect(r.Value).not.toMatch(CODES);
    expect(Object.values(ENUM_WORDS.CaseStatus).map((x) => x.en)).toContain(csv.find((r) => r.Field === 'Status')?.Value);
    for (const r of csv) expect([r.Purpose, r['Case reference'], r['Read by']]).toEqual(['Investigation of a case', 'CO-2026-TIP-0077', expect.stringMatching(/^CO prosecutor/)]);
    expect(csv.find((r) => r.Field === 'File number')?.Value).toBe('FIS-AR-2024-000001');

    // On paper: the record and who read it, not the navigation or the buttons.
    await page.emulateMedia({ media: 'print' });
    const printed = pdfText(await page.pdf({ format: 'A4' })).text;
    await page.emulateMedia({ media: 'screen' });
    expect(printed).toContain(note!);
    expect(printed).toContain(IDENTITY.en);
    expect(printed).not.toContain('Export PDF');
    expect(printed).not.toContain('Sign out');
    await expectAccessible('case with its timeline');
    await shot('4-case');

    // In Portuguese: the page, its timeline and its CSV in Portuguese words, the rule's Portuguese title.
    await page.selectOption('#lang', 'pt');
    await page.locator('h1:has-text("Caso: FIS-AR-2024-000001")').waitFor();
    expect(await page.textContent('[data-testid=read-note]')).toMatch(/^Consultado em .+ UTC por CO promotor \(.+\) · finalidade: /);
    expect(await page.locator('[data-testid=timeline] li:not([data-date]) .withheld').allTextContents()).toContain('reservado por AR: transferências de dinheiro do caso');
    const csvPt = csvRows((await download('button:has-text("Exportar CSV")')).bytes);
    expect(csvPt.filter((r) => r.Regra === 'person.identity').map((r) => r.Valor)).toContain(IDENTITY.pt);
    expect(Object.values(ENUM_WORDS.CaseStatus).map((x) => x.pt)).toContain(csvPt.find((r) => r.Campo === 'Situação')?.Valor);
    for (const r of csvPt) expect(r.Valor).not.toMatch(CODES);
    await expectAccessible('case (pt)');
    await page.selectOption('#lang', 'en');
    await page.locator('h1:has-text("Case: FIS-AR-2024-000001")').waitFor();
  });

  test("a case's network view: its persons and routes, withheld persons drawn as such, expanded hop by hop to a linked record abroad", async () => {
    const caseId = makeId('AR', 'C', 1);
    const suspect = makeId('AR', 'P', 1);
    const row = (id: string) => page.locator(`[data-testid=network-nodes] tr[data-id="${id}"]`);
    await page.goto(`${origin}/console/#/case/${encodeURIComponent(caseId)}`);
    await page.locator('h1:has-text("Case:")').waitFor();
    const started = Date.now();
    await page.click('.record-id a:has-text("Network view")');
    await row(caseId).locator('text=expanded').waitFor();
    const opened = Date.now() - started;
    expect(await page.locator('[data-testid=network-diagram] canvas').count()).toBeGreaterThan(0);
    expect(await row(suspect).textContent()).toContain('Mateo Quispe Huamán');
    expect(await page.locator('[data-testid=network-nodes] tr[data-kind=observation]').count()).toBeGreaterThan(0);
    // AR withholds its victims' names from a CO prosecutor: listed (and drawn) as withheld by AR, never blank.
    const withheld = page.locator('[data-testid=network-nodes] tr[data-withheld=true]');
    expect(await withheld.count()).toBeGreaterThan(0);
    expect(await withheld.first().textContent()).toContain(IDENTITY.en);
    const before = await page.locator('[data-testid=network-nodes] tbody tr').count();
    await expectAccessible('network view');
    // From the keyboard: the suspect's confirmed link to the same person's record in CO comes one hop further out.
    await row(suspect).locator('button').focus();
    await page.keyboard.press('Enter');
    await row(suspect).locator('text=expanded').waitFor();
    await row(makeId('CO', 'P', 1)).waitFor();
    expect(await row(makeId('CO', 'P', 1)).locator('td').first().textContent()).toBe('2');
    expect(await page.locator('[data-testid=network-nodes] tbody tr').count()).toBeGreaterThan(before);
    expect(await page.textContent('[data-testid=network-edges]')).toContain('same person (confirmed link)');
    // The picture reads: spread in both directions (not one line), no two labels overlap, no link runs through a record it does not join.
    const picture = await page.evaluate(() => {
      type Node = { id(): string; position(): { x: number; y: number }; boundingBox(o: object): { x1: number; x2: number; y1: number; y2: number }; };
      type Edge = { source(): { id(): string }; target(): { id(): string } };
      const cy = (document.querySelector('[data-testid=network-diagram]') as unknown as { _cyreg: { cy: { nodes(): { map<T>(f: (n: Node) => T): T[] }; edges(): { map<T>(f: (e: Edge) => T): T[] } } } })._cyreg.cy;
      return {
        boxes: cy.nodes().map((n) => {
          const { x, y } = n.position();
          const b = n.boundingBox({ includeLabels: true, includeOverlays: false });
          return { id: n.id(), x, y, left: b.x1 - x, right: b.x2 - x, top: b.y1 - y, bottom: b.y2 - y };
        }),
        lines: cy.edges().map((e) => ({ source: e.source().id(), target: e.target().id() })),
      };
    }) as { boxes: Box[]; lines: { source: string; target: string }[] };
    expect(picture.boxes.length).toBe(await page.locator('[data-testid=network-nodes] tbody tr').count());
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
    expect(spread(picture.boxes.map((b) => b.x))).toBeGreaterThan(100);
    expect(spread(picture.boxes.map((b) => b.y))).toBeGreaterThan(100);
    expect(tangles(picture.boxes, picture.lines)).toEqual({ overlaps: [], crossings: [] });
    await page.locator('h1').scrollIntoViewIfNeeded();
    await shot('7-network', false);
    recordMetrics({ networkViewOpenMs: opened });
    console.log(`console: network view opened (lazy chunk and first read) in ${opened} ms`);
  });

  test('one person across countries: CO sees the AR, CO and PE records side by side, each its owner\'s; a link to a record CO may not know of shows nothing, and shows it to its owner', async () => {
    const [ar1, co1, pe1, pe2] = [makeId('AR', 'P', 1), makeId('CO', 'P', 1), makeId('PE', 'P', 1), makeId('PE', 'P', 2)];
    const as = async (country: string) => bearer(await net.token({ country, roles: ['prosecutor'] }), 'Investigation of a trafficking network', `${country}-2026-LINKS`);
    // PE links its minor victim (whom CO may not know of: no JIT of CO holds her case) to CO:P:1, and CO confirms: the link is CO's to know, the record is not.
    const proposed = await gql(net.gateway.url, 'mutation ($input: PersonLinkProposal!) { proposePersonLink(input: $input) { id } }', { input: { recordId: pe2, otherRecordId: co1, criteria: ['NAMES', 'DATE_OF_BIRTH'] } }, await as('PE'));
    expect((await gql(net.gateway.url, 'mutation ($id: ID!) { confirmPersonLink(id: $id) { status } }', { id: proposed.body.data.proposePersonLink.id }, await as('CO'))).body.data.confirmPersonLink.status).toBe('CONFIRMED');
    // As the console asks (fields of the owner's: the owner answers for its record, and answers null for hers).
    const asCo = await gql(net.gateway.url, `{ person(id: "${co1}") { linkedRecords { id country } } }`, {}, await as('CO'));
    expect(asCo.body.data.person.linkedRecords).toEqual(expect.arrayContaining([{ id: ar1, country: 'AR' }, { id: pe1, country: 'PE' }, null]));
    expect(JSON.stringify(asCo.body)).not.toContain(pe2);

    await page.goto(`${origin}/console/#/search?kind=persons&name=Quispe&go=1`);
    const group = page.locator(`.results .person-group:has(.record[data-id="${ar1}"])`);
    await group.waitFor();
    expect(await group.locator('h3').textContent()).toBe('Same person, confirmed in AR, CO, PE');
    expect(await group.locator('.record').evaluateAll((els) => els.map((e) => [e.getAttribute('data-id'), e.getAttribute('data-country')]))).toEqual([[ar1, 'AR'], [co1, 'CO'], [pe1, 'PE']]);
    expect(await page.content()).not.toContain(pe2);
    await expectAccessible('search, one person across countries');
    await shot('2c-search-same-person', 1320);

    // Saved in this browser for this caller, and run again from the list.
    await page.fill('#saved-name', 'Quispe, three countries');
    await page.click('button:has-text("Save this search")');
    await page.click('nav a:has-text("Search")');
    await page.click('[data-testid=saved-searches] a:has-text("Quispe, three countries")');
    await group.waitFor();
    expect(page.url()).toContain('name=Quispe');

    // The person page: AR's record beside CO's and PE's, each from its owner; nothing of the record CO may not know of.
    await page.click(`.results .record[data-id="${ar1}"] h4 a`);
    await page.locator('[data-testid=same-person-note]').waitFor();
    expect(await page.$$eval('[data-testid=identity] thead th[data-country]', (ths) => ths.map((th) => [th.getAttribute('data-id'), th.getAttribute('data-country')]))).toEqual([[ar1, 'AR'], [co1, 'CO'], [pe1, 'PE']]);
    expect(new Set(await page.$$eval('#cases-title ~ .table-wrap tbody tr', (rows) => rows.map((r) => r.getAttribute('data-owner'))))).toEqual(new Set(['AR', 'CO', 'PE']));
    expect(new Set(await page.$$eval('[data-testid=timeline] li', (items) => items.map((li) => li.getAttribute('data-owner'))))).toEqual(new Set(['AR', 'CO', 'PE']));
    expect(await page.content()).not.toContain(pe2);
    expect(await page.textContent('main')).not.toMatch(CODES);
    await expectAccessible('person, one person across countries');
    const csv = csvRows((await download('button:has-text("Export CSV")')).bytes);
    expect(new Set(csv.map((r) => r.Section.match(/\b(AR|CO|PE):P:/)?.[1]).filter(Boolean))).toEqual(new Set(['AR', 'CO', 'PE']));
    const pdf = pdfText((await download('button:has-text("Export PDF")')).bytes).text;
    for (const id of [ar1, co1, pe1]) expect(pdf).toContain(id);
    expect(pdf).not.toContain(pe2);
    expect(pdf).not.toMatch(CODES);

    // As the prosecutor works: in Portuguese, the three records, their cases and the timeline in Portuguese words, and the exports too.
    await page.selectOption('#lang', 'pt');
    await page.locator('#identity-title:has-text("Uma pessoa, registros em vários países")').waitFor();
    const main = await page.textContent('main');
    expect(main).toContain('masculino');
    expect(main).toMatch(/Abertura do caso FIS-AR-\d{4}-\d+ \(suspeito\)/);
    expect(main).not.toMatch(CODES);
    await expectAccessible('person, one person across countries (pt)');
    await shot('3b-person-same-person');
    const csvPt = csvRows((await download('button:has-text("Exportar CSV")')).bytes);
    expect(csvPt.filter((r) => r.Campo === 'Sexo').map((r) => r.Valor)).toEqual(['masculino', 'masculino', 'masculino']);
    for (const r of csvPt) expect(r.Valor).not.toMatch(CODES);
    const pdfPt = pdfText((await download('button:has-text("Exportar PDF")')).bytes).text;
    expect(pdfPt).toContain('Cronologia');
    expect(pdfPt).toContain('suspeito');
    expect(pdfPt).not.toMatch(CODES);
    await page.selectOption('#lang', 'en');
    await page.locator('#identity-title:has-text("One person, records in several countries")').waitFor();

    // The other way: PE may know of its own minor victim, so from CO's record PE sees her record among the same person's.
    await page.click('button:has-text("Sign out")');
    await signIn('PE prosecutor');
    await statePurpose('investigation', 'PE-2026-LINKS');
    await page.goto(`${origin}/console/#/person/${encodeURIComponent(co1)}`);
    await page.locator('[data-testid=same-person-note]').waitFor();
    expect(await page.$$eval('[data-testid=identity] thead th[data-id]', (ths) => ths.map((th) => th.getAttribute('data-id')))).toEqual(expect.arrayContaining([co1, pe1, pe2]));
    // No saved searches of the CO prosecutor for this caller.
    await page.click('nav a:has-text("Search")');
    expect(await page.textContent('.saved-searches')).toContain('No saved searches yet.');
    // Back as the CO prosecutor the tests after this one start from.
    await page.click('button:has-text("Sign out")');
    await signIn('CO prosecutor');
    await statePurpose('investigation', 'CO-2026-TIP-0077');
  });

  test('a route map draws the places and legs of every observation on the offline world map', async () => {
    await page.goto(`${origin}/console/#/route/RT-0001`);
    const map = page.locator('[data-testid=route-map]');
    const started = Date.now();
    await map.locator('path.country').first().waitFor();
    const drawn = Date.now() - started;
    // The atlas came from the build (no request left loopback: see afterEach).
    expect(await map.locator('path.country').count()).toBeGreaterThan(100);
    const legs = await map.locator('path.leg').evaluateAll((paths) => paths.map((p) => [p.getAttribute('data-mode'), (p.getAttribute('d') ?? '').length > 10]));
    // RT-0001: El Alto → Villazón → La Quiaca → Buenos Aires, by land.
    expect(legs.length).toBeGreaterThanOrEqual(2);
    expect(legs).toEqual(legs.map(() => ['LAND', true]));
    expect(await map.locator('g.place text').allTextContents()).toEqual(expect.arrayContaining(['Villazón', 'La Quiaca', 'Buenos Aires']));
    expect(await map.locator('g.place[data-role=destination] text').allTextContents()).toContain('Buenos Aires');
    await expectAccessible('route map');
    await map.scrollIntoViewIfNeeded();
    await shot('8-route-map', false);
    recordMetrics({ routeMapDrawnMs: drawn });
  });

  test('a hit leads to a cooperation request, which AR\'s prosecutor finds in the inbox and grants', async () => {
    await page.click('nav a:has-text("Check abroad")');
    await page.fill('#check-issuingCountry', 'BO');
    await page.fill('#check-number', '65820417');
    await page.click('form button[type=submit]:has-text("Check")');
    await page.locator('tr[data-country=AR][data-hit=true]').waitFor();
    expect(await page.locator('tr[data-hit=true]').count()).toBe(1);
    await expectAccessible('hits');
    await page.click('tr[data-country=AR] a:has-text("Request cooperation")');
    await page.locator('h1:has-text("Request cooperation")').waitFor();
    expect(await page.inputValue('#owner')).toBe('AR');
    expect(await page.inputValue('#subjects')).toMatch(/\S{20,}/);
    expect(await page.inputValue('#req-case-ref')).toBe('CO-2026-TIP-0077');
    // The scope is the protocol's rules in words, the legal basis and urgency too.
    const scope = await page.locator('fieldset:has(legend:has-text("Scope")) label').allTextContents();
    expect(scope.map((l) => l.trim())).toEqual(expect.arrayContaining(['the person’s identity (names, aliases, date of birth)', 'the owner’s assessment (source reliability, information accuracy)']));
    expect(scope.join(' ')).not.toMatch(/person\.identity|case\.assessment/);
    expect(await page.locator('fieldset input[value="person.identity"]').isChecked()).toBe(true);
    expect(await page.locator('#legal-basis option:checked').textContent()).toBe('direct cooperation');
    await page.fill('#req-reason', 'The victim may identify the recruiters.');
    await expectAccessible('request form');
    await page.click('button:has-text("File the request")');
    await page.locator('h1:has-text("Cooperation request XS:R:")').waitFor();
    const id = decodeURIComponent(page.url().split('#/cooperation/')[1]);
    expect(await page.textContent('#req-facts')).toBe('filed');
    // The requester does not read the subject until the owner grants it, and is told so.
    expect(await page.textContent('#req-subjects + ul')).toContain('person: withheld by AR — not readable until the owner grants it');
    expect(await page.locator('#req-subjects + ul [data-reason=undecided]').count()).toBe(1);
    await expectAccessible('request (requester)');
    // In the requester's inbox too: the subject withheld by AR, never its data; the case reference.
    await page.goto(`${origin}/console/#/cooperation?role=REQUESTER`);
    const filed = page.locator(`tr[data-id="${id}"]`);
    await filed.waitFor();
    expect(await filed.locator('[data-testid=subjects]').textContent()).toBe('withheld by AR — not readable until the owner grants it');
    expect(await filed.locator('[data-testid=subjects] [data-reason=undecided]').count()).toBe(1);
    expect(await filed.locator('[data-testid=case-ref]').textContent()).toBe('CO-2026-TIP-0077');

    await page.click('button:has-text("Sign out")');
    await signIn('AR prosecutor');
    await statePurpose('cooperation-answer', 'AR-COOP-2026');
    // Before AR's prosecutor opens the inbox: the new request, and the seeded one past its deadline, on the badge.
    await page.locator('[data-testid=badge-new]:has-text("2 new")').waitFor();
    expect(await page.textContent('[data-testid=badge-overdue]')).toBe('1 overdue');
    await page.goto(`${origin}/console/#/cooperation?role=OWNER`);
    const row = page.locator(`tr[data-id="${id}"]`);
    await row.waitFor();
    // The owner's side reads its own record's name (the owner's rules, through the gateway), and the requester's case reference.
    expect(await row.locator('[data-testid=subjects] a').getAttribute('href')).toMatch(/^#\/person\/AR%3AP%3A/);
    expect(await row.locator('[data-testid=subjects]').textContent()).not.toContain('withheld');
    expect(await row.locator('[data-testid=case-ref]').textContent()).toBe('CO-2026-TIP-0077');
    // Every column in view at a laptop's width.
    expect(await page.$eval('.table-wrap', (wrap) => wrap.scrollWidth <= wrap.clientWidth)).toBe(true);
    // Opened: nothing in it is new any more; overdue stays until decided.
    await page.locator('[data-testid=badge-new]').waitFor({ state: 'detached' });
    expect(await page.textContent('[data-testid=badge-overdue]')).toBe('1 overdue');
    await expectAccessible('inbox');
    await shot('5-inbox');
    await page.click(`tr[data-id="${id}"] a`);
    await page.locator('#decide-title').waitFor();
    await expectAccessible('request (owner)');
    await page.click('#decide-title ~ button[type=submit]');
    await page.locator('[role=status]:has-text("Done.")').waitFor();
    await page.locator('#req-facts[data-state=GRANTED]').waitFor();
    expect(await page.textContent('#req-facts')).toBe('granted');
    expect(await page.textContent('#req-grant + dl')).toContain('the person’s identity (names, aliases, date of birth)');

    // AR's prosecutors see who abroad read their records: the CO prosecutor's search among them.
    await page.click('nav a:has-text("Foreign access")');
    await page.locator('h1:has-text("Who abroad read our records")').waitFor();
    await page.locator('main td:has-text("CO prosecutor@co")').first().waitFor();
    await expectAccessible('foreign access');
  });

  test('an AR prosecutor sees the badge for a new request appear without reloading, and the request in the inbox with its subject and case', async () => {
    await page.click('nav a:has-text("Search")');
    await page.locator('h1:has-text("Search across the network")').waitFor();
    expect(await page.locator('[data-testid=badge-new]').count()).toBe(0);
    // A mark on this very document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { enlaceNotReloaded: true }));
    // Meanwhile, a CO prosecutor files a request to AR from a hit (through the API, as another browser would).
    const co = bearer(await net.token({ country: 'CO', roles: ['prosecutor'] }), 'hit-follow-up', 'CO-2026-TIP-0301');
    const hit = await gql(net.gateway.url, 'query($p: String!) { documentHits(pseudonym: $p) { country reference } }', { p: documentPseudonym(net, 'BO', '65820417') }, co);
    const reference = hit.body.data.documentHits.find((h: { country: string }) => h.country === 'AR').reference;
    const filed = await gql(net.gateway.url, 'mutation($i: CooperationRequestInput!) { requestCooperation(input: $i) { id } }', {
      i: {
        owner: 'AR', subjects: [reference], scope: ['person.identity'], purpose: 'investigation', caseRef: 'CO-2026-TIP-0301',
        legalBasis: 'DIRECT_COOPERATION', urgency: 'URGENT', reason: 'She may identify the recruiters in our second case.',
      },
    }, co);
    const id = filed.body.data.requestCooperation.id as string;
    await page.locator('[data-testid=badge-new]:has-text("1 new")').waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { enlaceNotReloaded?: boolean }).enlaceNotReloaded)).toBe(true);
    expect(await page.textContent('[data-testid=attention-status]')).toBe('Cooperation requests for your office: 1 new, 1 overdue.');
    await expectAccessible('search with the badge');
    await page.locator('header.top').screenshot({ path: join(ARTIFACTS, '5b-badge.png') });

    await page.click('nav a:has-text("Cooperation")');
    const row = page.locator(`tr[data-id="${id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid=case-ref]').textContent()).toBe('CO-2026-TIP-0301');
    expect(await row.locator('[data-testid=subjects] a').count()).toBe(1);
    await page.locator('[data-testid=badge-new]').waitFor({ state: 'detached' });
  });

  test('an AR auditor reads the audit log, its chain linked', async () => {
    await page.click('button:has-text("Sign out")');
    await signIn('AR auditor');
    await statePurpose('audit', 'AUD-2026-4');
    await page.click('nav a:has-text("Audit log")');
    await page.locator('[data-testid=chain]').waitFor();
    expect(await page.textContent('[data-testid=chain]')).toMatch(/^Chain linked over the \d+ entries shown/);
    expect(await page.locator('main tbody tr').count()).toBeGreaterThan(3);
    // Newest first, 50 a page: how many of how many are shown, and older ones on request, the chain linked across pages.
    const [shown, total] = (await page.textContent('[data-testid=shown]'))!.match(/\d+/g)!.map(Number);
    expect(shown).toBe(await page.locator('main tbody tr').count());
    expect(total).toBeGreaterThanOrEqual(shown);
    if (total > shown) {
      await page.click('button:has-text("Load more")');
      await page.locator(`[data-testid=shown]:has-text("${Math.min(total, shown + 50)} of")`).waitFor();
      expect(await page.textContent('[data-testid=chain]')).toMatch(/^Chain linked over the \d+ entries shown/);
    }
    // What was read, in words: the CO prosecutor's search, not the planner's SearchPersons__members__0.
    const operations = page.locator('main tbody td[data-operation]');
    expect(await operations.allTextContents()).toEqual(expect.arrayContaining(['search of persons', 'a person’s record']));
    expect((await operations.allTextContents()).join(' ')).not.toMatch(/__members__/);
    expect(await page.locator('main tbody td[data-operation^="SearchPersons__"]').first().getAttribute('title')).toMatch(/^query SearchPersons__members__\d+$/);
    const body = await page.locator('main tbody').textContent();
    expect(body).not.toMatch(/Person\.fullName|person\.identity/);
    expect(body).toContain('the person’s identity (names, aliases, date of birth)');
    await expectAccessible('audit log');
    await page.selectOption('#lang', 'pt');
    await page.locator('h1:has-text("Registro de auditoria")').waitFor();
    expect(await operations.allTextContents()).toEqual(expect.arrayContaining(['pesquisa de pessoas']));
    await expectAccessible('audit log (pt)');
    await shot('10-audit-pt');
    await page.selectOption('#lang', 'en');
  });

  test('an AR auditor filters the audit log by caller country and exports it as CSV, across the whole width of a 1366 px screen', async () => {
    // A purpose a spreadsheet would take for a formula (free text: the default catalogue accepts it): the export keeps it text.
    const formula = '=HYPERLINK("http://example.invalid","x")';
    const co = await net.token({ country: 'CO', roles: ['prosecutor'] });
    await gql(net.gateway.url, '{ persons(countries: ["AR"], first: 1) { id } }', {}, bearer(co, formula, 'CO-2026-TIP-0077'));
    // More CO reads than the page shows (50), so the export has to read past what is on the screen.
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(Array.from({ length: 10 }, () => gql(net.gateway.url, '{ persons(countries: ["AR"], first: 1) { id } }', {}, bearer(co, 'investigation', 'CO-2026-TIP-0077'))));
    }
    const auditor = bearer(await net.token({ country: 'AR', roles: ['auditor'] }), 'audit', 'AUD-2026-4');
    const counted = await gql(net.gateway.url, '{ auditLogPage(countries: ["AR"], filter: { callerCountry: "CO" }, first: 1) { members { count } } }', {}, auditor);
    const fromCo = counted.body.data.auditLogPage.members[0].count as number;
    expect(fromCo).toBeGreaterThan(50);

    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      await page.fill('#audit-callerCountry', 'co');
      await page.click('form[aria-label="Filter the audit log"] button[type=submit]');
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('main tbody tr')];
        return rows.length > 0 && rows.every((r) => r.getAttribute('data-caller-country') === 'CO');
      });
      expect(page.url()).toContain('callerCountry=co');
      expect(await page.textContent('[data-testid=shown]')).toBe(`50 of ${fromCo} shown`);
      // The whole width of the screen (not the 72rem of other pages), every column in view, none cut or scrolled away.
      const box = await page.$eval('.table-wrap', (wrap) => ({ scroll: wrap.scrollWidth, client: wrap.clientWidth, ...wrap.getBoundingClientRect().toJSON() }));
      expect(box.width).toBeGreaterThan(1366 - 60);
      expect(box.right).toBeLessThanOrEqual(1366);
      expect(box.scroll).toBeLessThanOrEqual(box.client);
      await expectAccessible('audit log filtered');
      await shot('10-audit-filtered', false);

      const [file] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export CSV")')]);
      expect(file.suggestedFilename()).toMatch(/^audit-AR-\d{4}-\d\d-\d\dT\d{6}\.csv$/);
      await page.locator(`[data-testid=export-status]:has-text("Exported ${fromCo} entries.")`).waitFor();
      const text = readFileSync((await file.path())!, 'utf8');
      expect(text.startsWith('\uFEFFmember,seq,at,caller_country,caller_subject,')).toBe(true);
      const { data: rows, errors } = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
      expect(errors).toEqual([]);
      expect(rows).toHaveLength(fromCo);
      expect(new Set(rows.map((r) => r.caller_country))).toEqual(new Set(['CO']));
      expect(new Set(rows.map((r) => r.seq)).size).toBe(fromCo);
      // RFC 4180: CRLF between rows, quotes doubled inside quoted fields; and the formula made text.
      expect(text.split('\r\n')).toHaveLength(fromCo + 1);
      expect(text).toContain(`"'=HYPERLINK(""http://example.invalid"",""x"")"`);
      expect(rows.find((r) => r.purpose.includes('HYPERLINK'))?.purpose).toBe(`'${formula}`);
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  test("the JIT workspace lists the caller's teams and, under the team's id as case reference, the cases of both members", async () => {
    const jit = makeId('XS', 'J', 1);
    await page.click('button:has-text("Sign out")');
    await signIn('CO prosecutor');
    await statePurpose('investigation', 'CO-2026-TIP-0077');
    await page.click('nav a:has-text("Joint teams")');
    await page.locator('h1:has-text("Your joint investigation teams")').waitFor();
    await page.locator(`li[data-id="${jit}"]`).waitFor();
    await expectAccessible('teams');
    await page.click(`li[data-id="${jit}"] button:has-text("Work in this team")`);
    await page.locator('[data-testid=team-cases] tbody tr').first().waitFor();
    expect(await page.textContent('[data-testid=case-ref]')).toBe(jit);
    const cases = await page.$$eval('[data-testid=team-cases] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(new Set(cases)).toEqual(new Set([makeId('AR', 'C', 1), makeId('CO', 'C', 1)]));
    expect(await page.locator('[data-testid=team-cases] a[href^="#/person/"]').count()).toBeGreaterThan(1);
    await expectAccessible('team');
    await shot('9-team');
  });

  test("a purpose and a case reference in Spanish or Portuguese reach AR's audit log as typed, from the console and from the explorer", async () => {
    const purpose = 'Trata de personas — Peñalolén'; // the dash is beyond Latin-1: no header can carry it unencoded
    const caseRef = 'Investigação 2026/77';
    await page.click('button:has-text("Sign out")');
    await signIn('CO prosecutor');
    await statePurpose(purpose, caseRef);
    expect(await page.textContent('[data-testid=case-ref]')).toBe(caseRef);
    await searchPersons('Quispe');
    expect((await strip()).map(([country, state]) => [country, state])).toEqual([['AR', 'answered'], ['CO', 'answered'], ['PE', 'answered']]);

    // The explorer's page: the headers typed in GraphiQL's editor go out through its fetch, as plain text here.
    await page.goto(`${origin}/graphql`);
    const explorerPurpose = 'Investigação de tráfico — rota andina';
    const status = await page.evaluate(
      async ({ token, purpose, caseRef }) => {
        const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-enlace-purpose': purpose, 'x-enlace-case-ref': caseRef };
        const body = JSON.stringify({ query: 'query FromExplorer { persons(countries: ["AR"], first: 1) { id } }' });
        return (await fetch('/graphql', { method: 'POST', headers, body })).status;
      },
      { token: await net.token({ country: 'CO', roles: ['prosecutor'] }), purpose: explorerPurpose, caseRef },
    );
    expect(status).toBe(200);
    // The explorer's purpose picker offers the network's catalogue: the purpose picked goes where the headers hold the placeholder.
    await page.selectOption('#enlace-purpose', 'hit-follow-up');
    await page.click('button:has-text("Use this purpose")');
    await page.locator('[role=status]:has-text("sending: hit-follow-up")').waitFor();
    const picked = await page.evaluate(
      async ({ token, caseRef }) => {
        const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-enlace-purpose': '<why you need these records>', 'x-enlace-case-ref': caseRef };
        const body = JSON.stringify({ query: 'query FromExplorerPicker { persons(countries: ["AR"], first: 1) { id } }' });
        return (await fetch('/graphql', { method: 'POST', headers, body })).status;
      },
      { token: await net.token({ country: 'CO', roles: ['prosecutor'] }), caseRef },
    );
    expect(picked).toBe(200);
    await page.goto(`${origin}/console/`); // back to the console (the session is the tab's) for the tests after this one

    const auditor = bearer(await net.token({ country: 'AR', roles: ['auditor'] }), 'Quarterly audit', 'AUD-2026-4');
    const { body } = await gql(net.gateway.url, '{ auditLog(countries: ["AR"], filter: { callerCountry: "CO" }, first: 200) { operation { name } purpose caseRef } }', {}, auditor);
    // Behind the gateway, AR logs the planner's operation names (SearchPersons__members__0).
    expect(body.data.auditLog).toEqual(expect.arrayContaining([
      // "Other (say why)" in the console: sent, and logged, as `other: <reason>`.
      { operation: { name: expect.stringMatching(/^SearchPersons__/) }, purpose: `other: ${purpose}`, caseRef },
      { operation: { name: expect.stringMatching(/^FromExplorer__/) }, purpose: explorerPurpose, caseRef },
      { operation: { name: expect.stringMatching(/^FromExplorerPicker__/) }, purpose: 'hit-follow-up', caseRef },
    ]));
  });

  test('with a member stopped, the strip shows it unavailable and the others answer', async () => {
    await net.members.get('PE')!.close();
    net.members.delete('PE');
    await page.click('button:has-text("Sign out")');
    await signIn('CO prosecutor');
    await statePurpose('investigation', 'CO-2026-TIP-0077');
    await searchPersons('Quispe');
    const members = await strip();
    expect(members.map(([country, state]) => [country, state])).toEqual([['AR', 'answered'], ['CO', 'answered'], ['PE', 'unavailable']]);
    expect(await page.textContent('.strip [role=status]')).toContain('PE did not answer');
    expect(await page.locator('.results .record[data-country=CO]').count()).toBeGreaterThan(0);
    await expectAccessible('search with a member down');
    await shot('6-member-down');
  });
});
