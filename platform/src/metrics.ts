/**
 * Prometheus metrics (prom-client), one registry per server, served at /metrics
 * to a caller with the configured bearer token and to no one else. Off unless
 * ENLACE_METRICS is set: then nothing is counted and /metrics does not exist.
 *
 * Labels hold no personal data and have bounded values: error codes from the
 * registry, protocol rule names, member country codes, and operation names, which
 * clients choose: only well-formed ones and at most MAX_OPERATIONS distinct, the
 * rest as "other".
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isErrorCode } from './errorCodes';

/** How /metrics is protected: a bearer token (`ENLACE_METRICS=token:<secret>`). */
export interface MetricsSetting {
  token: string;
}

const MIN_TOKEN_LENGTH = 16;

/** ENLACE_METRICS: unset or `off` (no metrics), or `token:<secret>` (at least 16 characters); anything else is a one-line error. */
export function metricsSettingFromEnv(env: NodeJS.ProcessEnv): MetricsSetting | null {
  const value = env.ENLACE_METRICS?.trim();
  if (!value || value === 'off') return null;
  const token = /^token:(.*)$/.exec(value)?.[1] ?? '';
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new Error(`ENLACE_METRICS must be off or token:<secret> with a secret of at least ${MIN_TOKEN_LENGTH} characters and no spaces`);
  }
  return { token };
}

export const MAX_OPERATIONS = 50;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORE_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export class Metrics {
  readonly registry = new Registry();
  private readonly tokenHash: Buffer;
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation'>;
  private members?: { seconds: Histogram<'member'>; timeouts: Counter<'member'>; unavailable: Counter<'member'> };
  private denials?: Counter<'code' | 'rule'>;
  private hits?: Counter<'result'>;

  constructor(setting: MetricsSetting) {
    this.tokenHash = sha256(setting.token);
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'enlace_graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and outcome (ok, or the code of the first error)',
      labelNames: ['operation', 'outcome'],
      registers: [this.registry],
    });
    this.requestSeconds = new Histogram({
      name: 'enlace_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to the end of its answer',
      labelNames: ['operation'],
      buckets: SECONDS,
      registers: [this.registry],
    });
  }

  /** Whether an Authorization header carries the metrics token (compared in constant time). */
  authorized(authorization: string | undefined): boolean {
    const given = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    return !!given && timingSafeEqual(sha256(given), this.tokenHash);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** An operation name as a label: `anonymous`, a name already seen or one of the first MAX_OPERATIONS well-formed ones, else `other`. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (!OPERATION_NAME.test(name) || this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(name);
    return name;
  }

  /** One GraphQL request answered. `outcome`: ok, or an error code (codes outside the registry count as `other`). */
  request(operation: string | null | undefined, outcome: string, seconds: number): void {
    const label = this.operationLabel(operation);
    this.requests.inc({ operation: label, outcome: outcome === 'ok' || isErrorCode(outcome) ? outcome : 'other' });
    this.requestSeconds.observe({ operation: label }, seconds);
  }

  /** At the gateway: one request to a member answered (or given up on). */
  memberCall(member: string, seconds: number, unavailable: 'timeout' | 'unavailable' | null): void {
    this.members ??= {
      seconds: new Histogram({
        name: 'enlace_member_request_duration_seconds',
        help: 'Time for one request from the gateway to a member, until its answer is read or given up on',
        labelNames: ['member'],
        buckets: SECONDS,
        registers: [this.registry],
      }),
      timeouts: new Counter({ name: 'enlace_member_timeouts_total', help: 'Member requests given up after MEMBER_TIMEOUT_MS', labelNames: ['member'], registers: [this.registry] }),
      unavailable: new Counter({
        name: 'enlace_member_unavailable_total',
        help: 'Member requests answered MEMBER_UNAVAILABLE (down, too slow, refused or garbage), timeouts included',
        labelNames: ['member'],
        registers: [this.registry],
      }),
    };
    this.members.seconds.observe({ member }, seconds);
    if (unavailable) this.members.unavailable.inc({ member });
    if (unavailable === 'timeout') this.members.timeouts.inc({ member });
  }

  /** At a member or the secretariat: a request in which `rule` withheld something (FORBIDDEN) or asked for a purpose (PURPOSE_REQUIRED). */
  denial(code: string, rule: string): void {
    this.denials ??= new Counter({
      name: 'enlace_protocol_denials_total',
      help: 'Requests in which a sharing protocol rule withheld data (FORBIDDEN) or asked for a purpose (PURPOSE_REQUIRED), by code and rule',
      labelNames: ['code', 'rule'],
      registers: [this.registry],
    });
    this.denials.inc({ code, rule });
  }

  /** At a member: one hit/no-hit lookup answered. */
  hitLookup(hit: boolean): void {
    this.hits ??= new Counter({ name: 'enlace_hit_lookups_total', help: 'Hit/no-hit lookups answered, by result', labelNames: ['result'], registers: [this.registry] });
    this.hits.inc({ result: hit ? 'hit' : 'no_hit' });
  }

  /**
   * For @enlace/store's `instrument(store, …)` (its StoreObserver, by shape: common does not depend on the store):
   * statement latency by kind, and statements in flight (waiting for or holding one of the store's connections).
   */
  storeObserver(): { start(kind: 'read' | 'lookup' | 'write'): () => void } {
    const seconds = new Histogram({
      name: 'enlace_store_query_duration_seconds',
      help: 'Time of one store statement (read, key lookup batch) or write transaction, queueing for a connection included',
      labelNames: ['kind'],
      buckets: STORE_SECONDS,
      registers: [this.registry],
    });
    const inFlight = new Gauge({
      name: 'enlace_store_queries_in_flight',
      help: 'Store statements waiting for or holding a connection now (compare with the pool: KUZU read connections, NEO4J_MAX_POOL_SIZE)',
      registers: [this.registry],
    });
    return {
      start(kind) {
        inFlight.inc();
        const end = seconds.startTimer({ kind });
        return () => {
          inFlight.dec();
          end();
        };
      },
    };
  }
}
