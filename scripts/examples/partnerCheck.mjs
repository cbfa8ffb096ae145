#!/usr/bin/env node
/**
 * A partner's tool, built from docs/PARTNERS.md: it runs the partner's trusted documents
 * against the network's gateway, as the guide says a partner client should (by hash first,
 * then the text as registered), checks that an operation the secretariat did not register is
 * refused (OPERATION_NOT_TRUSTED), and prints what each answered. Plain JavaScript on Node 20
 * or later, no dependencies, no build: a partner copies it and its .graphql files.
 *
 *   node scripts/examples/partnerCheck.mjs --gateway https://enlace.example/graphql --token "$TOKEN" \
 *     [--operations docs/partners] [--purpose "Border check"] [--case-ref "XP-2026-17"] [--document PE:QH-774-1203]
 *
 * The hit/no-hit document (`--document ISSUER:NUMBER`) is sent only as its pseudonym, obtained
 * blinded through the gateway (pseudonyms.mjs beside this file).
 *
 * Exit status 0 when every trusted document answered and the unregistered operation was refused.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { documentIdentifier, pseudonymise } from './pseudonyms.mjs';

const { values: flags } = parseArgs({
  options: {
    gateway: { type: 'string' },
    token: { type: 'string' },
    operations: { type: 'string', default: fileURLToPath(new URL('../../docs/partners/', import.meta.url)) },
    purpose: { type: 'string', default: 'Partner contract check' },
    'case-ref': { type: 'string', default: 'PARTNER-CHECK' },
    document: { type: 'string', default: 'AR:AAA000000' },
  },
});
if (!flags.gateway || !flags.token) {
  console.error('usage: node partnerCheck.mjs --gateway URL --token TOKEN [--operations DIR] [--purpose TEXT] [--case-ref TEXT]');
  process.exit(2);
}

const [issuer, ...number] = flags.document.split(':');
const [pseudonym] = await pseudonymise([documentIdentifier(issuer, number.join(':'))], { gatewayUrl: flags.gateway, token: flags.token });

/** The variables each example of the guide is run with. */
const EXAMPLE_VARIABLES = {
  PartnerRoutes: { mode: 'LAND' },
  PartnerDocumentHit: { pseudonym },
  PartnerFlaggedSuspects: { name: null },
};

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** One POST to the gateway: the purpose and case reference percent-encoded, as the network reads them. */
async function post(body) {
  const response = await fetch(flags.gateway, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${flags.token}`,
      'x-enlace-purpose': encodeURIComponent(flags.purpose),
      'x-enlace-case-ref': encodeURIComponent(flags['case-ref']),
    },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({ errors: [{ message: `status ${response.status}, not JSON` }] }));
  return { status: response.status, ...answer };
}

/** What an answer holds, in a few words: its top fields' sizes, and its error codes. */
function summary(answer) {
  const hits = (value) => (value.some((v) => v?.hit === true) ? ` (a hit in ${value.filter((v) => v.hit).map((v) => v.country).join(', ')})` : '');
  const data = Object.entries(answer.data ?? {}).map(([field, value]) => `${field}: ${Array.isArray(value) ? `${value.length} item(s)${hits(value)}` : value === null ? 'null' : Array.isArray(value?.items) ? `${value.items.length} item(s)` : 'an object'}`);
  const codes = [...new Set((answer.errors ?? []).map((e) => e.extensions?.code ?? 'error'))];
  return [...data, ...(codes.length ? [`errors: ${codes.join(', ')}`] : [])].join('; ');
}

const refused = (answer) => (answer.errors ?? []).some((e) => e.extensions?.code === 'OPERATION_NOT_TRUSTED');
let failures = 0;
const report = (ok, line) => {
  if (!ok) failures += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
};

const files = readdirSync(flags.operations).filter((f) => f.endsWith('.graphql')).sort();
for (const file of files) {
  const text = readFileSync(join(flags.operations, file), 'utf8');
  const name = basename(file, '.graphql');
  const hash = sha256(text);
  const variables = EXAMPLE_VARIABLES[name] ?? {};
  // By hash alone first (the guide's advice: the smallest request, and it proves the registration).
  const byHash = await post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
  report(!refused(byHash) && byHash.data != null, `${name} by hash ${hash.slice(0, 12)}…: ${summary(byHash)}`);
  const byText = await post({ query: text, variables });
  report(!refused(byText) && byText.data != null, `${name} as registered text: ${summary(byText)}`);
}
// Anything else is refused for a partner, even a field of the contract asked in another document.
const other = await post({ query: 'query NotRegistered { routes(first: 1) { code } }' });
report(other.status === 403 && refused(other) && other.data == null, `an unregistered operation: ${other.status} ${summary(other)}`);

console.log(failures ? `${failures} check(s) failed` : `${files.length} trusted document(s) answered; an unregistered operation was refused`);
process.exit(failures ? 1 : 0);
