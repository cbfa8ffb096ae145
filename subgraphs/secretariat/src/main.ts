/** The secretariat subgraph process. Settings: PORT, HOST, ENLACE_TRUSTED_ISSUERS, and the store. */
import { createStore, portSetting, runProcess, setting, storeConfigFromEnv, verifierFromEnv } from '@enlace/common';
import { startSecretariat } from './server';

runProcess('secretariat', async () => {
  const verifier = verifierFromEnv();
  const store = await createStore(storeConfigFromEnv(process.env, { path: 'data/secretariat/secretariat.kuzu' }));
  return startSecretariat({ store, verifier, port: portSetting(), host: setting('HOST', '127.0.0.1') });
});
