/**
 * The harness's figures: requests and their latencies per kind, errors by code
 * (acceptable refusals apart from failures), with a few messages per code, since
 * one code (INTERNAL_SERVER_ERROR) covers causes as different as a write-write
 * conflict and a full buffer pool.
 */
import { ms, summarise, type Summary } from '../bench/lib';
import { isAcceptable, type Outcome } from './client';

/** Distinct messages kept per code (the most frequent shown). */
const MESSAGES_PER_CODE = 20;

export interface KindFigures {
  requests: number;
  /** Answered with no error at all. */
  ok: number;
  /** With at least one error that is not acceptable. */
  failed: number;
  latencyMs: Pick<Summary, 'p50' | 'p99' | 'mean' | 'max'>;
}

export interface StatsFigures {
  requests: number;
  failedRequests: number;
  perKind: Record<string, KindFigures>;
  /** Requests that had each code (a request counts once per code). */
  acceptable: Record<string, number>;
  unacceptable: Record<string, number>;
  /** Per code, its most frequent messages with their counts. */
  messages: Record<string, Array<{ message: string; count: number }>>;
}

export class Stats {
  private readonly latencies = new Map<string, number[]>();
  private readonly counts = new Map<string, { requests: number; ok: number; failed: number }>();
  private readonly codes = new Map<string, number>();
  private readonly messages = new Map<string, Map<string, number>>();
  private total = 0;
  private failed = 0;

  record(o: Outcome): void {
    this.total++;
    const c = this.counts.get(o.kind) ?? { requests: 0, ok: 0, failed: 0 };
    c.requests++;
    if (!o.codes.length) c.ok++;
    const bad = o.codes.some((code) => !isAcceptable(code));
    if (bad) {
      c.failed++;
      this.failed++;
    }
    this.counts.set(o.kind, c);
    (this.latencies.get(o.kind) ?? this.latencies.set(o.kind, []).get(o.kind)!).push(o.ms);
    const seen = new Set<string>();
    o.codes.forEach((code, i) => {
      if (!seen.has(code)) this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
      seen.add(code);
      const msgs = this.messages.get(code) ?? this.messages.set(code, new Map()).get(code)!;
      // Ids and numbers differ from one message to the next; the cause does not.
      const key = (o.messages[i] ?? '').replace(/\b[A-Z]{2}:[A-Z]:\w+/g, '<id>').replace(/\d+/g, 'N').slice(0, 240);
      if (msgs.has(key) || msgs.size < MESSAGES_PER_CODE) msgs.set(key, (msgs.get(key) ?? 0) + 1);
    });
  }

  get requests(): number {
    return this.total;
  }

  get failures(): number {
    return this.failed;
  }

  figures(): StatsFigures {
    const perKind: Record<string, KindFigures> = {};
    for (const [kind, c] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      const s = summarise(this.latencies.get(kind) ?? []);
      perKind[kind] = { ...c, latencyMs: { p50: round(s.p50), p99: round(s.p99), mean: round(s.mean), max: round(s.max) } };
    }
    const byCode = (acceptable: boolean) =>
      Object.fromEntries([...this.codes].filter(([code]) => isAcceptable(code) === acceptable).sort((a, b) => b[1] - a[1]));
    const messages = Object.fromEntries([...this.messages].map(([code, m]) => [
      code, [...m].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([message, count]) => ({ message, count })),
    ]));
    return { requests: this.total, failedRequests: this.failed, perKind, acceptable: byCode(true), unacceptable: byCode(false), messages };
  }
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : NaN);

const codeList = (codes: Record<string, number>) => Object.entries(codes).map(([c, n]) => `${c} ${n}`).join(', ') || 'none';

/** The figures as lines for a terminal. */
export function describeStats(f: StatsFigures): string[] {
  const lines = [`${f.requests} requests, ${f.failedRequests} failed`];
  lines.push(`  ${'kind'.padEnd(20)} ${'requests'.padStart(9)} ${'ok'.padStart(8)} ${'failed'.padStart(7)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'max ms'.padStart(9)}`);
  for (const [kind, k] of Object.entries(f.perKind)) {
    lines.push(`  ${kind.padEnd(20)} ${String(k.requests).padStart(9)} ${String(k.ok).padStart(8)} ${String(k.failed).padStart(7)} ${ms(k.latencyMs.p50).padStart(9)} ${ms(k.latencyMs.p99).padStart(9)} ${ms(k.latencyMs.max).padStart(9)}`);
  }
  lines.push(`  acceptable refusals: ${codeList(f.acceptable)}`);
  lines.push(`  FAILURES: ${codeList(f.unacceptable)}`);
  for (const code of Object.keys(f.unacceptable)) {
    for (const m of f.messages[code] ?? []) lines.push(`    ${code} ×${m.count}: ${m.message}`);
  }
  return lines;
}

/** One line for the periodic report. */
export function statsLine(f: StatsFigures): string {
  return `${f.requests} req, ${f.failedRequests} failed | refusals: ${codeList(f.acceptable)} | failures: ${codeList(f.unacceptable)}`;
}
