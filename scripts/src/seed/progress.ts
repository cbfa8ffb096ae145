/**
 * Progress of long work on stderr. On a terminal: one line updated in place
 * (done/total, %, rate, time left), at most every 200 ms. Otherwise (CI, logs,
 * pipes): one line at each further tenth of the work, no control characters.
 */
export interface ProgressOptions {
  /** What is counted, e.g. 'persons'. */
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Overrides the terminal detection (tests). */
  tty?: boolean;
}

export class Progress {
  private readonly started = Date.now();
  private readonly unit: string;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private lastTenth = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    options: ProgressOptions = {},
  ) {
    this.unit = options.unit ?? 'persons';
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? Boolean(this.stream.isTTY);
  }

  update(done: number): void {
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastDraw < 200 && done < this.total) return;
      this.lastDraw = now;
      this.drawn = true;
      this.stream.write(`\r${this.line(done, now)}\x1b[K`);
      return;
    }
    const tenth = Math.floor((done / Math.max(1, this.total)) * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.stream.write(`${this.line(done, now)}\n`);
    }
  }

  /** Ends the display with a summary line. */
  done(summary: string): void {
    const seconds = (Date.now() - this.started) / 1000;
    const clear = this.tty && this.drawn ? '\r\x1b[K' : '';
    this.stream.write(`${clear}${this.label}: done in ${seconds.toFixed(1)} s, ${summary}\n`);
  }

  private line(done: number, now: number): string {
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const rate = done / seconds;
    const pct = Math.min(100, Math.floor((done / Math.max(1, this.total)) * 100));
    const left = rate > 0 ? (this.total - done) / rate : NaN;
    return `${this.label}: ${fmt(done)}/${fmt(this.total)} ${this.unit} (${pct}%), ${fmt(Math.round(rate))} ${this.unit}/s, ETA ${duration(left)}`;
  }
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
