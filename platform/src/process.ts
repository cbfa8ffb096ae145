/** What every Enlace process does at start and stop: read its settings, log (JSON lines), trace if asked, stop cleanly. */
import { countryList, createTokenVerifier, maxTokenLifetimeFromEnv, trustedIssuersFromEnv, type TokenVerifier, type TrustOptions } from './identity';
import { describeError } from './describeError';
import { createLogger, type Logger } from './logger';
import { startTracing, type Tracing } from './tracing';

/** A setting from the environment, or a one-line error naming it. */
export function setting(name: string, fallback?: string): string {
  const value = process.env[name]?.trim() || fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

export function portSetting(name = 'PORT', fallback = '0'): number {
  const raw = setting(name, fallback);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

/**
 * The token verifier of this network (see identity.ts): ENLACE_TRUSTED_ISSUERS with
 * their bindings, ENLACE_MEMBERS (or `defaults.members`, e.g. the gateway's directory),
 * ENLACE_PARTNERS, ENLACE_MAX_TOKEN_LIFETIME and, at members, ENLACE_GATEWAY_JWKS.
 */
export function verifierFromEnv(defaults: Pick<TrustOptions, 'members' | 'serviceAudience'> = {}): TokenVerifier {
  const issuers = trustedIssuersFromEnv(process.env);
  if (!issuers.length) throw new Error('ENLACE_TRUSTED_ISSUERS is not set: list the issuers this network trusts');
  const members = process.env.ENLACE_MEMBERS?.trim() ? countryList(process.env.ENLACE_MEMBERS) : [...(defaults.members ?? [])];
  if (!members.length) throw new Error('ENLACE_MEMBERS is not set: list the network\'s member countries, e.g. AR,CO,PE');
  return createTokenVerifier(issuers, {
    members,
    partners: countryList(process.env.ENLACE_PARTNERS),
    maxLifetimeSeconds: maxTokenLifetimeFromEnv(process.env),
    serviceAudience: defaults.serviceAudience,
    gatewayJwks: process.env.ENLACE_GATEWAY_JWKS?.trim() || undefined,
  });
}

/**
 * Runs a process's start with its logger, exits with a one-line error if it fails, and stops cleanly on
 * SIGINT/SIGTERM. Tracing starts first, when the OTEL_* variables ask for it (tracing.ts).
 */
export function runProcess(name: string, start: (logger: Logger) => Promise<{ close(): Promise<void>; url: string }>): void {
  let logger: Logger;
  let tracing: Tracing | null;
  try {
    logger = createLogger({ service: name });
    tracing = startTracing(`enlace-${name.replace(/\s+/g, '-')}`);
  } catch (err) {
    // No logger to say it with: a bad ENLACE_LOG_LEVEL or OTEL_* setting.
    console.error(`[${name}] cannot start: ${describeError(err)}`);
    process.exit(1);
  }
  start(logger).then(
    (running) => {
      logger.info({ tracing: tracing !== null }, `listening on ${running.url}`);
      logger.flush(); // at once: `npm start` and the bench wait for this line
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        running.close().then(() => tracing?.shutdown()).then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err: unknown) => {
      logger.fatal(`cannot start: ${describeError(err)}`);
      process.exit(1);
    },
  );
}
