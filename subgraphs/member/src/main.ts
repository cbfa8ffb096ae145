/**
 * One member state's subgraph process. Settings: MEMBER_COUNTRY, PORT, HOST,
 * ENLACE_TRUSTED_ISSUERS, SECRETARIAT_URL (for JIT membership), MEMBER_CONTACT_POINT,
 * MEMBER_PROTOCOL_TIGHTENING, and the store (STORE, KUZU_PATH or NEO4J_*).
 */
import { COUNTRY_PATTERN, createStore, portSetting, runProcess, setting, storeConfigFromEnv, verifierFromEnv } from '@enlace/common';
import { memberProtocolFromEnv } from './protocol';
import { startMember } from './server';

runProcess(`member ${process.env.MEMBER_COUNTRY ?? '?'}`, async () => {
  const country = setting('MEMBER_COUNTRY').toUpperCase();
  if (!COUNTRY_PATTERN.test(country)) throw new Error(`MEMBER_COUNTRY must be an ISO 3166-1 alpha-2 code, got "${country}"`);
  const verifier = verifierFromEnv();
  // The protocol settings (SECRETARIAT_URL, MEMBER_PROTOCOL_TIGHTENING, MEMBER_CONTACT_POINT) are read
  // before the store is opened, so a refused tightening stops the member before it touches its data.
  const protocol = memberProtocolFromEnv(process.env);
  const store = await createStore(storeConfigFromEnv(process.env, { path: `data/${country.toLowerCase()}/member.kuzu` }));
  return startMember({ country, store, verifier, ...protocol, port: portSetting(), host: setting('HOST', '127.0.0.1') });
});
