/**
 * The gateway process. Settings: PORT, HOST, MEMBER_DIRECTORY (COUNTRY=URL,…),
 * SECRETARIAT_URL, MEMBER_TIMEOUT_MS, ENLACE_TRUSTED_ISSUERS.
 */
import { portSetting, runProcess, setting, verifierFromEnv } from '@enlace/common';
import { parseDirectory } from './directory';
import { startGateway } from './server';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runProcess('gateway', async () => {
  const timeout = Number(setting('MEMBER_TIMEOUT_MS', '5000'));
  if (!Number.isInteger(timeout) || timeout < 1) throw new Error('MEMBER_TIMEOUT_MS must be a positive number of milliseconds');
  return startGateway({
    directory: parseDirectory(setting('MEMBER_DIRECTORY')),
    secretariatUrl: setting('SECRETARIAT_URL'),
    verifier: verifierFromEnv(),
    memberTimeoutMs: timeout,
    port: portSetting('PORT', '4000'),
    host: setting('HOST', '127.0.0.1'),
  });
});
