/**
 * Anchoring a log's chain head somewhere it cannot be rewritten (the
 * secretariat's register): every `intervalMs`, when it moved, and once more at
 * close, after the last entries are written. A failed send is reported and
 * retried at the next beat; the log itself is never held up by it.
 *
 * A log must never run behind a head already anchored: that means entries were
 * cut off (or the history replaced). At open, the last head held is asked for
 * and checked against the log: behind it, the process does not start. When it
 * cannot be asked (the secretariat is down), the process starts and the check
 * is made at the first beat that reaches it, before any head is sent; found
 * behind then, or when a head sent is refused, the log is in trouble: the
 * process refuses requests and is not ready, saying why.
 */
import type { ChainHead } from './chain';
import { ChainLog } from './chainLog';
import type { AuditTrouble } from './health';

/** A head as the other side holds it. */
export interface HeldHead extends ChainHead {
  /** ISO 8601: when it was received. */
  receivedAt: string;
}

export interface HeadSender {
  send(head: ChainHead): Promise<void>;
  /** The last head held for this log (null: none yet); throws when it cannot be asked. */
  held(): Promise<HeldHead | null>;
  /** Who holds the heads, for messages ("the secretariat"). */
  readonly holder: string;
}

/**
 * How often heads are sent by default: every 5 s (when the head moved). An
 * entry is anchored within about that (plus the send), so a cut tail older than
 * a few seconds is found by `audit verify` and at the next start.
 */
export const DEFAULT_HEAD_INTERVAL_MS = 5_000;

/** Thrown at open: the log is behind the head already anchored. */
export class AuditLogBehind extends Error {
  override name = 'AuditLogBehind';
}

/** What is wrong with a log given the last head held elsewhere (null: that head is one of its entries). */
export function anchorProblem<T extends object>(log: ChainLog<T>, held: HeldHead | null, holder: string): string | null {
  if (!held) return null;
  const { seq } = log.lastHead;
  const received = `received ${held.receivedAt}`;
  if (held.seq > seq) return `the log ends at entry ${seq}, but ${holder} holds its head at entry ${held.seq} (${received}): entries ${seq + 1}–${held.seq} were cut off`;
  const entry = log.entryAt(held.seq);
  if (!entry) return `entry ${held.seq}, whose head ${holder} holds (${received}), is not where the chain puts it: entries before it were removed or reordered`;
  if (entry.hash !== held.hash) return `entry ${held.seq} does not match the head ${holder} holds for it (${received}): the history up to it was rewritten`;
  return null;
}

export interface HeadBeat {
  /** Sends the current head now (after writing what is queued), if it moved since the last send. */
  beat(): Promise<void>;
  /** Stops the timer; the caller closes the log and then calls `beat` a last time. */
  stop(): void;
  /** Set once the log is found behind the head held: nothing more is sent. */
  trouble(): AuditTrouble | null;
}

export function startHeadBeat<T extends object>(
  log: ChainLog<T>,
  sender: HeadSender,
  options: { intervalMs?: number; report?: (m: string) => void; checked?: boolean } = {},
): HeadBeat {
  const report = options.report ?? ((m: string) => console.error(m));
  let checked = options.checked ?? false;
  let behind: AuditTrouble | null = null;
  let sent = -1;
  let running: Promise<void> | null = null;

  /** Asks for the head held and compares; false when the log is behind it (throws when it cannot be asked). */
  const check = async (): Promise<boolean> => {
    const problem = anchorProblem(log, await sender.held(), sender.holder);
    checked = true;
    if (!problem) return true;
    behind ??= {
      reason: `the audit log is behind the head ${sender.holder} holds (${problem}): restore the missing entries from a backup of the log (AUDIT_PATH) and restart; requests are refused meanwhile`,
      since: new Date().toISOString(),
    };
    report(`audit log ${log.path}: ${problem}; refusing requests and sending no more heads until it is restored`);
    return false;
  };

  const once = async (): Promise<void> => {
    await log.flush().catch(() => undefined);
    if (behind) return;
    if (!checked) {
      try {
        if (!(await check())) return;
      } catch (err) {
        return report(`audit: ${sender.holder} cannot be asked for the last head it holds, will retry: ${(err as Error).message}`);
      }
    }
    const head = log.lastHead;
    if (head.seq === sent || head.seq === 0) return;
    try {
      await sender.send(head);
      sent = head.seq;
    } catch (err) {
      report(`audit: the chain head (entry ${head.seq}) could not be sent, will retry: ${(err as Error).message}`);
      // Refused because the log contradicts a head held? Then say so; unreachable: the next beat retries.
      await check().catch(() => undefined);
    }
  };
  const beat = async (): Promise<void> => {
    while (running) await running;
    running = once();
    try {
      await running;
    } finally {
      running = null;
    }
  };
  const timer = setInterval(() => void beat(), options.intervalMs ?? DEFAULT_HEAD_INTERVAL_MS);
  timer.unref();
  return { beat, stop: () => clearInterval(timer), trouble: () => behind };
}

/** An audit log whose chain head goes to `sender` (if any) on a beat. */
export interface BeatingLog<T extends object> {
  log: ChainLog<T>;
  /** Why the log cannot account for requests now: it cannot be written, or it is behind the head held. */
  trouble(): AuditTrouble | null;
  /** Stops the beat, writes what is queued, and sends the final head: in that order, so nothing is lost. */
  close(): Promise<void>;
}

/**
 * Opens the log at `path`, checks it against the head held (refusing to open
 * behind it), and starts sending its head; the one way members and the
 * secretariat keep theirs. `country` names the log in messages. A log kept in
 * memory (`path` null: tests) starts empty every time: nothing to anchor.
 */
export async function openBeatingLog<T extends object>(
  path: string | null,
  options: { country: string; sync?: boolean; report: (m: string) => void; sender: HeadSender | null; intervalMs?: number },
): Promise<BeatingLog<T>> {
  const log = await ChainLog.open<T>(path, { sync: options.sync, log: options.report });
  const sender = path === null ? null : options.sender;
  let checked = false;
  if (sender) {
    let held: HeldHead | null | undefined;
    try {
      held = await sender.held();
    } catch (err) {
      options.report(`audit: ${sender.holder} cannot be asked for the last head it holds (${(err as Error).message}); serving, and checking as soon as it answers`);
    }
    const problem = held === undefined ? null : anchorProblem(log, held, sender.holder);
    if (problem) {
      await log.close();
      throw new AuditLogBehind(
        `${options.country}'s audit log ${path}: ${problem}. Refusing to start behind a head already anchored: keep the file as evidence, `
          + `restore the missing entries from a backup of the log, check it with \`npm run audit -- verify --country ${options.country}\`, and start again.`,
      );
    }
    checked = held !== undefined;
  }
  const beat = sender ? startHeadBeat(log, sender, { intervalMs: options.intervalMs ?? DEFAULT_HEAD_INTERVAL_MS, report: options.report, checked }) : null;
  return {
    log,
    trouble: () => log.trouble() ?? beat?.trouble() ?? null,
    close: async () => {
      beat?.stop();
      await log.close();
      await beat?.beat();
    },
  };
}
