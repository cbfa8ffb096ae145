/** Identity document numbers in each country's own format (generated, never real). */
import type { Random } from './random';

const dotted = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

export function nationalIdNumber(rng: Random, cc: string): string {
  switch (cc) {
    case 'AR': { const n = String(rng.int(20_000_000, 45_999_999)); return rng.chance(0.5) ? dotted(n) : n; }
    case 'PE': return rng.digits(8);
    case 'BO': return rng.digits(7, true) + (rng.chance(0.4) ? ` ${rng.pick(['LP', 'CB', 'SC', 'OR', 'PT', 'TJ'])}` : '');
    case 'CO': { const n = rng.digits(10, true); return rng.chance(0.4) ? dotted(n) : n; }
    case 'EC': { const n = `1${rng.digits(9)}`; return rng.chance(0.3) ? `${n.slice(0, 9)}-${n[9]}` : n; }
    case 'CL': return `${dotted(String(rng.int(8_000_000, 26_999_999)))}-${rng.pick([...'0123456789K'])}`;
    case 'VE': { const n = String(rng.int(5_000_000, 32_999_999)); return `V-${rng.chance(0.5) ? dotted(n) : n}`; }
    case 'BR': return `${rng.digits(3)}.${rng.digits(3)}.${rng.digits(3)}-${rng.digits(2)}`;
    case 'PY': { const n = String(rng.int(1_000_000, 7_999_999)); return rng.chance(0.5) ? dotted(n) : n; }
    case 'MX': return `${rng.letters(4)}${rng.digits(6)}${rng.pick(['H', 'M'])}${rng.letters(5)}${rng.digits(2)}`;
    case 'GT': return `${rng.digits(4, true)} ${rng.digits(5)} ${rng.digits(4)}`;
    case 'HN': return `${rng.digits(4, true)}-${rng.int(1960, 2008)}-${rng.digits(5)}`;
    case 'DO': return `${rng.digits(3)}-${rng.digits(7)}-${rng.digits(1)}`;
    default: return rng.digits(9, true);
  }
}

/** Passport numbers, written the several ways files record them: 'AB1234567', 'AB-123 4567', 'AB 1234567'. */
export function passportNumber(rng: Random, cc: string): string {
  const letters = rng.letters(cc === 'AR' ? 3 : 2);
  const digits = rng.digits(cc === 'AR' ? 6 : 7);
  return rng.weighted([
    [`${letters}${digits}`, 6],
    [`${letters}-${digits.slice(0, 3)} ${digits.slice(3)}`, 2],
    [`${letters} ${digits}`, 2],
  ]);
}

export function residencePermitNumber(rng: Random, cc: string): string {
  switch (cc) {
    case 'CO': return `PPT ${rng.digits(7, true)}`;
    case 'PE': return `CE ${rng.digits(9)}`;
    case 'AR': return dotted(`9${rng.digits(7)}`);
    case 'CL': return `${dotted(String(rng.int(27_000_000, 29_999_999)))}-${rng.pick([...'0123456789K'])}`;
    default: return `RP-${rng.digits(8, true)}`;
  }
}
