/**
 * Run by logs.test.ts in a child process (jest's module loader hides modules from
 * OpenTelemetry's instrumentation): loads @enlace/platform as a process does (node:http
 * first), starts tracing with an in-memory exporter, serves one request that carries
 * a traceparent, and prints the spans made and the trace id seen while serving it.
 */
const common = require('../../../platform/dist');
const { tracing } = require('@opentelemetry/sdk-node');

const exporter = new tracing.InMemorySpanExporter();
const processor = new tracing.SimpleSpanProcessor(exporter);
const running = common.startTracing('enlace-probe', { spanProcessors: [processor] });
const server = require('node:http').createServer((_req, res) => res.end(JSON.stringify({ active: common.activeTraceId() ?? null })));
server.listen(0, '127.0.0.1', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  // A raw request: an instrumented client would put its own traceparent in place of ours.
  const socket = require('node:net').connect(server.address().port, '127.0.0.1', () => {
    socket.end(`GET /graphql HTTP/1.1\r\nhost: probe\r\ntraceparent: 00-${traceId}-00f067aa0ba902b7-01\r\nconnection: close\r\n\r\n`);
  });
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk));
  socket.on('close', async () => {
    const { active } = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    await processor.forceFlush(); // spans wait for the resource's detected attributes
    const spans = exporter.getFinishedSpans().map((s) => ({ traceId: s.spanContext().traceId, kind: s.kind, name: s.name }));
    server.close();
    await running.shutdown();
    console.log(JSON.stringify({ traceId, active, spans }));
  });
});
