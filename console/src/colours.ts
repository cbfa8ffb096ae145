/**
 * Colours of the pictures, in one place: by owner country (the network view's nodes) and by role
 * in a case or transport mode (edges and legs). Okabe–Ito's colour-blind-safe palette; colour is
 * never the only sign: shapes, dashes, labels and the lists beside each picture say the same.
 */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];

/** The network's members first, so that their colours stay put; any other code gets a stable one. */
const FIXED: Record<string, string> = { AR: PALETTE[0], CO: PALETTE[1], PE: PALETTE[2], BO: PALETTE[3], XS: '#555555' };

export function countryColour(country: string): string {
  const fixed = FIXED[country];
  if (fixed) return fixed;
  let h = 0;
  for (const ch of country) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[4 + (h % 4)];
}

/** Roles in a case: who is at risk (victims, smuggled migrants) reads apart from who is accused. */
export const CATEGORY_COLOURS: Record<string, string> = {
  VICTIM: '#0072B2',
  SMUGGLED_MIGRANT: '#56B4E9',
  WITNESS: '#009E73',
  CONTACT: '#999999',
  SUSPECT: '#D55E00',
  ACCUSED: '#C0392B',
  CONVICTED: '#7B1E12',
};

export const categoryColour = (category: string | undefined): string => (category && CATEGORY_COLOURS[category]) || '#6e7781';

/** Transport modes of a route's legs: colour and dash pattern (SVG stroke-dasharray). */
export const MODE_STYLES: Record<string, { colour: string; dash: string }> = {
  LAND: { colour: '#8C510A', dash: '' },
  SEA: { colour: '#0072B2', dash: '8 4' },
  AIR: { colour: '#7B3294', dash: '2 4' },
  RIVER: { colour: '#009E73', dash: '10 3 2 3' },
};

export const modeStyle = (mode: string | null | undefined) => MODE_STYLES[mode ?? ''] ?? { colour: '#555555', dash: '' };
