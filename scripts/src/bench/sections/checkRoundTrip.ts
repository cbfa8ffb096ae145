/**
 * Issue 22's cost of one check: a requester's hit/no-hit over 16 members, carried as pseudonyms
 * (docs/PSEUDONYMS.md). Each check, one at a time, as a requester's client makes it: blinding
 * (Node's client, OpenSSL), the blinded elements through the gateway's relay to the secretariat's
 * evaluator and back, unblinding, then documentHits (one document) or nameHits (one name's keys
 * with a year of birth) through the gateway over 16 real members (50 persons each, in-memory, no
 * delay: their own cost), each part timed. Beside each check, the same identifiers blinded with the
 * browser's client (the console's, @noble/curves) and evaluated at the secretariat directly (not
 * part of the check): the relay's share is the difference, and the browser's client gives the
 * same pseudonyms at its own cost.
 *
 * The members' indexes are made with the network's key in their processes (their indexing is not
 * measured here: sections/indexCost.ts measures it); the requester's side is the real one.
 */
import { blindForPseudonyms, blindForPseudonymsInBrowser, documentIdentifier, nameCheckIdentifiers, PSEUDONYMS_PATH } from '@enlace/platform';
import { mintToken, type DevTrust } from '../../devIssuer';
import { ANCHORS } from '../../seed/anchors';
import { gql, ms, summarise, type Summary } from '../lib';
import { COUNTRIES16, expectClean, type BenchRun, type TrustEnv } from '../benchRun';

/** Members per server process (as the fan-out: Kùzu reserves much address space per database). */
const PER_PROCESS = 4;
/** Checks per requester's token: the evaluator's budget per person (400 elements an hour by default) is production's, so the bench's requesters take turns. */
const CHECKS_PER_REQUESTER = 15;

export type CheckPart = 'blind' | 'evaluate' | 'unblind' | 'hits' | 'whole' | 'evaluatorDirect' | 'browserBlind' | 'browserUnblind';

export interface CheckSeries {
  key: 'document' | 'name';
  label: string;
  /** Elements blinded per check. */
  elements: number;
  parts: Record<CheckPart, Summary>;
  /** Members that answered each check, and how many of them had a hit (from the last check). */
  members: number;
  hits: Record<string, boolean>;
}

export interface CheckRoundTripFigures {
  members: number;
  personsPerMember: number;
  checks: number;
  series: CheckSeries[];
  peakKb: Record<string, number>;
}

const DOCUMENT_HITS = 'query DocumentCheck($p: String!) { documentHits(pseudonym: $p) { country hit reference contactPoint } }';
const NAME_HITS = 'query NameCheck($p: [String!]!) { nameHits(pseudonyms: $p) { country hit reference contactPoint } }';
const PERSONS = 50;

export async function checkRoundTrip(bench: BenchRun, trusted: TrustEnv, trust: DevTrust, headers: Record<string, string>, checks: number): Promise<CheckRoundTripFigures> {
  const countries = COUNTRIES16;
  bench.say(`pseudonymised hit/no-hit: starting ${countries.length} members (${PERSONS} persons each, in-memory, their pseudonym indexes made with the network's key) in ${countries.length / PER_PROCESS} processes, the secretariat with its evaluator, and a gateway…`);
  const groups: string[][] = [];
  for (let i = 0; i < countries.length; i += PER_PROCESS) groups.push(countries.slice(i, i + PER_PROCESS));
  const prfKeyFile = trust.secretariatEnv.ENLACE_PRF_KEY_FILE;
  const memberPs = groups.map((_, i) => bench.serverProcess(`check-members-${i + 1}`, trusted));
  const replies = await Promise.all(groups.map((g, i) =>
    memberPs[i].call<{ members: Array<{ country: string; url: string }>; secretariatUrl?: string }>(
      'members',
      { countries: g, persons: PERSONS, seed: bench.settings.seed, bufferPoolMb: 32, readConnections: 1, secretariat: i === 0, secretariatCountries: countries, prfKeyFile },
      300_000,
    )));
  const members = replies.flatMap((r) => r.members);
  const secretariatUrl = replies[0].secretariatUrl!;
  const gatewayP = bench.serverProcess('check-gateway', trusted);
  const { url: gatewayUrl } = await gatewayP.call<{ url: string }>('gateway', { directory: members.map((m) => [m.country, m.url]), secretariatUrl, memberTimeoutMs: 10_000 });

  // What the requester checks (issue 22's example): the passport of the seed's suspect only AR holds, and "QUISPE MAMANI Jhon, 1984"
  // (no sex given: the most keys a name check gives); and, every other check, a passport no member holds.
  const arOnly = ANCHORS.arOnly;
  const document = documentIdentifier(arOnly.passportIssuer, arOnly.passport);
  const nobodys = documentIdentifier(arOnly.passportIssuer, 'ZZ-000 0000');
  const name = nameCheckIdentifiers({ name: `${arOnly.familyNames.toUpperCase()} ${arOnly.givenNames}`, born: arOnly.dateOfBirth.slice(0, 4) });

  // The requester: a CO prosecutor (a new one every few checks: the evaluator's and the members' budgets per person are production's).
  let requester = 0;
  let token = '';
  const nextRequester = async () => {
    token = await mintToken(trust.issuer, { country: 'CO', roles: ['prosecutor'], subject: `bench-requester-${++requester}@co`, expiresIn: '1h' });
  };
  const checkHeaders = () => ({ ...headers, authorization: `Bearer ${token}` });
  const evaluate = async (base: string, elements: string[]): Promise<unknown[]> => {
    const res = await fetch(new URL(PSEUDONYMS_PATH, base), {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ elements }),
    });
    const body = (await res.json()) as { elements?: unknown[]; errors?: unknown };
    if (res.status !== 200 || !Array.isArray(body.elements)) throw new Error(`the evaluator at ${base} answered HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return body.elements;
  };
  type Sample = Record<CheckPart, number>;
  /** One check as a client makes it, each part timed; then the same evaluation at the secretariat directly. */
  const check = async (inputs: string[], query: string, variables: (pseudonyms: string[]) => Record<string, unknown>, field: string): Promise<{ sample: Sample; answer: Array<{ country: string; hit: boolean }> }> => {
    const t0 = performance.now();
    const batch = blindForPseudonyms(inputs);
    const t1 = performance.now();
    const evaluated = await evaluate(gatewayUrl, batch.elements);
    const t2 = performance.now();
    const pseudonyms = batch.unblind(evaluated);
    const t3 = performance.now();
    const result = await gql(gatewayUrl, query, variables(pseudonyms), checkHeaders());
    const t4 = performance.now();
    expectClean(`${field} through the gateway`, result);
    const answer = (result.body.data?.[field] ?? []) as Array<{ country: string; hit: boolean }>;
    if (answer.length !== members.length) throw new Error(`${field}: ${answer.length} answers from ${members.length} members`);
    // Beside the check: the browser's client, and the evaluator without the relay.
    const t5 = performance.now();
    const inBrowser = blindForPseudonymsInBrowser(inputs);
    const t6 = performance.now();
    const direct = await evaluate(secretariatUrl, inBrowser.elements);
    const t7 = performance.now();
    const browserPseudonyms = inBrowser.unblind(direct);
    const t8 = performance.now();
    if (browserPseudonyms.some((p, i) => p !== pseudonyms[i])) throw new Error(`${field}: the browser's client and Node's gave different pseudonyms`);
    return { sample: { blind: t1 - t0, evaluate: t2 - t1, unblind: t3 - t2, hits: t4 - t3, whole: t4 - t0, evaluatorDirect: t7 - t6, browserBlind: t6 - t5, browserUnblind: t8 - t7 }, answer };
  };
  const kinds = [
    { key: 'document' as const, label: `documentHits: one passport (AR's "${arOnly.passport}", held by AR alone, and one no member holds, alternately)`, elements: 1 },
    { key: 'name' as const, label: `nameHits: "${arOnly.familyNames.toUpperCase()} ${arOnly.givenNames}", born ${arOnly.dateOfBirth.slice(0, 4)}, no sex given (${name.length} keys)`, elements: name.length },
  ];
  const samples = new Map(kinds.map((k) => [k.key, [] as Sample[]]));
  const lastHits = new Map<string, Record<string, boolean>>();
  const round = async (i: number, keep: boolean) => {
    if (i % CHECKS_PER_REQUESTER === 0) await nextRequester();
    const doc = await check([i % 2 ? nobodys : document], DOCUMENT_HITS, (p) => ({ p: p[0] }), 'documentHits');
    const hitsAt = (answer: Array<{ country: string; hit: boolean }>) => answer.filter((a) => a.hit).map((a) => a.country).join(',');
    const expected = i % 2 === 0 ? 'AR' : '';
    if (hitsAt(doc.answer) !== expected) throw new Error(`documentHits: hits at "${hitsAt(doc.answer)}", expected "${expected}"`);
    const byName = await check(name, NAME_HITS, (p) => ({ p }), 'nameHits');
    if (!byName.answer.find((a) => a.country === 'AR')?.hit) throw new Error(`nameHits: no hit at AR for the name AR holds (hits at "${hitsAt(byName.answer)}")`);
    if (!keep) return;
    samples.get('document')!.push(doc.sample);
    samples.get('name')!.push(byName.sample);
    if (i % 2 === 0) lastHits.set('document', Object.fromEntries(doc.answer.map((a) => [a.country, a.hit])));
    lastHits.set('name', Object.fromEntries(byName.answer.map((a) => [a.country, a.hit])));
  };
  const warmup = Math.min(10, Math.max(2, Math.round(checks / 10)));
  for (let i = 0; i < warmup; i++) await round(i, false);
  for (let i = 0; i < checks; i++) await round(warmup + i, true);

  const partsOf = (xs: Sample[]) => Object.fromEntries(PART_LABELS.map(([p]) => p).map((p) => [p, summarise(xs.map((x) => x[p]))])) as Record<CheckPart, Summary>;
  const series: CheckSeries[] = kinds.map((k) => ({ ...k, parts: partsOf(samples.get(k.key)!), members: members.length, hits: lastHits.get(k.key) ?? {} }));
  for (const s of series) {
    const p = s.parts;
    bench.say(`    ${s.key} check over ${members.length} members (${checks} checks): whole p50 ${ms(p.whole.p50)} ms, p99 ${ms(p.whole.p99)} ms = blind ${ms(p.blind.p50, 2)} + evaluate through the gateway ${ms(p.evaluate.p50)} + unblind ${ms(p.unblind.p50, 2)} + ${s.key === 'document' ? 'documentHits' : 'nameHits'} ${ms(p.hits.p50)} ms (p50s); the evaluator directly ${ms(p.evaluatorDirect.p50)} ms`);
  }
  const peakKb: Record<string, number> = {};
  for (const [i, p] of memberPs.entries()) peakKb[`check members ${groups[i].join(', ')}${i === 0 ? ' (+ secretariat)' : ''}`] = await bench.closeServer(p);
  peakKb['check gateway'] = await bench.closeServer(gatewayP);
  return { members: members.length, personsPerMember: PERSONS, checks, series, peakKb };
}

const PART_LABELS: Array<[CheckPart, string]> = [
  ['blind', 'Blinding (the requester, Node\'s client)'],
  ['evaluate', 'Evaluation through the gateway\'s relay (gateway → secretariat evaluator → back)'],
  ['unblind', 'Unblinding (the requester)'],
  ['hits', 'Hit/no-hit through the gateway over the members'],
  ['whole', '**The whole check**'],
  ['evaluatorDirect', 'Beside it: the same evaluation at the secretariat directly, without the relay'],
  ['browserBlind', 'Beside it: blinding with the browser\'s client (the console\'s, @noble/curves)'],
  ['browserUnblind', 'Beside it: unblinding with the browser\'s client'],
];

/** The section's part of the results file. */
export function checkRoundTripMarkdown(f: CheckRoundTripFigures, command: string): string {
  const cell = (s: Summary) => `${ms(s.p50, 2)} | ${ms(s.p99, 2)}`;
  return `## Pseudonymised hit/no-hit: one check over ${f.members} members (issue 22)

A CO prosecutor's check as a client makes it, one at a time (${f.checks} of each kind after a warm-up): the
identifiers blinded with Node's client (OpenSSL), the blinded elements sent to the gateway, which relays them
to the secretariat's evaluator (its audit log on file, synced to disk, as \`npm start\` runs it), unblinded,
then the question through the gateway to ${f.members} real members (${f.personsPerMember} persons each, in-memory, no added delay:
their own cost; four per process), every member answering. Each member's pseudonym index was made with the
network's key beforehand (its cost: the next section). Command: \`${command}\`.

${f.series.map((s) => `**${s.label}**; ${s.elements} element${s.elements > 1 ? 's' : ''} blinded per check; members with a hit${s.key === 'document' ? ' for the held document' : ''}: ${Object.entries(s.hits).filter(([, h]) => h).map(([c]) => c).join(', ') || 'none'}

| Part | p50, ms | p99, ms |
|---|---|---|
${PART_LABELS.map(([k, label]) => `| ${label} | ${cell(s.parts[k])} |`).join('\n')}
`).join('\n')}
The relay's share of the evaluation is the difference between its row and the secretariat's directly
(p50s: ${f.series.map((s) => `${s.key} ${ms(s.parts.evaluate.p50 - s.parts.evaluatorDirect.p50, 2)} ms`).join(', ')}). The "beside it" rows are not part of
the whole: a check from the console blinds with the browser's client instead of Node's (the same pseudonyms,
checked on every check).
`;
}
