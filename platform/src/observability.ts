/**
 * What a server is seen by: its logger, its metrics (if configured) and the one
 * place that learns how each GraphQL request ended. The Apollo plugin notes the
 * operation's name and outcome (and, at members and the secretariat, which
 * protocol rules denied something) on the request's scope; the HTTP layer, which
 * also sees requests refused before GraphQL runs, calls `requestEnded` when the
 * answer is sent: one log line and the request metrics.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { createLogger, type Logger } from './logger';
import { Metrics, type MetricsSetting } from './metrics';
import { currentRequest, type RequestScope } from './requestId';

export interface ObservabilityOptions {
  /** `gateway`, `member AR`, `secretariat`. */
  service: string;
  /** Default: JSON lines on stderr at ENLACE_LOG_LEVEL. */
  logger?: Logger;
  /** ENLACE_METRICS; null or absent: no metrics. */
  metrics?: MetricsSetting | null;
  /** Count FORBIDDEN and PURPOSE_REQUIRED by rule (where the protocol is enforced: members, secretariat). */
  denials?: boolean;
}

export interface Observability {
  logger: Logger;
  metrics: Metrics | null;
  plugin: ApolloServerPlugin<BaseContext>;
  /** Called by the HTTP layer once a GraphQL request's answer is sent. */
  requestEnded(scope: RequestScope, status: number, seconds: number): void;
}

/** Codes of the protocol's denials, counted by rule. */
const DENIALS = new Set(['FORBIDDEN', 'PURPOSE_REQUIRED']);
const LOGGED_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;

/** The outcome of a request that GraphQL did not answer (refused by the HTTP layer or by Apollo before execution). */
function outcomeOfStatus(status: number): string {
  if (status < 400) return 'ok';
  return ({ 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 405: 'BAD_REQUEST', 413: 'PAYLOAD_TOO_LARGE' } as Record<number, string>)[status] ?? 'INTERNAL_SERVER_ERROR';
}

export function observability(options: ObservabilityOptions): Observability {
  const logger = options.logger ?? createLogger({ service: options.service });
  const metrics = options.metrics ? new Metrics(options.metrics) : null;
  const countDenials = metrics !== null && options.denials === true;
  return {
    logger,
    metrics,
    plugin: {
      requestDidStart: async () => ({
        willSendResponse: async ({ response, operationName, request }) => {
          const scope = currentRequest();
          if (!scope) return;
          scope.operation = operationName ?? request.operationName ?? null;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          scope.outcome = errors?.length ? String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'ok';
          if (!countDenials || !errors) return;
          // Once per rule and request: a list of a thousand records withheld by one rule is one denial.
          const seen = new Set<string>();
          for (const e of errors) {
            const code = String(e.extensions?.code);
            if (!DENIALS.has(code)) continue;
            const rule = typeof e.extensions?.rule === 'string' ? e.extensions.rule : 'none';
            if (seen.has(`${code} ${rule}`)) continue;
            seen.add(`${code} ${rule}`);
            metrics.denial(code, rule);
          }
        },
      }),
    },
    requestEnded(scope, status, seconds) {
      const outcome = scope.outcome ?? outcomeOfStatus(status);
      metrics?.request(scope.operation, outcome, seconds);
      // The operation's name is the client's: logged only when it looks like one.
      const operation = scope.operation ? (LOGGED_NAME.test(scope.operation) ? scope.operation : 'other') : null;
      logger.info({ operation, outcome, status, ms: Math.round(seconds * 10_000) / 10 }, 'request');
    },
  };
}
