/**
 * The authorization cost in `npm run bench`: the authorization bench
 * (scripts/src/bench/authz.ts) run in its own process.
 */
import { join } from 'node:path';
import { benchDist, Child } from '../lib';
import type { AuthzFigures } from '../report';
import type { BenchRun } from '../benchRun';

/**
 * scripts/dist/bench/authz.js in its own process, its headline scenario only
 * (own and foreign records mixed: the goal), shorter than its own run;
 * its file goes to the work directory (scripts/bench/results/authz.md is its full run's).
 */
export async function authzCost(bench: BenchRun): Promise<AuthzFigures> {
  const { settings } = bench;
  bench.say(`authorization cost: scripts/dist/bench/authz.js, mixed lists, ${settings.authz.requests} requests per network after ${settings.authz.warmup} (its own process)…`);
  const args = ['--scenarios', '1', '--requests', String(settings.authz.requests), '--warmup', String(settings.authz.warmup), '--out', join(bench.work, 'authz.md')];
  const child = new Child({ name: 'authz', script: join(benchDist, 'authz.js'), args, log: join(bench.logs, 'authz.log'), echo: (l) => /ratio/.test(l) });
  bench.adopt(child);
  let headline: RegExpExecArray | null = null;
  let scenario: RegExpExecArray | null = null;
  void child.waitForLine(/^headline ratio ([\d.]+)×/, 600_000).then((m) => (headline = m), () => undefined);
  void child.waitForLine(/: enforced ([\d.]+) ms .*off ([\d.]+) ms/, 600_000).then((m) => (scenario = m), () => undefined);
  const code = await child.exited;
  if (code !== 0 || !headline || !scenario) throw new Error(`authz.js failed (exit ${code})\n${child.tail()}`);
  const [h, sc] = [headline as RegExpExecArray, scenario as RegExpExecArray];
  return { command: `node scripts/dist/bench/authz.js ${args.slice(0, -2).join(' ')}`, ratio: Number(h[1]), enforcedMs: Number(sc[1]), offMs: Number(sc[2]), requests: settings.authz.requests };
}
