/**
 * `npm start` restarts a member or the secretariat that stays unready, not only
 * one that dies (scripts/src/supervise.ts): the decision alone, then a real
 * child process that turns unready and ignores SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { RestartBackoff } from '@enlace/scripts/backoff';
import { ReadinessWatch, supervise, type Supervised } from '@enlace/scripts/supervise';

describe('ReadinessWatch: restart after 30 s unready, once the process has answered', () => {
  test('503 for 30 s after being ready: restart, naming the 503', () => {
    const w = new ReadinessWatch(30_000);
    expect(w.observe(0, 'ready').restart).toBe(false);
    expect(w.observe(1_000, 'unready').restart).toBe(false);
    expect(w.observe(30_999, 'unready').restart).toBe(false);
    expect(w.observe(31_000, 'unready')).toEqual({ restart: true, reason: 'answered /ready with 503 for 30 s (bound 30 s)' });
  });

  test('a 200 ends the unready spell: the next one counts from its own start', () => {
    const w = new ReadinessWatch(30_000);
    w.observe(0, 'ready');
    w.observe(1_000, 'unready');
    w.observe(25_000, 'ready');
    expect(w.observe(26_000, 'unready').restart).toBe(false);
    expect(w.observe(55_000, 'no-answer').restart).toBe(false);
    expect(w.observe(56_000, 'no-answer')).toEqual({ restart: true, reason: 'stopped answering /ready for 30 s (bound 30 s)' });
  });

  test('no answer before the first one is starting, not unready (an exit is the exit handler\'s)', () => {
    const w = new ReadinessWatch(30_000);
    expect(w.observe(0, 'no-answer').restart).toBe(false);
    expect(w.observe(120_000, 'no-answer').restart).toBe(false);
    // Its first answer is a 503, and it never gets better: restarted too.
    expect(w.observe(121_000, 'unready').restart).toBe(false);
    expect(w.observe(151_000, 'unready').restart).toBe(true);
  });

  test('a new process is watched afresh', () => {
    const w = new ReadinessWatch(1000);
    w.observe(0, 'unready');
    w.reset();
    expect(w.observe(5000, 'no-answer').restart).toBe(false);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

// Ready for 300 ms, then 503; "sick" also ignores SIGTERM, so only SIGKILL stops it.
const SERVER = `
const started = Date.now();
if (process.env.MODE === 'sick') process.on('SIGTERM', () => {});
require('node:http').createServer((req, res) => {
  res.statusCode = process.env.MODE === 'well' || Date.now() - started < 300 ? 200 : 503;
  res.end();
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

test('a real child that turns unready and ignores SIGTERM is killed and restarted, and the new one serves', async () => {
  const port = await freePort();
  let launches = 0;
  const launch = (): ChildProcess => spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, PORT: String(port), MODE: launches++ ? 'well' : 'sick' }, stdio: 'ignore' });
  const child: Supervised = { name: 'member XX', readyUrl: `http://127.0.0.1:${port}/ready`, process: launch(), relaunch: launch };
  const first = child.process;
  const exits: Array<string | null> = [];
  first.once('exit', (_code, signal) => exits.push(signal));
  const lines: string[] = [];
  const stop = supervise(child, {
    stopping: () => false, log: (l) => lines.push(l), unreadyBoundMs: 800, pollMs: 100, graceMs: 500,
    backoff: new RestartBackoff({ initialMs: 50, maxMs: 100, resetAfterMs: 60_000 }),
  });
  try {
    const deadline = Date.now() + 15_000;
    while (!lines.some((l) => l.includes('restarted')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(lines[0]).toMatch(/^!! member XX answered \/ready with 503 for \d+ s \(bound 1 s\); stopping it \(SIGTERM, SIGKILL after 0\.5 s\) to restart it$/);
    expect(lines.slice(1)).toEqual(['!! member XX exited (SIGKILL); restarting it in 0.05 s', '!! member XX restarted']);
    expect(exits).toEqual(['SIGKILL']);
    expect(child.process).not.toBe(first);
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = await fetch(child.readyUrl).then((r) => r.status, () => 0);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  } finally {
    stop();
    child.process.kill('SIGKILL');
  }
}, 30_000);
