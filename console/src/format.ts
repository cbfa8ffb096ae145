/** How places read on the page (dates and numbers: words/words.ts, in the user's locale). */
export interface Place {
  country: string | null;
  locality: string | null;
}

export const place = (p: Place | null | undefined): string => (p ? [p.locality, p.country].filter(Boolean).join(', ') : '');
