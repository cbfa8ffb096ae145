/** How places and times read on the page. */
export interface Place {
  country: string | null;
  locality: string | null;
}

export const place = (p: Place | null | undefined): string => (p ? [p.locality, p.country].filter(Boolean).join(', ') : '');

/** An ISO instant as "2026-11-30 14:08 UTC" (the network's deadlines are in UTC). */
export const when = (iso: string | null | undefined): string => (iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '');
