/**
 * The gateway process. Settings: PORT, HOST, MEMBER_DIRECTORY (COUNTRY=URL,…),
 * SECRETARIAT_URL, MEMBER_TIMEOUT_MS, MEMBER_CONNECTIONS, ENLACE_TRUSTED_ISSUERS, ENLACE_MEMBERS
 * (default: the directory's countries), ENLACE_PARTNERS, ENLACE_MAX_TOKEN_LIFETIME,
 * ENLACE_GATEWAY_KEY (the private key member requests are signed with), ENLACE_MODE, ENLACE_EXPLORER,
 * ENLACE_DEVELOPER_ROLE, ENLACE_SIGN_IN (OpenID Connect providers to sign in with: signIn.ts),
 * ENLACE_TRUSTED_DOCUMENTS (partners' trusted documents, default schema/trusted-documents.json: trustedDocuments.ts), ENLACE_PURPOSES (the network's catalogue of purposes), ENLACE_METRICS, ENLACE_LOG_LEVEL, the OTEL_* variables (tracing.ts) and, from `npm start` only,
 * ENLACE_DEV_ISSUER(_KEY).
 */
import {
  devTokenIssuerFromEnv, hopSignerFromEnv, metricsSettingFromEnv, portSetting, purposeCatalogueFromEnv, runProcess, servingModeFromEnv, setting, verifierFromEnv,
} from '@enlace/platform';
import { defaultPurposesPath } from '@enlace/schema';
import { parseDirectory } from './directory';
import { startGateway } from './server';
import { signInProvidersFromEnv } from './signIn';
import { trustedDocumentsFromEnv } from './trustedDocuments';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runProcess('gateway', async (logger) => {
  const timeout = Number(setting('MEMBER_TIMEOUT_MS', '5000'));
  if (!Number.isInteger(timeout) || timeout < 1) throw new Error('MEMBER_TIMEOUT_MS must be a positive number of milliseconds');
  const connections = Number(setting('MEMBER_CONNECTIONS', '32'));
  if (!Number.isInteger(connections) || connections < 1) throw new Error('MEMBER_CONNECTIONS must be a positive whole number');
  const directory = parseDirectory(setting('MEMBER_DIRECTORY'));
  const mode = servingModeFromEnv(process.env);
  return startGateway({
    logger,
    metrics: metricsSettingFromEnv(process.env),
    mode,
    devTokens: mode.development ? await devTokenIssuerFromEnv(process.env) : null,
    directory,
    secretariatUrl: setting('SECRETARIAT_URL'),
    verifier: verifierFromEnv({ members: directory.keys() }),
    purposes: purposeCatalogueFromEnv(process.env, defaultPurposesPath),
    signIn: signInProvidersFromEnv(process.env),
    trustedDocuments: trustedDocumentsFromEnv(process.env),
    hop: await hopSignerFromEnv(process.env),
    memberTimeoutMs: timeout,
    memberConnections: connections,
    port: portSetting('PORT', '4000'),
    host: setting('HOST', '127.0.0.1'),
  });
});
