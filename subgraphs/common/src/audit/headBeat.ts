/**
 * Sends a log's chain head somewhere it cannot be rewritten (the secretariat's
 * register): every `intervalMs`, when it moved, and once more at close, after
 * the last entries are written. A failed send is reported and retried at the
 * next beat; the log itself is never held up by it.
 */
import type { ChainHead } from './chain';
import { ChainLog } from './chainLog';

export interface HeadSender {
  send(head: ChainHead): Promise<void>;
}

/** How often heads are sent by default: once a minute. */
export const DEFAULT_HEAD_INTERVAL_MS = 60_000;

export interface HeadBeat {
  /** Sends the current head now (after writing what is queued), if it moved since the last send. */
  beat(): Promise<void>;
  /** Stops the timer; the caller closes the log and then calls `beat` a last time. */
  stop(): void;
}

export function startHeadBeat(log: ChainLog<object>, sender: HeadSender, options: { intervalMs?: number; report?: (m: string) => void } = {}): HeadBeat {
  const report = options.report ?? ((m: string) => console.error(m));
  let sent = -1;
  let running: Promise<void> | null = null;
  const beat = async (): Promise<void> => {
    while (running) await running;
    running = (async () => {
      await log.flush().catch(() => undefined);
      const head = log.lastHead;
      if (head.seq === sent || head.seq === 0) return;
      try {
        await sender.send(head);
        sent = head.seq;
      } catch (err) {
        report(`audit: the chain head (entry ${head.seq}) could not be sent, will retry: ${(err as Error).message}`);
      }
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  };
  const timer = setInterval(() => void beat(), options.intervalMs ?? DEFAULT_HEAD_INTERVAL_MS);
  timer.unref();
  return { beat, stop: () => clearInterval(timer) };
}

/** An audit log whose chain head goes to `sender` (if any) on a beat. */
export interface BeatingLog<T extends object> {
  log: ChainLog<T>;
  /** Stops the beat, writes what is queued, and sends the final head: in that order, so nothing is lost. */
  close(): Promise<void>;
}

/** Opens the log at `path` (null: in memory) and starts sending its head; the one way members and the secretariat keep theirs. */
export async function openBeatingLog<T extends object>(
  path: string | null,
  options: { sync?: boolean; report: (m: string) => void; sender: HeadSender | null; intervalMs?: number },
): Promise<BeatingLog<T>> {
  const log = await ChainLog.open<T>(path, { sync: options.sync, log: options.report });
  const beat = options.sender ? startHeadBeat(log, options.sender, { intervalMs: options.intervalMs ?? DEFAULT_HEAD_INTERVAL_MS, report: options.report }) : null;
  return {
    log,
    close: async () => {
      beat?.stop();
      await log.close();
      await beat?.beat();
    },
  };
}
