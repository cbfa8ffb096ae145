/**
 * Operations logs: JSON lines (pino) on stderr, one logger per process, each line
 * with the service and, while a request is served, its request id (requestId.ts).
 * They hold no personal data: no tokens, no variables, no record contents, no
 * subjects (who read what is the audit log's business, not the ops log's).
 */
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { describeError } from './describeError';
import { currentRequest } from './requestId';

export type { Logger };

export interface LoggerOptions {
  /** `gateway`, `member AR`, `secretariat`: on every line. */
  service: string;
  /** Default: ENLACE_LOG_LEVEL, else info. */
  level?: Level | 'silent';
  /** Where lines go (default: stderr); tests capture them here. */
  destination?: DestinationStream;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** ENLACE_LOG_LEVEL (fatal, error, warn, info, debug, trace, silent; default info); a bad value is a one-line error naming it. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): Level | 'silent' {
  const level = env.ENLACE_LOG_LEVEL?.trim() || 'info';
  if (!(LEVELS as readonly string[]).includes(level)) throw new Error(`ENLACE_LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${level}"`);
  return level as Level | 'silent';
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? logLevelFromEnv(process.env),
      base: { service: options.service },
      // Read on every line: the request being served when the line is written.
      mixin: () => {
        const request = currentRequest();
        return request ? { requestId: request.id } : {};
      },
    },
    options.destination ?? stderr(),
  );
}

/** The logger Apollo Server and the Apollo gateway take (their `logger` option). */
export interface ApolloLogger {
  debug(message?: unknown): void;
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

/**
 * Apollo's own lines (an error in a query plan's execution, a failed start) as
 * this process's JSON lines, with the request id, instead of console text; what
 * Apollo hands over that is not text is described (describeError.ts). Its info
 * lines are about its own start-up: debug here, so `info` stays a line per request.
 */
export function apolloLogger(logger: Logger): ApolloLogger {
  const text = (message: unknown) => (typeof message === 'string' ? message : describeError(message, { stack: true }));
  return {
    debug: (m) => logger.debug(text(m)),
    info: (m) => logger.debug(text(m)),
    warn: (m) => logger.warn(text(m)),
    error: (m) => logger.error(text(m)),
  };
}

let shared: DestinationStream | undefined;

/**
 * The process's stderr, shared by its loggers and buffered: lines go out in
 * writes of 4 KiB or once a second, whichever comes first, not a system call per
 * line (a line per request is a measurable share of a small request's CPU).
 * What is left is written on exit (pino's own exit handler).
 */
function stderr(): DestinationStream {
  if (shared) return shared;
  const stream = pino.destination({ dest: 2, sync: false, minLength: 4096 });
  setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Closed (the process is ending): nothing left to flush.
    }
  }, 1000).unref();
  shared = stream;
  return stream;
}
