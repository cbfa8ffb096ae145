/**
 * Preloaded into processes the benchmark spawns but does not own the code of
 * (`node -r scripts/dist/bench/peak.js scripts/dist/seed.js …`): on exit, writes
 * the process's peak resident set (VmHWM of /proc/self/status, in KiB) to the
 * file named by ENLACE_BENCH_PEAK_FILE. Reads nothing else and changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const target = process.env.ENLACE_BENCH_PEAK_FILE;
if (target) {
  // Only this process reports; anything it spawns would otherwise overwrite the file.
  delete process.env.ENLACE_BENCH_PEAK_FILE;
  process.on('exit', () => {
    try {
      const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
      if (m) writeFileSync(target, m[1]);
    } catch {
      /* no /proc here: the benchmark reports what it polled */
    }
  });
}
