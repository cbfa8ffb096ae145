/**
 * What pseudonymised hit/no-hit (issue 22) would cost in CPU: one oblivious PRF evaluation per
 * identifier, for a requester's check (a few identifiers) and for a member's index (every
 * document, account and name key of every record, at import and on each write). Measured per
 * element for RFC 9497's OPRF and VOPRF through @cloudflare/voprf-ts with each of its crypto
 * providers, and, as the floor a native implementation could reach, one P-256 scalar
 * multiplication through Node's own crypto (OpenSSL): a 2HashDH OPRF costs the client two or
 * three of them and the evaluator one. Then Enlace's own 2HashDH OPRF on P-256 with x-coordinates
 * only (platform/src/pseudonyms, docs/PSEUDONYMS.md), its evaluator always native, with
 * each of its clients: Node's (OpenSSL, a member's bulk indexing) and the browser's (@noble/curves).
 *
 *   node scripts/dist/bench/oprf.js [--elements 500] [--out scripts/bench/results/oprf.md]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createECDH } from 'node:crypto';
import { Oprf, OPRFClient, OPRFServer, VOPRFClient, VOPRFServer, generatePublicKey, randomPrivateKey, type SuiteID } from '@cloudflare/voprf-ts';
import { CryptoNoble } from '@cloudflare/voprf-ts/crypto-noble';
import { blindForPseudonyms, blindForPseudonymsInBrowser, PrfKey, type BlindedBatch } from '@enlace/platform';
import { parseFlags } from '../flags';

const flags = parseFlags(process.argv.slice(2), {
  elements: { default: '500', pattern: /^\d+$/, hint: 'identifiers per batch' },
  out: { default: '', pattern: /^.*$/, hint: 'a Markdown file for the results' },
});

interface Row { what: string; blind: number; evaluate: number; finalize: number }

type Provider = typeof CryptoNoble | undefined;

async function measureOprf(label: string, suite: SuiteID, verifiable: boolean, provider: Provider, n: number): Promise<Row> {
  const extra = provider ? [provider] : [];
  const key = await randomPrivateKey(suite, ...extra);
  const server = verifiable ? new VOPRFServer(suite, key, ...extra) : new OPRFServer(suite, key, ...extra);
  const client = verifiable ? new VOPRFClient(suite, generatePublicKey(suite, key, ...extra), ...extra) : new OPRFClient(suite, ...extra);
  const inputs = Array.from({ length: n }, (_, i) => new TextEncoder().encode(`doc:AR:${String(i).padStart(9, '0')}`));
  let t = performance.now();
  const [finData, request] = await client.blind(inputs);
  const blind = performance.now() - t;
  t = performance.now();
  const evaluation = await server.blindEvaluate(request);
  const evaluate = performance.now() - t;
  t = performance.now();
  const outputs = await client.finalize(finData, evaluation);
  const finalize = performance.now() - t;
  if (outputs.length !== n) throw new Error(`${label}: ${outputs.length} outputs for ${n} inputs`);
  return { what: label, blind: blind / n, evaluate: evaluate / n, finalize: finalize / n };
}

/** Enlace's OPRF (pseudonyms/oprf.ts): a client's blinding and unblinding around the native evaluator. */
function measureOwn(label: string, blind: (inputs: readonly string[]) => BlindedBatch, n: number): Row {
  const key = PrfKey.generate();
  const inputs = Array.from({ length: n }, (_, i) => `doc:AR:${String(i).padStart(9, '0')}`);
  let t = performance.now();
  const batch = blind(inputs);
  const blinded = performance.now() - t;
  t = performance.now();
  const evaluated = key.evaluate(batch.elements);
  const evaluate = performance.now() - t;
  t = performance.now();
  const outputs = batch.unblind(evaluated);
  const finalize = performance.now() - t;
  if (outputs[0] !== key.pseudonym(inputs[0])) throw new Error(`${label}: the round trip does not give F_k`);
  return { what: label, blind: blinded / n, evaluate: evaluate / n, finalize: finalize / n };
}

function nativeScalarMultiplication(n: number): number {
  const a = createECDH('prime256v1');
  a.generateKeys();
  const b = createECDH('prime256v1');
  b.generateKeys();
  const point = b.getPublicKey(null, 'compressed');
  const t = performance.now();
  for (let i = 0; i < n; i++) a.computeSecret(point);
  return (performance.now() - t) / n;
}

async function main(): Promise<void> {
  const n = Number(flags.elements);
  const busyBefore = loadavg()[0];
  const rows: Row[] = [];
  rows.push(await measureOprf('VOPRF P-256, default provider (sjcl)', Oprf.Suite.P256_SHA256, true, undefined, Math.min(n, 100)));
  rows.push(await measureOprf('VOPRF P-256, @noble/curves', Oprf.Suite.P256_SHA256, true, CryptoNoble, n));
  rows.push(await measureOprf('OPRF P-256, @noble/curves', Oprf.Suite.P256_SHA256, false, CryptoNoble, n));
  rows.push(await measureOprf('OPRF ristretto255, @noble/curves', Oprf.Suite.RISTRETTO255_SHA512, false, CryptoNoble, n));
  rows.push(measureOwn('Enlace 2HashDH P-256 x-only: Node client (OpenSSL), native evaluator', blindForPseudonyms, Math.max(n, 2000)));
  rows.push(measureOwn('Enlace 2HashDH P-256 x-only: browser client (@noble/curves), native evaluator', blindForPseudonymsInBrowser, Math.min(n, 200)));
  const native = nativeScalarMultiplication(Math.max(n, 2000));
  const ms = (x: number) => x.toFixed(3);
  const perPerson = 8; // about: a document or two, an account, five or six name keys with the sex known
  const lines = [
    '# The cost of an oblivious PRF per identifier',
    '',
    `Generated by \`node scripts/dist/bench/oprf.js --elements ${n}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${cpus().length} cores (load average ${busyBefore.toFixed(1)} when it started).`,
    'Per element, in a batch (the sjcl and browser rows on smaller batches: they are slow); the client blinds and finalizes, the evaluator (the secretariat) evaluates.',
    '',
    '| Construction | Blind, ms | Evaluate, ms | Finalize, ms | Client + evaluator, ms | Index of 1,000,000 persons (×' + perPerson + ' identifiers), one core |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const total = r.blind + r.evaluate + r.finalize;
      return `| ${r.what} | ${ms(r.blind)} | ${ms(r.evaluate)} | ${ms(r.finalize)} | ${ms(total)} | ${hours(total * perPerson * 1e6)} |`;
    }),
    `| One P-256 scalar multiplication, Node's crypto (OpenSSL); a 2HashDH OPRF needs about four | – | ${ms(native)} | – | ${ms(4 * native)} | ${hours(4 * native * perPerson * 1e6)} |`,
  ];
  const text = lines.join('\n') + '\n';
  process.stdout.write(text);
  if (flags.out) writeFileSync(flags.out, text);
}

function hours(totalMs: number): string {
  const minutes = totalMs / 60000;
  return minutes < 90 ? `${minutes.toFixed(0)} min` : `${(minutes / 60).toFixed(1)} h`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
