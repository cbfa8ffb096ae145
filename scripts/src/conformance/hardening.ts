/**
 * What every process must do whoever runs it (README, "Operating"): production mode (no
 * introspection, no suggestions, no explorer, no development tokens), the query limits, the body
 * limit, no batching, and a token on every request.
 */
import { codesOf, post, type Answer, type Caller } from './client';
import type { Report } from './report';

const SECTION = 'production mode and limits';

/** `{ f0: … }` nested `levels` deep: the depth limit (10) is read from the document, whatever the fields. */
const nested = (levels: number) => `{ ${'a { '.repeat(levels)}b${' }'.repeat(levels)} }`;

export async function checkHardening(report: Report, url: string, caller: Caller, misspelt: string): Promise<void> {
  const origin = new URL(url).origin;
  await report.run(SECTION, 'a request without a token is refused (401 UNAUTHENTICATED)', async () => {
    const a = await post(url, '{ __typename }');
    return a.status === 401 && codesOf(a).includes('UNAUTHENTICATED') ? [] : [`got ${a.status} ${codesOf(a).join(',')}`];
  });
  await report.run(SECTION, 'introspection is refused', async () => {
    const a = await post(url, '{ __schema { queryType { name } } }', {}, { caller });
    return a.body?.data?.__schema ? ['the schema was given to a caller without the developer role'] : [];
  });
  await report.run(SECTION, 'no "Did you mean" suggestions', async () => {
    const a = await post(url, `{ ${misspelt} }`, {}, { caller });
    const suggesting = (a.body?.errors ?? []).filter((e) => /Did you mean/i.test(e.message));
    return suggesting.length ? [`suggested: ${suggesting[0].message}`] : [];
  });
  await report.run(SECTION, 'no explorer page, no development token endpoint', async () => {
    const problems: string[] = [];
    const page = await fetch(url, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(10_000) });
    await page.body?.cancel();
    if (page.ok && (page.headers.get('content-type') ?? '').includes('text/html')) problems.push('GET /graphql serves the explorer (ENLACE_EXPLORER=on or development mode)');
    const dev = await fetch(`${origin}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(10_000) });
    await dev.body?.cancel();
    if (dev.status !== 404) problems.push(`POST /dev/token answered ${dev.status} (development mode)`);
    return problems;
  });
  await report.run(SECTION, 'depth over 10 and more than 30 aliases are refused', async () => {
    const problems: string[] = [];
    // GraphQL Armor's rules, as every process applies them: "… limit of N exceeded".
    const limited = (a: Answer) => (a.body?.errors ?? []).some((e) => /limit of \d+ exceeded/i.test(e.message));
    const deep = await post(url, nested(12), {}, { caller });
    if (!limited(deep)) problems.push(`depth 13: ${deep.status} ${codesOf(deep).join(',')}`);
    const aliases = await post(url, `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`, {}, { caller });
    if (!limited(aliases)) problems.push(`31 aliases: ${aliases.status} ${codesOf(aliases).join(',')}`);
    return problems;
  });
  await report.run(SECTION, 'a document over 3,000 tokens, a body over 1 MiB and a batch are refused', async () => {
    const problems: string[] = [];
    const tokens = await post(url, `{ ${Array.from({ length: 1600 }, () => '__typename').join(' ')} }`, {}, { caller });
    if (tokens.status === 200 && !tokens.body?.errors?.length) problems.push('3,200 tokens were served');
    const big = await post(url, '', {}, { caller, rawBody: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1100 * 1024) } }) });
    if (big.status !== 413) problems.push(`a 1.1 MiB body: ${big.status} instead of 413`);
    const batch = await post(url, '', {}, { caller, rawBody: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    if (batch.status === 200 && Array.isArray(batch.body)) problems.push('a batch of two operations was served');
    return problems;
  });
}
