/**
 * Each process's resident set over a run (VmRSS from /proc), and whether it is
 * flat after warm-up.
 *
 * Warm-up is the first third of the run: code is compiled, caches, connection
 * pools and the store's buffer pool fill. Flatness is judged on the last two
 * thirds: the least-squares slope of RSS over time, times the window's length,
 * is the growth the trend shows over the window; memory is flat when that is at
 * most the bound (default 32 MiB). A least-squares slope over many samples is
 * not fooled by the garbage collector's saw-tooth the way "last minus first" is;
 * the bound is absolute, so a longer run tolerates a smaller rate of growth.
 */
import { memStatus } from '../bench/lib';
import type { Watched } from './network';

export interface RssSample {
  /** Seconds since the run started. */
  t: number;
  pid: number;
  kb: number;
}

export interface MemoryVerdict {
  /** 'flat', 'growing', 'restarted' (a new pid within the judged window), or 'too-short' (fewer than 5 samples to judge). */
  verdict: 'flat' | 'growing' | 'restarted' | 'too-short';
  startKb: number;
  /** At the end of warm-up. */
  warmKb: number;
  endKb: number;
  peakKb: number;
  /** Of the judged window, KiB per minute. */
  slopeKbPerMin: number;
  /** Slope × the window's length. */
  trendGrowthKb: number;
  boundKb: number;
  windowS: [number, number];
}

/** The judgement on one process's samples over a run of `durationS`. */
export function judgeMemory(samples: RssSample[], durationS: number, boundKb: number): MemoryVerdict {
  const warmEnd = durationS / 3;
  const window = samples.filter((s) => s.t >= warmEnd);
  const first = samples[0];
  const last = samples[samples.length - 1];
  const base = {
    startKb: first?.kb ?? NaN,
    warmKb: window[0]?.kb ?? NaN,
    endKb: last?.kb ?? NaN,
    peakKb: samples.reduce((m, s) => Math.max(m, s.kb), 0),
    boundKb,
    windowS: [round(warmEnd), round(durationS)] as [number, number],
  };
  if (window.length < 5) return { ...base, verdict: 'too-short', slopeKbPerMin: NaN, trendGrowthKb: NaN };
  const perSecond = slope(window.map((s) => s.t), window.map((s) => s.kb));
  const span = window[window.length - 1].t - window[0].t;
  const growth = perSecond * span;
  const restarted = new Set(window.map((s) => s.pid)).size > 1;
  return {
    ...base,
    verdict: restarted ? 'restarted' : growth <= boundKb ? 'flat' : 'growing',
    slopeKbPerMin: Math.round(perSecond * 60),
    trendGrowthKb: Math.round(growth),
  };
}

/** Least-squares slope of y over x. */
export function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (x[i] - mx) * (y[i] - my);
    den += (x[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Samples every process of `processes()` every `everyMs`, by name. */
export class RssSampler {
  readonly samples = new Map<string, RssSample[]>();
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();

  constructor(private readonly processes: () => Watched[], everyMs = 1000) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    const t = (performance.now() - this.started) / 1000;
    for (const { name, pid } of this.processes()) {
      const s = memStatus(pid);
      if (!s || !Number.isFinite(s.rssKb)) continue;
      (this.samples.get(name) ?? this.samples.set(name, []).get(name)!).push({ t: round(t), pid, kb: s.rssKb });
    }
  }

  /** The latest figure per process. */
  latest(): Array<{ name: string; kb: number }> {
    return [...this.samples].map(([name, s]) => ({ name, kb: s[s.length - 1].kb }));
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}
