/**
 * The gateway's explorer in Chromium, as `npm start` serves it (development, with the
 * token picker): it opens with the README's examples as tabs named after their
 * operations, the schema already there, and no request to the server at all (no
 * "Malformed token", no 401 for a token nobody has given yet). Run with a picked
 * token and the placeholder headers untouched, a protected read is refused once, for
 * want of a purpose, and nothing reaches a member's audit log; a public read answers.
 */
import type { Page, Response } from 'playwright-core';
import { DEVELOPMENT_MODE, devTokenIssuer, GATEWAY_EXAMPLES, signingKey } from '@enlace/platform';
import { startGateway, type RunningGateway } from '@enlace/gateway';
import { bearer, gql, startNetwork, type TestNetwork } from '../support/network';
import { CHROMIUM, chromiumRunnable, launchChromium, type Browser } from './chromium';

if (!chromiumRunnable) console.warn(`tests/console/explorer skipped: ${CHROMIUM} is missing (install it as root: apt-get install -y chromium)`);
const maybe = chromiumRunnable ? describe : describe.skip;

maybe('the explorer in Chromium', () => {
  let net: TestNetwork;
  let gateway: RunningGateway;
  let browser: Browser;
  let page: Page;
  const answers: Response[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    net = await startNetwork({ countries: ['AR', 'CO'], persons: 20 });
    const devTokens = devTokenIssuer(net.issuer.issuer, await signingKey(net.issuer.privateJwk), net.issuer.trusted, net.trust.partners);
    gateway = await startGateway({ directory: net.directory, secretariatUrl: net.secretariat.url, hop: net.hop, verifier: net.verifier, mode: DEVELOPMENT_MODE, devTokens });
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('response', (r) => answers.push(r));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await net?.close();
  });

  const result = () => page.locator('.graphiql-response').innerText();
  const graphqlPosts = () => answers.filter((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/graphql');

  /**
   * Presses Run until GraphiQL sends the query: on a loaded machine a press while the editor was
   * still settling after a tab switch was lost now and then (CI waited 30 s for a request never sent).
   */
  async function execute(): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const sent = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/graphql', { timeout: 15_000 });
      await page.click('.graphiql-execute-button');
      try {
        return await sent;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  }

  /** Runs a tab's query: the answer shown, and the request GraphiQL's fetch sent through ours. */
  async function run(tab: string): Promise<{ shown: string; answer: Response }> {
    // A DOM click: the tab bar takes the pointer's press for the start of dragging the tab.
    await page.locator(`.graphiql-tab-button[title="${tab}"]`).evaluate((b: HTMLButtonElement) => b.click());
    await page.locator(`.graphiql-tab[aria-selected=true] .graphiql-tab-button[title="${tab}"]`).waitFor();
    await page.locator('.graphiql-query-editor').getByText(`query ${tab}`).waitFor();
    const answer = await execute();
    await page.waitForFunction(() => /"(data|errors)"/.test(document.querySelector('.graphiql-response')?.textContent ?? ''));
    return { shown: await result(), answer };
  }

  test('opens with named tabs and the schema, asking the server nothing and showing no error', async () => {
    await page.goto(gateway.url);
    await page.locator('.graphiql-tab-button').first().waitFor();
    const tabs = await page.locator('.graphiql-tab-button').allTextContents();
    expect(tabs).toEqual(GATEWAY_EXAMPLES.map((e) => /^query (\w+)/m.exec(e.query)![1]));
    expect(tabs).not.toContain('<untitled>');
    // The documentation explorer has the schema: it came with the page.
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();
    expect(graphqlPosts()).toEqual([]);
    expect(answers.filter((r) => r.status() >= 400).map((r) => `${r.status()} ${r.url()}`)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await result()).not.toMatch(/error|token/i);
  });

  test('with a picked token and the placeholder purpose untouched, a protected read is refused once, and no member logs it', async () => {
    await page.selectOption('[aria-label="Development identity"]', { label: 'CO prosecutor' });
    await page.click('button:has-text("Use a development token")');
    await page.locator('text=as CO prosecutor').waitFor();

    const { shown, answer } = await run('PersonsNamedQuispe');
    expect(shown.match(/PURPOSE_REQUIRED/g)).toHaveLength(1);
    expect(shown).not.toContain('"data"');
    // GraphiQL asks for application/graphql-response+json first: a request error is a 4xx there (GraphQL over HTTP).
    expect([answer.status(), answer.headers()['content-type']]).toEqual([400, expect.stringMatching(/^application\/graphql-response\+json/)]);
    // The placeholders were not sent: no purpose, no case reference; the picked token instead of "<token>".
    const sent = await answer.request().allHeaders();
    expect(sent['x-enlace-purpose']).toBeUndefined();
    expect(sent['x-enlace-case-ref']).toBeUndefined();
    expect(sent.authorization).toMatch(/^Bearer ey/);

    const auditor = bearer(await net.token({ country: 'AR', roles: ['auditor'] }), 'Quarterly audit', 'AUD-2026-4');
    const { body } = await gql(net.gateway.url, '{ auditLog(countries: ["AR"], filter: { callerCountry: "CO" }, first: 50) { purpose operation { name } } }', {}, auditor);
    expect(body.errors).toBeUndefined();
    expect(body.data.auditLog.filter((e: { purpose: string | null; operation: { name: string | null } }) => /</.test(e.purpose ?? '') || /^PersonsNamedQuispe/.test(e.operation.name ?? ''))).toEqual([]);
  });

  test('a public read answers without a purpose', async () => {
    const { shown, answer } = await run('RouteObservations');
    expect(answer.status()).toBe(200);
    expect(shown).toContain('"observations"');
    expect(shown).not.toContain('"errors"');
  });
});
