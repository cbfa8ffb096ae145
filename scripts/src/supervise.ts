/**
 * How `npm start` keeps a member or the secretariat serving: restarted (with
 * `RestartBackoff`) when it exits, and also when it stays unready: a process that
 * has answered /ready once and then answers 503, or nothing, for longer than a
 * bound is stopped (SIGTERM, then SIGKILL) and so restarted. A process that is
 * alive but cannot serve (a store that no longer answers) helps no one.
 */
import type { ChildProcess } from 'node:child_process';
import { RestartBackoff } from './backoff';

/** What one poll of /ready saw. */
export type ReadyAnswer = 'ready' | 'unready' | 'no-answer';

export interface UnreadyVerdict {
  restart: boolean;
  /** Why, when `restart`: for the log line. */
  reason?: string;
}

/** How long a process may stay unready, once it has answered: 30 s. */
export const UNREADY_BOUND_MS = 30_000;

/**
 * The decision alone, from the polls' answers and their times. Armed by the first
 * answer at all (200 or 503): before that the process is still starting, and one
 * that dies while starting is the exit handler's. Unready is a 503 or no answer;
 * any 200 ends an unready spell.
 */
export class ReadinessWatch {
  private armed = false;
  private unreadySince: number | null = null;
  private last: ReadyAnswer = 'ready';

  constructor(private readonly boundMs: number = UNREADY_BOUND_MS) {}

  observe(at: number, answer: ReadyAnswer): UnreadyVerdict {
    if (answer === 'ready') {
      this.armed = true;
      this.unreadySince = null;
      return { restart: false };
    }
    if (answer === 'unready') this.armed = true;
    if (!this.armed) return { restart: false };
    this.unreadySince ??= at;
    this.last = answer;
    const spell = at - this.unreadySince;
    if (spell < this.boundMs) return { restart: false };
    const what = this.last === 'unready' ? 'answered /ready with 503' : 'stopped answering /ready';
    return { restart: true, reason: `${what} for ${Math.round(spell / 1000)} s (bound ${Math.round(this.boundMs / 1000)} s)` };
  }

  /** A new process: unarmed again. */
  reset(): void {
    this.armed = false;
    this.unreadySince = null;
  }
}

/** One poll: 200, another status, or no answer within `timeoutMs`. */
export async function pollReady(readyUrl: string, timeoutMs: number): Promise<ReadyAnswer> {
  try {
    const res = await fetch(readyUrl, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok ? 'ready' : 'unready';
  } catch {
    return 'no-answer';
  }
}

/** A child `supervise` looks after: its current process, replaced on each restart. */
export interface Supervised {
  name: string;
  readyUrl: string;
  process: ChildProcess;
  relaunch(): ChildProcess;
}

export interface SuperviseOptions {
  /** True once the whole network is stopping: exits then are not restarted. */
  stopping: () => boolean;
  log: (line: string) => void;
  /** Called with each new process (e.g. to record its pid). */
  onStart?: (proc: ChildProcess) => void;
  unreadyBoundMs?: number;
  pollMs?: number;
  /** Between SIGTERM and SIGKILL. */
  graceMs?: number;
  backoff?: RestartBackoff;
}

/** Restarts `child` whenever it exits, or stays unready too long, while the network runs. Returns a function that stops watching. */
export function supervise(child: Supervised, options: SuperviseOptions): () => void {
  const backoff = options.backoff ?? new RestartBackoff();
  const pollMs = options.pollMs ?? 2000;
  const graceMs = options.graceMs ?? 5000;
  const watch = new ReadinessWatch(options.unreadyBoundMs);
  let ended = false;
  let polling = false;

  const onExit = (proc: ChildProcess, startedAt: number) => {
    proc.once('exit', (code, signal) => {
      if (ended || options.stopping()) return;
      const delay = backoff.next(Date.now() - startedAt);
      options.log(`!! ${child.name} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s`);
      setTimeout(() => {
        if (ended || options.stopping()) return;
        child.process = child.relaunch();
        watch.reset();
        options.onStart?.(child.process);
        options.log(`!! ${child.name} restarted`);
        onExit(child.process, Date.now());
      }, delay).unref();
    });
  };
  onExit(child.process, Date.now());

  const timer = setInterval(() => {
    if (polling || ended || options.stopping()) return;
    const proc = child.process;
    if (proc.exitCode !== null || proc.signalCode !== null || proc.killed) return; // exiting: the exit handler restarts it
    polling = true;
    void pollReady(child.readyUrl, Math.max(500, pollMs)).then((answer) => {
      polling = false;
      if (ended || options.stopping() || proc !== child.process) return;
      const verdict = watch.observe(Date.now(), answer);
      if (!verdict.restart) return;
      options.log(`!! ${child.name} ${verdict.reason}; stopping it (SIGTERM, SIGKILL after ${graceMs / 1000} s) to restart it`);
      proc.kill('SIGTERM');
      const force = setTimeout(() => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL'), graceMs);
      force.unref();
      proc.once('exit', () => clearTimeout(force));
    });
  }, pollMs);
  timer.unref();
  return () => {
    ended = true;
    clearInterval(timer);
  };
}
