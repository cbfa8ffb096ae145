/**
 * A few kill points of the crash test and a short soak (scripts/src/soak/), on a
 * network of real processes (built code, Kùzu stores in a temporary directory),
 * as `npm run crash` and `npm run soak` run them for longer: writers and readers
 * through the gateway; kill -9 of a member and of the secretariat at random
 * instants; after each restart, the process is ready within the bound, every
 * acknowledged write reads back, the audit chains verify and a rename is found
 * by name.
 */
import { OwnNetwork } from '@enlace/scripts/soak/network';
import { runCrash, type CrashReport } from '@enlace/scripts/soak/crash';
import { runSoak } from '@enlace/scripts/soak/soak';
import type { WorkloadOptions } from '@enlace/scripts/soak/workload';


let net: OwnNetwork;
beforeAll(async () => {
  net = await OwnNetwork.start({ countries: ['AR', 'CO'], persons: 30 });
}, 120_000);
afterAll(() => net?.close(), 30_000);

const load = (writers: number, readers: number): WorkloadOptions => ({
  writers, readers, target: 'both', writerCountries: ['AR', 'CO'], owner: 'AR', requester: 'CO', writerRole: 'prosecutor', readerRole: 'prosecutor', thinkMs: 0, seed: 7,
});

/** Every failed check, one line each, and the harness's output when there is one. */
function failures(report: CrashReport, lines: string[]) {
  const problems = [...report.points.flatMap((p) => p.problems.map((x) => `kill ${p.n} (${p.victim}): ${x}`)), ...report.final.problems.map((x) => `final: ${x}`)];
  return { problems, output: report.ok ? [] : lines };
}

test('a 20 s soak, 2 writers and 2 readers: no error but protocol refusals and STORE_BUSY, every process still there', async () => {
  const lines: string[] = [];
  // Twenty seconds cannot tell a leak from warm-up: the bound here only catches a runaway; `npm run soak` judges memory over minutes.
  const report = await runSoak(net, { ...load(2, 2), seconds: 20, everyS: 5, rssBoundMiB: 256, timeoutMs: 30_000 }, (l) => lines.push(l));
  expect(report.stats.requests).toBeGreaterThan(20);
  expect({ problems: report.problems, output: report.ok ? [] : lines }).toEqual({ problems: [], output: [] });
}, 90_000);

test('kill -9 of member AR and of the secretariat at 3 random instants: each back and ready, nothing acknowledged lost, chains verify, renames found', async () => {
  const lines: string[] = [];
  const report = await runCrash(net, {
    ...load(3, 0), kills: 3, victims: ['member', 'secretariat'], member: 'AR', minDelayMs: 300, maxDelayMs: 2500, readyWithinS: 45, timeoutMs: 15_000,
  }, (l) => lines.push(l));
  expect(report.points).toHaveLength(3);
  expect(report.summary.acknowledgedWrites).toBeGreaterThan(0);
  expect(failures(report, lines)).toEqual({ problems: [], output: [] });
}, 150_000);

// The cooperation workflow with the secretariat killed.
test('kill -9 of the secretariat twice under cooperation writes: back and ready, every filing and decision there, chains verify', async () => {
  const lines: string[] = [];
  const report = await runCrash(net, {
    ...load(2, 0), target: 'secretariat', kills: 2, victims: ['secretariat'], member: 'AR', minDelayMs: 500, maxDelayMs: 2500, readyWithinS: 45, timeoutMs: 15_000,
  }, (l) => lines.push(l));
  expect(report.points.map((p) => p.victim)).toEqual(['secretariat', 'secretariat']);
  expect(report.summary.acknowledgedWrites).toBeGreaterThan(0);
  expect(report.points.every((p) => p.readyMs !== null && p.audit.length === 3 && p.renames.length === 1)).toBe(true);
  expect(failures(report, lines)).toEqual({ problems: [], output: [] });
}, 120_000);
