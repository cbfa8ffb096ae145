/**
 * The secretariat subgraph process. Settings: PORT, HOST, ENLACE_TRUSTED_ISSUERS (with each member's
 * service issuer bound to that country and the service role), ENLACE_MEMBERS, ENLACE_PARTNERS,
 * ENLACE_MAX_TOKEN_LIFETIME, its audit log and the register of chain heads (AUDIT_PATH,
 * AUDIT_HEADS_PATH, AUDIT_SYNC, AUDIT_HEAD_INTERVAL_MS), the store, and COOPERATION_DEADLINES
 * (`URGENT=8h,NORMAL=3d,NON_URGENT=14d`: how long owners have to answer cooperation requests),
 * COOPERATION_ATTENTION_POLL_SECONDS (how often clients should ask for the inbox's counts again, default 30),
 * ENLACE_PURPOSES (the network's catalogue of purposes), ENLACE_MODE, ENLACE_EXPLORER, ENLACE_DEVELOPER_ROLE, ENLACE_METRICS, ENLACE_LOG_LEVEL, the OTEL_* variables (tracing.ts)
 * the pseudonym evaluator's ENLACE_PRF_KEY_FILE, ENLACE_PRF_REQUIRED, ENLACE_PRF_BATCH_MAX and ENLACE_PRF_BUDGET_PER_HOUR
 * (pseudonyms/settings.ts) and, from `npm start` only, ENLACE_DEV_ISSUER(_KEY).
 */
import { dirname } from 'node:path';
import {
  auditSettingsFromEnv, devTokenIssuerFromEnv, metricsSettingFromEnv, portSetting, purposeCatalogueFromEnv, runProcess, SECRETARIAT_AUDIENCE, servingModeFromEnv, setting, verifierFromEnv,
} from '@enlace/platform';
import { defaultPurposesPath } from '@enlace/schema';
import { createStore, storeConfigFromEnv } from '@enlace/store';
import { parseDeadlines } from './cooperation/deadlines';
import { parsePollSeconds } from './cooperation/attention';
import { startSecretariat } from './server';
import { pseudonymSettingsFromEnv } from './pseudonyms';

runProcess('secretariat', async (logger) => {
  // Read first: a bad value stops the start before anything is opened.
  const cooperationDeadlines = parseDeadlines(process.env.COOPERATION_DEADLINES);
  const attentionPollSeconds = parsePollSeconds(process.env.COOPERATION_ATTENTION_POLL_SECONDS);
  const purposes = purposeCatalogueFromEnv(process.env, defaultPurposesPath);
  const pseudonyms = pseudonymSettingsFromEnv(process.env);
  // Members' service tokens (their calls on their own account) are addressed to the secretariat alone.
  const verifier = verifierFromEnv({ serviceAudience: SECRETARIAT_AUDIENCE });
  const mode = servingModeFromEnv(process.env);
  const devTokens = mode.development ? await devTokenIssuerFromEnv(process.env) : null;
  const audit = auditSettingsFromEnv(process.env, dirname(process.env.KUZU_PATH?.trim() || 'data/secretariat/secretariat.kuzu'));
  const store = await createStore(storeConfigFromEnv(process.env, { path: 'data/secretariat/secretariat.kuzu' }), { log: (m) => logger.warn(m) });
  const metrics = metricsSettingFromEnv(process.env);
  return startSecretariat({ store, verifier, logger, metrics, audit, cooperationDeadlines, attentionPollSeconds, purposes, pseudonyms, mode, devTokens, port: portSetting(), host: setting('HOST', '127.0.0.1') });
});
