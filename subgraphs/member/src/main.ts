/**
 * One member state's subgraph process. Settings: MEMBER_COUNTRY, PORT, HOST,
 * ENLACE_TRUSTED_ISSUERS, and the store (STORE, KUZU_PATH or NEO4J_*).
 */
import { COUNTRY_PATTERN, createStore, portSetting, runProcess, setting, storeConfigFromEnv, verifierFromEnv } from '@enlace/common';
import { startMember } from './server';

runProcess(`member ${process.env.MEMBER_COUNTRY ?? '?'}`, async () => {
  const country = setting('MEMBER_COUNTRY').toUpperCase();
  if (!COUNTRY_PATTERN.test(country)) throw new Error(`MEMBER_COUNTRY must be an ISO 3166-1 alpha-2 code, got "${country}"`);
  const verifier = verifierFromEnv();
  const store = await createStore(storeConfigFromEnv(process.env, { path: `data/${country.toLowerCase()}/member.kuzu` }));
  return startMember({ country, store, verifier, port: portSetting(), host: setting('HOST', '127.0.0.1') });
});
