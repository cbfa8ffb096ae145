/**
 * Structured logs (issue 10, item 4): JSON lines from every process, each line
 * of a request carrying the request id the gateway made (or took from the
 * caller's traceparent) and forwarded; nothing personal in them. The loggers'
 * output is captured in-process; plus the pure parts (ids, headers, tracing's
 * switch) and one real span, in a child process that turns tracing on.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import {
  createLogger, logLevelFromEnv, requestIdFrom, requestIdHeaders, traceIdOf, tracingEnabled, type Logger,
} from '@enlace/platform';
import { ANCHORS } from '@enlace/scripts/seed/generate';
import { bearer, startNetwork, type TestNetwork } from '../support/network';

type Line = Record<string, unknown> & { service: string; msg: string; requestId?: string };

const lines: Line[] = [];
const capture = (service: string): Logger =>
  createLogger({ service, level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) } });

let net: TestNetwork;
let co: string;
const NAME = ANCHORS.suspect.familyNames.split(' ')[0];
const QUERY = `query Follow($name: String!) {
  persons(filter: {name: $name}, first: 2) { id country }
  jointInvestigationTeam(id: "${ANCHORS.jitId}") { cases { id country summary } }
}`;

beforeAll(async () => {
  net = await startNetwork({
    countries: ['AR', 'CO', 'PE'],
    persons: 20,
    gatewayOptions: { logger: capture('gateway') },
    memberOptions: Object.fromEntries(['AR', 'CO', 'PE'].map((c) => [c, { logger: capture(`member ${c}`) }])),
    secretariatOptions: { logger: capture('secretariat') },
  });
  co = await net.token({ country: 'CO', roles: ['prosecutor'] });
});
afterAll(() => net?.close());

/** Asks the gateway the cross-country query; its answer and the request id it gave. */
async function follow(headers: Record<string, string> = {}) {
  const res = await request(new URL(net.gateway.url).origin)
    .post('/graphql')
    .set({ 'content-type': 'application/json', ...bearer(co, 'Joint investigation Cóndor', ANCHORS.jitId), ...headers })
    .send({ query: QUERY, variables: { name: NAME } });
  expect(res.body.data.persons.length).toBeGreaterThan(0);
  expect(res.body.data.jointInvestigationTeam.cases.length).toBeGreaterThan(0);
  return { id: res.headers['x-request-id'] as string, body: res.body };
}

const servicesLogging = (id: string) => new Set(lines.filter((l) => l.requestId === id).map((l) => l.service));

test('one query\'s request id is on the gateway\'s, each member\'s and the secretariat\'s lines', async () => {
  const { id } = await follow();
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(servicesLogging(id)).toEqual(new Set(['gateway', 'member AR', 'member CO', 'member PE', 'secretariat']));
  const gatewayLine = lines.find((l) => l.requestId === id && l.service === 'gateway' && l.msg === 'request');
  expect(gatewayLine).toMatchObject({ level: 30, operation: 'Follow', outcome: 'ok', status: 200, ms: expect.any(Number) });
});

test('a traceparent given by the client becomes the request id, everywhere', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const { id } = await follow({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
  expect(id).toBe(traceId);
  expect(servicesLogging(traceId)).toEqual(new Set(['gateway', 'member AR', 'member CO', 'member PE', 'secretariat']));
});

test('no token, variable value or record content appears in the logs', async () => {
  const { body } = await follow();
  const text = lines.map((l) => JSON.stringify(l)).join('\n');
  expect(text).not.toContain(co);
  expect(text).not.toContain(co.split('.')[1]); // not even the token's claims
  expect(text).not.toContain(NAME);
  expect(text).not.toContain('Cóndor'); // the purpose
  expect(text).not.toContain(body.data.persons[0].id);
  expect(text).not.toContain(body.data.jointInvestigationTeam.cases[0].summary);
});

test('a request refused before GraphQL runs is logged with its outcome', async () => {
  const res = await request(new URL(net.gateway.url).origin).post('/graphql').set('content-type', 'application/json').send({ query: '{ persons { id } }' });
  expect(res.status).toBe(401);
  const line = lines.find((l) => l.requestId === res.headers['x-request-id'] && l.msg === 'request');
  expect(line).toMatchObject({ service: 'gateway', outcome: 'UNAUTHENTICATED', status: 401 });
});

describe('request ids', () => {
  test('taken from x-request-id when well formed, else from a valid traceparent, else made', () => {
    expect(requestIdFrom({ 'x-request-id': 'abc-123-def' })).toBe('abc-123-def');
    expect(requestIdFrom({ 'x-request-id': 'short', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(requestIdFrom({ 'x-request-id': '"><script>' + 'x'.repeat(20) })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom({}, () => 'from-the-active-span')).toBe('from-the-active-span');
    expect(requestIdFrom({})).not.toBe(requestIdFrom({}));
  });

  test('only a well-formed W3C traceparent gives a trace id', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdOf('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdOf(undefined)).toBeNull();
  });

  test('forwarded as x-request-id and, unless tracing propagates its own, a traceparent in the same trace', () => {
    const headers = requestIdHeaders('4bf92f35-77b3-4da6-a3ce-929d0e0e4736', false);
    expect(headers['x-request-id']).toBe('4bf92f35-77b3-4da6-a3ce-929d0e0e4736');
    expect(traceIdOf(headers.traceparent)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(requestIdHeaders('4bf92f35-77b3-4da6-a3ce-929d0e0e4736', true)).toEqual({ 'x-request-id': '4bf92f35-77b3-4da6-a3ce-929d0e0e4736' });
    expect(requestIdHeaders('abc-123-def', false)).toEqual({ 'x-request-id': 'abc-123-def' });
  });

  test('ENLACE_LOG_LEVEL: info by default; a bad value is a one-line error naming it', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ ENLACE_LOG_LEVEL: 'silent' })).toBe('silent');
    expect(() => logLevelFromEnv({ ENLACE_LOG_LEVEL: 'loud' })).toThrow(/^ENLACE_LOG_LEVEL must be one of/);
  });
});

describe('tracing', () => {
  test('off unless the standard OTEL_* variables ask for it', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracingEnabled({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  });

  // In a child process: jest's module loader hides modules from OpenTelemetry's instrumentation.
  test('when on, an incoming request makes a server span in the caller\'s trace, whose id the request sees', () => {
    const out = execFileSync(process.execPath, [join(__dirname, 'support', 'traceProbe.js')], { encoding: 'utf8', timeout: 30_000 });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { spans: Array<{ traceId: string; kind: number }>; traceId: string; active: string };
    expect(result.spans).toEqual([expect.objectContaining({ traceId: result.traceId, kind: 1 })]); // SpanKind.SERVER
    expect(result.active).toBe(result.traceId);
  });
});
