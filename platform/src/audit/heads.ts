/**
 * Chain heads: every member sends the head (sequence number and hash) of its
 * audit chain to the secretariat, which keeps them append-only in a chained
 * log of its own (audit-heads.jsonl). A member that rewrote its history, even
 * consistently from the first entry, no longer matches the heads it sent.
 */
import { closeSync, existsSync, fstatSync, openSync } from 'node:fs';
import { checkLine, verifyChain, type ChainVerification } from './chain';
import { fileLines } from './chainLog';
import { wholeLinesSize } from './tail';

/** One head as the secretariat received it. */
export interface HeadRecord {
  /** The member (or XS, the secretariat's own log). */
  country: string;
  headSeq: number;
  headHash: string;
  /** ISO 8601 time received. */
  at: string;
  /** The subject of the service identity that sent it. */
  by: string;
}

export interface AuditVerification {
  ok: boolean;
  /** What was checked, one line each, for people. */
  report: string[];
  /** The first problem, naming the entry number. */
  problem?: string;
  chain: ChainVerification;
  headsChecked: number;
}

/**
 * Recomputes a log's chain from its first entry and checks it against the heads
 * the secretariat holds for `country`: every head must be an entry of the
 * chain, with the same hash, so a log shorter than its last anchored head fails.
 * An unfinished last line (a write cut off by a crash, which the process cuts
 * off at its next start) is reported and not counted.
 */
export async function verifyAuditLog(options: { country: string; logPath: string; headsPath: string }): Promise<AuditVerification> {
  const report: string[] = [];
  if (!existsSync(options.logPath)) {
    const chain = await verifyChain([]);
    return { ok: false, report, problem: `no audit log at ${options.logPath}`, chain, headsChecked: 0 };
  }
  const { whole, size } = wholeLines(options.logPath);
  const chain = await verifyChain(fileLines(options.logPath, whole));
  report.push(`${options.logPath}: ${chain.checked} entries recomputed, chain ${chain.ok ? 'intact' : 'broken'}; head: entry ${chain.head.seq} ${chain.head.hash.slice(0, 16)}…`);
  if (whole < size) report.push(`its last ${size - whole} bytes are an unfinished entry (a write cut off by a crash): not counted; the process cuts them off when it next starts`);
  if (!chain.ok) {
    const p = chain.problem!;
    return { ok: false, report, problem: `entry ${p.seq ?? p.line} (line ${p.line}) ${p.message}`, chain, headsChecked: 0 };
  }
  if (!existsSync(options.headsPath)) {
    report.push(`${options.headsPath}: absent, so the log cannot be checked against heads held by the secretariat`);
    return { ok: false, report, problem: `no heads register at ${options.headsPath}`, chain, headsChecked: 0 };
  }
  const heads: HeadRecord[] = [];
  const register = await verifyChain(
    (async function* () {
      for await (const line of fileLines(options.headsPath)) {
        const checked = checkLine<HeadRecord>(line);
        if (checked.ok && checked.entry.country === options.country) heads.push(checked.entry);
        yield line;
      }
    })(),
  );
  if (!register.ok) {
    const p = register.problem!;
    return { ok: false, report, problem: `the heads register ${options.headsPath} is broken at its entry ${p.seq ?? p.line}: ${p.message}`, chain, headsChecked: 0 };
  }
  report.push(`${options.headsPath}: ${register.checked} heads, chain intact; ${heads.length} for ${options.country}`);
  // Heads only move forward (the register refuses others): the last is the furthest.
  const last = heads[heads.length - 1];
  if (last && last.headSeq > chain.head.seq) {
    const ends = chain.head.seq;
    return {
      ok: false, report, chain, headsChecked: 0,
      problem: `the log was cut: it ends at entry ${ends}, but the secretariat holds its head at entry ${last.headSeq} (received ${last.at}); `
        + `entries ${ends + 1}–${last.headSeq} were removed from its end (and any written after them)`,
    };
  }
  for (const h of heads) {
    if (h.headSeq > 0 && chain.hashes.get(h.headSeq) !== h.headHash) {
      return { ok: false, report, problem: `entry ${h.headSeq} does not match the head the secretariat received ${h.at}: the history up to it was rewritten`, chain, headsChecked: heads.indexOf(h) };
    }
  }
  if (!last) report.push(`the secretariat holds no head for ${options.country} yet: only the chain itself was checked`);
  else {
    report.push(`all ${heads.length} heads match; the last covers entries 1–${last.headSeq} (received ${last.at})`);
    if (chain.head.seq > last.headSeq) report.push(`entries ${last.headSeq + 1}–${chain.head.seq} are newer than the last head: the next head will cover them`);
  }
  return { ok: true, report, chain, headsChecked: heads.length };
}

/** The size of the log's whole lines, and of the file. */
function wholeLines(path: string): { whole: number; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    return { whole: wholeLinesSize(fd, size), size };
  } finally {
    closeSync(fd);
  }
}
