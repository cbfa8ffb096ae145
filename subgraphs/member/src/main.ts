/**
 * One member state's subgraph process. Settings: MEMBER_COUNTRY, PORT, HOST,
 * ENLACE_TRUSTED_ISSUERS, ENLACE_MEMBERS, ENLACE_PARTNERS, ENLACE_MAX_TOKEN_LIFETIME,
 * ENLACE_GATEWAY_JWKS (the gateway's public keys: foreign callers come through it),
 * MEMBER_SERVICE_KEY and MEMBER_SERVICE_ISSUER (its own identity towards the secretariat; the key also vouches for its operator: POST /operator/import),
 * SECRETARIAT_URL (JITs, cooperation grants and filings), MEMBER_GRANT_CACHE_SECONDS, MEMBER_CONTACT_POINT,
 * MEMBER_PROTOCOL_TIGHTENING, ENLACE_TEST_PROTOCOL_FILE (tests only, refused in production mode), MEMBER_RETENTION_YEARS, the audit log (AUDIT_PATH, AUDIT_SYNC, AUDIT_HEAD_INTERVAL_MS),
 * the store (STORE, KUZU_PATH or NEO4J_*), ENLACE_PURPOSES (the network's catalogue of purposes), ENLACE_MODE, ENLACE_EXPLORER, ENLACE_DEVELOPER_ROLE,
 * ENLACE_METRICS, ENLACE_LOG_LEVEL, the OTEL_* variables (tracing.ts) and, from `npm start` only, ENLACE_DEV_ISSUER(_KEY).
 */
import { dirname, join } from 'node:path';
import {
  auditSettingsFromEnv, COUNTRY_PATTERN, devTokenIssuerFromEnv, metricsSettingFromEnv, portSetting, purposeCatalogueFromEnv, runProcess, serviceIdentityFromEnv, servingModeFromEnv, setting,
  verifierFromEnv,
} from '@enlace/platform';
import { defaultPurposesPath } from '@enlace/schema';
import { createStore, storeConfigFromEnv } from '@enlace/store';
import { memberProtocolFromEnv, testProtocolFromEnv } from './protocol';
import { retentionYearsFromEnv } from './retention';
import { startMember } from './server';

runProcess(`member ${process.env.MEMBER_COUNTRY ?? '?'}`, async (logger) => {
  const country = setting('MEMBER_COUNTRY').toUpperCase();
  if (!COUNTRY_PATTERN.test(country)) throw new Error(`MEMBER_COUNTRY must be an ISO 3166-1 alpha-2 code, got "${country}"`);
  const verifier = verifierFromEnv();
  const purposes = purposeCatalogueFromEnv(process.env, defaultPurposesPath);
  const mode = servingModeFromEnv(process.env);
  const devTokens = mode.development ? await devTokenIssuerFromEnv(process.env) : null;
  if (!verifier.relay) logger.warn(`ENLACE_GATEWAY_JWKS is not set: only ${country}'s own callers are served`);
  const service = await serviceIdentityFromEnv(country, process.env);
  // The protocol settings (SECRETARIAT_URL, MEMBER_PROTOCOL_TIGHTENING, MEMBER_CONTACT_POINT) are read
  // before the store is opened, so a refused tightening stops the member before it touches its data.
  const dataDir = dirname(process.env.KUZU_PATH?.trim() || `data/${country.toLowerCase()}/member.kuzu`);
  const protocol = memberProtocolFromEnv(process.env, join(dataDir, 'hit-reference.key'));
  const testProtocol = testProtocolFromEnv(process.env, mode);
  const { path, sync, headIntervalMs } = auditSettingsFromEnv(process.env, dataDir);
  const store = await createStore(storeConfigFromEnv(process.env, { path: `data/${country.toLowerCase()}/member.kuzu` }), { log: (m) => logger.warn(m) });
  const metrics = metricsSettingFromEnv(process.env);
  const retentionYears = retentionYearsFromEnv(process.env);
  return startMember({ country, store, retentionYears, testProtocol, verifier, purposes, logger, metrics, mode, devTokens, service, ...protocol, audit: { path, sync, headIntervalMs }, port: portSetting(), host: setting('HOST', '127.0.0.1') });
});
