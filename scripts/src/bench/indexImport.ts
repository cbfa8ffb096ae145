/**
 * One import into a running member, with or without its pseudonym index (run in a bench server
 * process, serve.ts's `indexImport`; the section is sections/indexCost.ts). The member is started
 * as production starts it, on a store file, with `pseudonyms: null` (no index) or with the
 * member's own blinded client: Node's blinding (OpenSSL) around the secretariat's evaluator,
 * under the member's service identity (MEMBER_SERVICE_KEY in this process's env), exactly what
 * `pseudonymClient` does, with the client's parts timed. The export is imported through the
 * member's store (the path its operator imports take: every batch marks its persons due and kicks
 * the indexer), then again unchanged; each time until the index is settled.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { blindForPseudonyms, obtainPseudonyms, serviceIdentityFromEnv, type BlindedBatch, type TokenVerifier } from '@enlace/platform';
import { startMemberForBenchmark, type PseudonymClient, type RunningMember } from '@enlace/member';
import { KuzuStore } from '@enlace/store';
import { DEFAULT_BATCH, runImport } from '../import';
import { writeExport } from './importExport';
import { root } from './lib';

export interface IndexImportArgs {
  rows: number;
  /** Where the export and the store go (emptied first, removed after). */
  dir: string;
  /** With the pseudonym index (through the evaluator at secretariatUrl), or without. */
  index: boolean;
  secretariatUrl?: string;
}

/** What the member's blinded client did during one import. */
export interface ClientWork {
  /** Calls (the indexer's batches, and its key probes) and elements evaluated. */
  calls: number;
  elements: number;
  /** The process's CPU while blinding and while unblinding (synchronous: the main thread's, nothing else runs in the member meanwhile), ms. */
  blindCpuMs: number;
  unblindCpuMs: number;
  /** The wall time of the calls (blinding, the evaluator's round trips, unblinding), ms. */
  callMs: number;
}

export interface IndexImportRun {
  rows: number;
  persons: number;
  /** The import itself, ms, and the process's CPU over it (Node and Kùzu's threads). */
  importMs: number;
  importCpuMs: number;
  /** From the import's start until the index was settled (every person findable), ms, and the CPU over it; equal to the import's without an index. */
  settledMs: number;
  settledCpuMs: number;
  /** Pseudonym entries (person → pseudonym links) in the store afterwards. */
  entries: number;
  client: ClientWork;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/** The member's own client (pseudonymClient's: obtainPseudonyms with its service token), its blinding and unblinding timed. */
function timedClient(secretariatUrl: string, work: ClientWork, token: () => Promise<string>): PseudonymClient {
  const blind = (inputs: readonly string[]): BlindedBatch => {
    let cpu = process.cpuUsage();
    const batch = blindForPseudonyms(inputs);
    work.blindCpuMs += cpuMs(cpu);
    work.elements += inputs.length;
    return {
      elements: batch.elements,
      unblind: (evaluated) => {
        cpu = process.cpuUsage();
        const out = batch.unblind(evaluated);
        work.unblindCpuMs += cpuMs(cpu);
        return out;
      },
    };
  };
  return {
    pseudonymise: async (inputs) => {
      const t = performance.now();
      work.calls++;
      try {
        return await obtainPseudonyms(inputs, { url: secretariatUrl, token, blind });
      } finally {
        work.callMs += performance.now() - t;
      }
    },
  };
}

export async function importIntoMember(args: IndexImportArgs, verifier: TokenVerifier): Promise<{ first: IndexImportRun; again: IndexImportRun }> {
  rmSync(args.dir, { recursive: true, force: true });
  mkdirSync(args.dir, { recursive: true });
  const file = join(args.dir, 'export.csv');
  await writeExport(file, args.rows);
  const work: ClientWork = { calls: 0, elements: 0, blindCpuMs: 0, unblindCpuMs: 0, callMs: 0 };
  let pseudonyms: PseudonymClient | null = null;
  if (args.index) {
    const service = await serviceIdentityFromEnv('AR', process.env);
    if (!service || !args.secretariatUrl) throw new Error('indexImport: the index needs the secretariat\'s URL and MEMBER_SERVICE_KEY/MEMBER_SERVICE_ISSUER in the env');
    pseudonyms = timedClient(args.secretariatUrl, work, () => service.token());
  }
  const store = new KuzuStore({ path: join(args.dir, 'member.kuzu'), bufferPoolBytes: 512 * 1024 * 1024, readConnections: 1 });
  let member: RunningMember | null = null;
  try {
    member = await startMemberForBenchmark({ country: 'AR', store, verifier, host: '127.0.0.1', pseudonyms }, { protocol: 'enforced', auditLog: false });
    await member.pseudonymIndex?.settled(); // the empty store's first pass (its key probe) before anything is timed
    const running = member;
    const once = async (): Promise<IndexImportRun> => {
      const before = { ...work };
      const cpu = process.cpuUsage();
      const t = performance.now();
      const report = await runImport(running.store, { country: 'AR', file, mappingPath: join(root, 'scripts', 'import-examples', 'mapeo-ar.json'), dryRun: false, batchSize: DEFAULT_BATCH });
      const importMs = performance.now() - t;
      const importCpuMs = cpuMs(cpu);
      if (running.pseudonymIndex) await settledWithin(running, 30 * 60_000);
      const settledMs = performance.now() - t;
      const settledCpuMs = cpuMs(cpu);
      const [row] = await running.store.read('MATCH (:Pseudonym)-[e:PSEUDONYM_OF]->(:Person) RETURN count(e) AS n', {});
      const c = report.counts.persons;
      return {
        rows: report.rows, persons: c.created + c.updated + c.unchanged, importMs, importCpuMs, settledMs, settledCpuMs, entries: Number(row?.n ?? 0),
        client: {
          calls: work.calls - before.calls, elements: work.elements - before.elements, blindCpuMs: work.blindCpuMs - before.blindCpuMs,
          unblindCpuMs: work.unblindCpuMs - before.unblindCpuMs, callMs: work.callMs - before.callMs,
        },
      };
    };
    const first = await once();
    const again = await once();
    return { first, again };
  } finally {
    await member?.close();
    rmSync(args.dir, { recursive: true, force: true });
  }
}

/** The index settled, or an error saying why not (an indexer waiting on a refusing evaluator would never settle). */
async function settledWithin(member: RunningMember, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the pseudonym index was not settled within ${ms / 60_000} min: ${JSON.stringify(member.pseudonymIndex?.status())}`)), ms);
  });
  try {
    await Promise.race([member.pseudonymIndex!.settled(), late]);
  } finally {
    clearTimeout(timer);
  }
}
