/**
 * A small seeded PRNG (mulberry32) and the helpers the seed generator needs.
 * The same seed gives the same sequence on every machine and Node version:
 * only 32-bit integer arithmetic, no Math.random, no locale.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  /** `count` distinct items (fewer if the list is shorter), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, count));
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** `length` decimal digits (the first may be 0 unless `leadingNonZero`). */
  digits(length: number, leadingNonZero = false): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String(i === 0 && leadingNonZero ? this.int(1, 9) : this.int(0, 9));
    return s;
  }

  /** `length` upper-case ASCII letters. */
  letters(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(65 + this.int(0, 25));
    return s;
  }

  /** An ISO date 'YYYY-MM-DD' between two ISO dates, both inclusive. */
  dateBetween(from: string, to: string): string {
    const a = dayNumber(from);
    const b = dayNumber(to);
    return fromDayNumber(a <= b ? this.int(a, b) : this.int(b, a));
  }
}

/** A stable 32-bit seed from a number and a text (e.g. the seed and a country code). */
export function hashSeed(text: string, seed: number): number {
  // FNV-1a over the text, mixed with the seed, then a final avalanche (murmur3 fmix32).
  let h = (0x811c9dc5 ^ (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296), 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// ---- ISO dates as day numbers (UTC, no time zones involved) -------------------

const DAY_MS = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `iso` moved by whole days (negative: earlier). */
export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** `iso` moved by whole years, keeping month and day (29 February becomes 28). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-');
  const day = m === '02' && d === '29' ? '28' : d;
  return `${String(Number(y) + years).padStart(4, '0')}-${m}-${day}`;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
