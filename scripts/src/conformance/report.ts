/**
 * The conformance report: one line per check, grouped by section, with what was seen when a
 * check failed; notes for what is allowed but worth telling the secretariat (a member's
 * tightening) or could not be checked from outside. Plain text a member can send as it is.
 */

export type Outcome = 'pass' | 'fail' | 'note';

export interface CheckResult {
  section: string;
  name: string;
  outcome: Outcome;
  /** What was seen, for a failure or a note (a few lines at most). */
  details: string[];
}

export class Report {
  readonly results: CheckResult[] = [];

  constructor(readonly target: { kind: string; url: string; country?: string }, readonly startedAt = new Date()) {}

  /** Records a check: failing when `problems` holds anything. */
  check(section: string, name: string, problems: string[]): void {
    this.results.push({ section, name, outcome: problems.length ? 'fail' : 'pass', details: problems });
  }

  note(section: string, name: string, details: string[]): void {
    this.results.push({ section, name, outcome: 'note', details });
  }

  /** Runs a check whose own failure (an unreachable process, an answer of the wrong shape) is its failure, not the suite's end. */
  async run(section: string, name: string, body: () => Promise<string[]>): Promise<void> {
    try {
      this.check(section, name, await body());
    } catch (err) {
      this.check(section, name, [`could not be checked: ${(err as Error).message}`]);
    }
  }

  get passed(): boolean {
    return this.results.every((r) => r.outcome !== 'fail');
  }

  failures(section?: string): CheckResult[] {
    return this.results.filter((r) => r.outcome === 'fail' && (!section || r.section === section));
  }

  toText(): string {
    const count = (o: Outcome) => this.results.filter((r) => r.outcome === o).length;
    const lines = [
      `Enlace conformance report: ${this.target.kind}${this.target.country ? ` ${this.target.country}` : ''} at ${this.target.url}`,
      `run ${this.startedAt.toISOString()}, protocol v1, ${count('pass')} passed, ${count('fail')} failed, ${count('note')} notes`,
      `verdict: ${this.passed ? 'CONFORMS' : 'DOES NOT CONFORM'}`,
    ];
    let section = '';
    for (const r of this.results) {
      if (r.section !== section) {
        section = r.section;
        lines.push('', `${section}`);
      }
      lines.push(`  ${r.outcome === 'pass' ? 'ok  ' : r.outcome === 'fail' ? 'FAIL' : 'note'} ${r.name}`);
      const shown = r.details.slice(0, 8);
      for (const d of shown) lines.push(`         ${d}`);
      if (r.details.length > shown.length) lines.push(`         … and ${r.details.length - shown.length} more`);
    }
    return `${lines.join('\n')}\n`;
  }
}
