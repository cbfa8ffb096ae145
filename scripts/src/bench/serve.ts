/**
 * A server process of the benchmark, driven by scripts/dist/bench/run.js over
 * node's IPC channel (it is not meant to be run by hand). It starts, on
 * loopback, what the benchmark asks for — seeded in-memory members (optionally
 * behind delaying proxies) and the secretariat, an Enlace gateway, or a stock
 * @apollo/gateway — and answers questions about them (store round trips,
 * proxy timings, its own peak memory). Each role runs in its own process so
 * that the load generator, the gateway and the members do not share an event loop.
 */
import { parse } from 'graphql';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import {
  CASE_REF_HEADER, hopSignerFromEnv, metricsSettingFromEnv, prfKeyFromFile, PURPOSE_HEADER, SECRETARIAT_AUDIENCE, serveApollo, verifierFromEnv,
} from '@enlace/platform';
import { KuzuStore } from '@enlace/store';
import { startGateway } from '@enlace/gateway';
import { keyHolderClient, startMemberForBenchmark, type MemberAuditOptions, type RunningMember } from '@enlace/member';
import { MEMBERS_SUBGRAPH, memberSdl, SECRETARIAT_SUBGRAPH, secretariatSdl } from '@enlace/schema';
import { seedSecretariat, startSecretariat } from '@enlace/secretariat';
import { generateSecretariat } from '../seed/generate';
import { seedMember } from '../seed/load';
import { importIntoMember } from './indexImport';
import { memStatus } from './lib';
import { hops, startDelayProxy } from './proxy';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const closers: Array<() => Promise<void>> = [];
const members = new Map<string, RunningMember>();
/** The store reads of each member since the last `trace` command (their Cypher up to RETURN), when asked for. */
const traces = new Map<string, string[]>();

/** Notes the shape of every read a store runs (for the round-trip section: which reads a query cost). */
function traced(country: string, store: KuzuStore): KuzuStore {
  const read = store.read.bind(store);
  traces.set(country, []);
  store.read = (cypher, params) => {
    traces.get(country)?.push(cypher.replace(/\s+/g, ' ').replace(/ RETURN .*$/, '').trim());
    return read(cypher, params);
  };
  return store;
}
const verifier = verifierFromEnv();
// As the processes read them: ENLACE_METRICS here, ENLACE_LOG_LEVEL by each server's logger (observability.ts sets both).
const metrics = metricsSettingFromEnv(process.env);

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A bench member's audit log: to a file, as `npm start` runs it (by default in a
 * temporary directory removed at close; `{ path }` names the file). With 'off'
 * (only to measure what the log costs) the member is started without one.
 */
function benchAudit(audit: unknown, country: string): MemberAuditOptions {
  if (audit && typeof audit === 'object' && typeof (audit as { path?: unknown }).path === 'string') return { path: (audit as { path: string }).path };
  const dir = mkdtempSync(join(tmpdir(), `enlace-bench-audit-${country.toLowerCase()}-`));
  closers.push(async () => rmSync(dir, { recursive: true, force: true }));
  return { path: join(dir, 'audit.log') };
}


/**
 * The secretariat's pseudonym evaluator, when the run gives the network's key (`prfKeyFile`): it
 * serves members' service identities (the audience production gives it) and writes each batch to an
 * audit log on file, synced to disk, as `npm start` does; the members' hourly budget raised so that
 * a large import is not refused (the callers' budget stays the production default).
 */
function evaluatorOptions(args: Args) {
  if (!args.prfKeyFile) return {};
  const dir = mkdtempSync(join(tmpdir(), 'enlace-bench-secretariat-'));
  closers.push(async () => rmSync(dir, { recursive: true, force: true }));
  return {
    verifier: verifierFromEnv({ serviceAudience: SECRETARIAT_AUDIENCE }),
    pseudonyms: { key: prfKeyFromFile(args.prfKeyFile as string), budgetPerHour: 100_000_000 },
    audit: { path: join(dir, 'audit.log'), headsPath: join(dir, 'heads.json') },
  };
}

/** Seeded in-memory members (and a secretariat), each optionally behind a delaying proxy. */
async function startMembers(args: Args) {
  const countries = args.countries as string[];
  const out: Array<{ country: string; url: string; proxyUrl?: string }> = [];
  let secretariatUrl: string | undefined;
  if (args.secretariat) {
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 32 * 1024 * 1024, readConnections: 1 });
    await seedSecretariat(store, generateSecretariat((args.secretariatCountries as string[] | undefined) ?? countries, args.seed));
    const secretariat = await startSecretariat({ store, verifier, host: '127.0.0.1', metrics, ...evaluatorOptions(args) });
    closers.push(() => secretariat.close());
    secretariatUrl = secretariat.url;
  }
  // With the network's key: each member's pseudonym index made directly (hit/no-hit finds its records once it is settled).
  const pseudonyms = args.prfKeyFile ? { pseudonyms: keyHolderClient(prfKeyFromFile(args.prfKeyFile as string)) } : {};
  for (const country of countries) {
    const store = new KuzuStore({ path: ':memory:', bufferPoolBytes: args.bufferPoolMb * 1024 * 1024, readConnections: args.readConnections });
    await seedMember(store, country, { persons: args.persons, seed: args.seed });
    const auditLog = args.audit !== 'off';
    const member = await startMemberForBenchmark(
      { country, store: args.trace ? traced(country, store) : store, verifier, host: '127.0.0.1', audit: auditLog ? benchAudit(args.audit, country) : undefined, metrics, ...pseudonyms },
      { protocol: 'enforced', auditLog },
    );
    await member.pseudonymIndex?.settled();
    members.set(country, member);
    closers.push(() => member.close());
    let proxyUrl: string | undefined;
    if (args.delayMs !== undefined) {
      const proxy = await startDelayProxy(country, member.url, args.delayMs);
      closers.push(() => proxy.close());
      proxyUrl = proxy.url;
    }
    out.push({ country, url: member.url, proxyUrl });
  }
  return { members: out, secretariatUrl };
}

/** Enlace's gateway, exactly as gateway/src/main.ts starts it. */
async function startEnlaceGateway(args: Args) {
  const gateway = await startGateway({
    directory: new Map(args.directory as Array<[string, string]>),
    secretariatUrl: args.secretariatUrl,
    verifier,
    hop: await hopSignerFromEnv(process.env),
    memberTimeoutMs: args.memberTimeoutMs ?? 5000,
    host: '127.0.0.1',
    metrics,
  });
  closers.push(() => gateway.close());
  return { url: gateway.url };
}

interface StockContext {
  forward: Record<string, string>;
}

function forwardHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['authorization', PURPOSE_HEADER, CASE_REF_HEADER]) {
    const v = headers[name];
    if (typeof v === 'string') out[name] = v;
  }
  return out;
}

/**
 * A stock @apollo/gateway: a supergraph composed on the fly with the members
 * subgraph at one member's URL, RemoteGraphQLDataSource for every subgraph
 * (forwarding the caller's token, purpose and case reference, which the member
 * requires), no token check, no limits, no member data source. Served either by
 * Apollo's own standalone server or by the same node:http layer as Enlace's.
 */
async function startStockGateway(args: Args) {
  const composed = composeServices([
    { name: MEMBERS_SUBGRAPH, url: args.memberUrl, typeDefs: parse(memberSdl()) },
    { name: SECRETARIAT_SUBGRAPH, url: args.secretariatUrl, typeDefs: parse(secretariatSdl()) },
  ]);
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<StockContext>({
        url,
        willSendRequest: ({ request, context }) => {
          for (const [k, v] of Object.entries((context as StockContext).forward ?? {})) request.http?.headers.set(k, v);
        },
      }),
  });
  const apollo = new ApolloServer<StockContext>({ gateway });
  if (args.http === 'standalone') {
    const { url } = await startStandaloneServer(apollo, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => ({ forward: forwardHeaders(req.headers as IncomingMessage['headers']) }),
    });
    closers.push(() => apollo.stop());
    return { url };
  }
  const served = await serveApollo(apollo, { port: 0, host: '127.0.0.1', context: async (req) => ({ forward: forwardHeaders(req.headers) }) });
  closers.push(() => served.close());
  return { url: served.url };
}

/**
 * Hive Gateway (@graphql-hive/gateway's runtime) on the committed supergraph
 * (schema/supergraph.graphql) with the members' and the secretariat's URLs put
 * in, forwarding the same three headers as the stock gateway, on node:http.
 * Loaded only in the process that runs it.
 */
async function startHiveGateway(args: Args) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createGatewayRuntime } = require('@graphql-hive/gateway') as typeof import('@graphql-hive/gateway');
  const supergraph = readFileSync(join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8')
    .replace(/(@join__graph\(name: "members", url: )"[^"]*"/, `$1"${args.memberUrl}"`)
    .replace(/(@join__graph\(name: "secretariat", url: )"[^"]*"/, `$1"${args.secretariatUrl}"`);
  if (!supergraph.includes(args.memberUrl)) throw new Error('hive: no members graph in schema/supergraph.graphql');
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    landingPage: false,
    graphiql: false,
    // Its HTTP executor merges identical upstream requests in flight by default; off, so that every request reaches the member, as with the other gateways.
    transportEntries: { '*': { options: { deduplicateInflightRequests: false } as Record<string, unknown> } },
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => Object.fromEntries(['authorization', PURPOSE_HEADER, CASE_REF_HEADER].map((h) => [h, request.headers.get(h)])),
    },
  });
  const server = http.createServer(runtime);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await runtime.dispose();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${runtime.graphqlEndpoint}` };
}

/**
 * Cheap members (proxy.ts): one per member given, each replaying that member's first answer to a
 * request after the delay. All in this one process, which does nothing else: they stand for members
 * on machines of their own, so the members' processes (four members each) do not take the cores
 * from the gateway measured.
 */
async function startCheapMembers(args: Args) {
  const out: Array<{ country: string; cheapUrl: string }> = [];
  for (const m of args.members as Array<{ country: string; url: string }>) {
    const cheap = await startDelayProxy(m.country, m.url, args.delayMs, true);
    closers.push(() => cheap.close());
    out.push({ country: m.country, cheapUrl: cheap.url });
  }
  return out;
}

const commands: Record<string, (args: Args) => Promise<unknown> | unknown> = {
  members: startMembers,
  cheapMembers: startCheapMembers,
  gateway: startEnlaceGateway,
  stock: startStockGateway,
  hive: startHiveGateway,
  /** A member importing an export, with or without its pseudonym index (indexImport.ts); the process's env holds its service key. */
  indexImport: (args: Args) => importIntoMember(args as Parameters<typeof importIntoMember>[0], verifier),
  /** Store round trips so far, per member. */
  stats: () => Object.fromEntries([...members].map(([c, m]) => [c, m.store.stats.queries])),
  /** Each traced member's store reads since the last call; emptied. */
  trace: () => {
    const out = Object.fromEntries(traces);
    for (const k of traces.keys()) traces.set(k, []);
    return out;
  },
  /** The proxies' timings by case reference; emptied. */
  hops: () => {
    const out = Object.fromEntries(hops);
    hops.clear();
    return out;
  },
  status: () => memStatus('self'),
  /** CPU time used so far, user + system, in ms. */
  cpu: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  close: async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    setImmediate(() => process.exit(0));
    return memStatus('self');
  },
};

process.on('message', (m: { id: number; cmd: string; args: Args }) => {
  const command = commands[m.cmd];
  Promise.resolve()
    .then(() => {
      if (!command) throw new Error(`unknown command ${m.cmd}`);
      return command(m.args);
    })
    .then(
      (result) => process.send?.({ id: m.id, result }),
      (err: unknown) => process.send?.({ id: m.id, error: (err as Error)?.stack ?? String(err) }),
    );
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  void commands.close({});
});
