/**
 * Rotating the network's pseudonym key without downtime (docs/PSEUDONYMS.md, "Rotation"): the
 * secretariat's evaluator is given the next key beside the current one; members index under both
 * (checks under either find their records); once every member's /health lists both, the next key
 * becomes the current one and the old one is retired, and members drop its pseudonyms. Checks
 * find the record at every step.
 */
import { createTokenVerifier, documentIdentifier, PrfKey, SECRETARIAT_AUDIENCE } from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { startSecretariat, type PseudonymSettings, type RunningSecretariat } from '@enlace/secretariat';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { bearer, checkPseudonyms, gql, startNetwork, type TestNetwork } from '../support/network';

const PASSPORT = documentIdentifier(ANCHORS.arOnly.passportIssuer, ANCHORS.arOnly.passport);
const HITS = 'query($p: String!) { documentHits(pseudonym: $p) { country hit } }';
let net: TestNetwork;
let secretariat: RunningSecretariat;
let co: string;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 12, pseudonyms: 'blinded', memberOptions: { AR: { pseudonymKeyCheckMs: 200 }, CO: { pseudonymKeyCheckMs: 200 } } });
  secretariat = net.secretariat;
  co = await net.token({ country: 'CO' });
}, 120_000);
afterAll(async () => {
  if (secretariat !== net.secretariat) await secretariat.close();
  await net?.close();
});

/** The secretariat again, on its port, with these keys (an operator's restart with new settings). */
async function restartWith(pseudonyms: PseudonymSettings): Promise<void> {
  await secretariat.close();
  secretariat = await startSecretariat({
    port: Number(new URL(net.secretariat.url).port),
    store: new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 }),
    verifier: createTokenVerifier(net.trust.trustedIssuers, { members: ['AR', 'CO'], partners: net.trust.partners, serviceAudience: SECRETARIAT_AUDIENCE }),
    pseudonyms,
  });
}

/** Until both members' indexes are made with exactly `keys` and nothing is pending. */
async function indexedUnder(keys: PrfKey[]): Promise<void> {
  const want = keys.map((k) => k.id);
  for (const m of net.members.values()) {
    for (let i = 0; i < 200 && JSON.stringify(m.pseudonymIndex!.status().keys) !== JSON.stringify(want); i++) await new Promise((r) => setTimeout(r, 50));
    await m.pseudonymIndex!.settled();
    expect(m.pseudonymIndex!.status()).toMatchObject({ keys: want, pending: 0 });
  }
}

const arHit = async (pseudonym: string) => (await gql(net.gateway.url, HITS, { p: pseudonym }, bearer(co))).body.data.documentHits.find((h: { country: string }) => h.country === 'AR').hit;

test('the next key is indexed beside the current one, then replaces it: a check finds AR\'s record at every step', async () => {
  const current = net.prfKey;
  const next = PrfKey.generate();
  expect(await arHit((await checkPseudonyms(net, co, [PASSPORT]))[0])).toBe(true);

  // 1. The next key beside the current one: members index under both; requesters still get the current key's pseudonyms.
  await restartWith({ key: current, nextKey: next });
  await indexedUnder([current, next]);
  const during = (await checkPseudonyms(net, co, [PASSPORT]))[0];
  expect(during).toBe(current.pseudonym(PASSPORT));
  expect(await arHit(during)).toBe(true);
  expect(await arHit(next.pseudonym(PASSPORT))).toBe(true);

  // 2. The switch: the next key is the network's key; the old one retired. Members drop its pseudonyms.
  await restartWith({ key: next });
  const after = (await checkPseudonyms(net, co, [PASSPORT]))[0];
  expect(after).toBe(next.pseudonym(PASSPORT));
  expect(await arHit(after)).toBe(true); // at once: the index already held it
  await indexedUnder([next]);
  expect(await arHit(after)).toBe(true);
  expect(await arHit(current.pseudonym(PASSPORT))).toBe(false);
});
