/** Progress of long work on stderr: one updating line on a terminal, a line per 10% otherwise. */
export class Progress {
  private readonly started = Date.now();
  private lastDecile = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const pct = Math.min(100, Math.floor((done / this.total) * 100));
    const eta = rate > 0 ? Math.max(0, (this.total - done) / rate) : 0;
    const line = `${this.label}: ${done.toLocaleString('en')}/${this.total.toLocaleString('en')} (${pct}%) ${Math.round(rate).toLocaleString('en')}/s, ${eta.toFixed(0)} s left`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}\x1b[K`);
    } else if (Math.floor(pct / 10) > this.lastDecile) {
      this.lastDecile = Math.floor(pct / 10);
      process.stderr.write(`${line}\n`);
    }
  }

  done(summary: string): void {
    const seconds = (Date.now() - this.started) / 1000;
    process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${this.label}: done in ${seconds.toFixed(1)} s, ${summary}\n`);
  }
}
