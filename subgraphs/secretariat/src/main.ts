/**
 * The secretariat subgraph process. Settings: PORT, HOST, ENLACE_TRUSTED_ISSUERS (with each member's
 * service issuer bound to that country and the service role), ENLACE_MEMBERS, ENLACE_PARTNERS,
 * ENLACE_MAX_TOKEN_LIFETIME, its audit log and the register of chain heads (AUDIT_PATH,
 * AUDIT_HEADS_PATH, AUDIT_SYNC, AUDIT_HEAD_INTERVAL_MS), and the store.
 */
import { dirname } from 'node:path';
import { auditSettingsFromEnv, createStore, portSetting, runProcess, SECRETARIAT_AUDIENCE, setting, storeConfigFromEnv, verifierFromEnv } from '@enlace/common';
import { startSecretariat } from './server';

runProcess('secretariat', async () => {
  // Members' service tokens (their calls on their own account) are addressed to the secretariat alone.
  const verifier = verifierFromEnv({ serviceAudience: SECRETARIAT_AUDIENCE });
  const audit = auditSettingsFromEnv(process.env, dirname(process.env.KUZU_PATH?.trim() || 'data/secretariat/secretariat.kuzu'));
  const store = await createStore(storeConfigFromEnv(process.env, { path: 'data/secretariat/secretariat.kuzu' }));
  return startSecretariat({ store, verifier, audit, port: portSetting(), host: setting('HOST', '127.0.0.1') });
});
