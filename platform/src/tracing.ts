/**
 * OpenTelemetry traces: off by default, on when the standard variables ask for
 * them (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
 * OTEL_TRACES_EXPORTER; OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none
 * keep them off). The SDK is required only then, so the default path loads and
 * pays nothing. Spans: incoming and outgoing HTTP (node:http, and undici, which
 * carries the gateway's member requests), and @apollo/gateway's own (plan, fetch).
 * Exporter, endpoint, protocol and sampler come from the standard OTEL_* variables.
 */
import type { tracing } from '@opentelemetry/sdk-node';

type Sdk = typeof import('@opentelemetry/sdk-node');

/** Whether the environment asks for traces. */
export function tracingEnabled(env: NodeJS.ProcessEnv): boolean {
  const set = (name: string) => !!env[name]?.trim();
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((e) => e.trim()).filter(Boolean) ?? [];
  if (exporters.length) return !exporters.every((e) => e === 'none');
  return set('OTEL_EXPORTER_OTLP_ENDPOINT') || set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
}

let api: Sdk['api'] | null = null;

/** Whether this process traces (startTracing ran with tracing enabled). */
export const tracingActive = (): boolean => api !== null;

/** The trace id of the span in progress, when tracing. */
export function activeTraceId(): string | undefined {
  const context = api?.trace.getActiveSpan()?.spanContext();
  return context && api?.isSpanContextValid(context) ? context.traceId : undefined;
}

export interface Tracing {
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  env?: NodeJS.ProcessEnv;
  /** Tests: where spans go instead of the exporter the environment names. */
  spanProcessors?: tracing.SpanProcessor[];
}

/** Starts the OpenTelemetry SDK for `service` (OTEL_SERVICE_NAME wins) if the environment asks for traces; null otherwise. */
export function startTracing(service: string, options: TracingOptions = {}): Tracing | null {
  const env = options.env ?? process.env;
  if (!options.spanProcessors && !tracingEnabled(env)) return null;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const sdk = require('@opentelemetry/sdk-node') as Sdk;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const node = new sdk.NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || service,
    instrumentations: [
      // Probes and scrapes are not worth a trace.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|ready|metrics)\b/.test(req.url ?? '') }),
      new UndiciInstrumentation(),
    ],
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    // Traces only: metrics are Prometheus's (metrics.ts) and logs pino's.
    metricReaders: [],
    logRecordProcessors: [],
  });
  node.start();
  api = sdk.api;
  return {
    shutdown: async () => {
      api = null;
      await node.shutdown();
    },
  };
}
