/**
 * When two callers are the same caller (DESIGN.md, "Identity"): only with the
 * same issuer, subject and country. One identity provider may vouch for several
 * countries, and a subject is only that provider's name for someone, so `alice`
 * of CO and `alice` of PE are two people. Everything bound to a caller (a
 * cooperation request's requester, a grant's grantee, a sealed hit reference,
 * a lookup budget) is matched here, on all three, and nowhere by hand.
 */

/** The three parts that make a caller who it is (a Caller or an obo claim carries them, with more). */
export interface CallerIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly country: string;
}

/** The three parts alone, for keeping (a Caller's roles and organisation are not who it is). */
export const callerIdentity = (c: CallerIdentity): CallerIdentity => ({ issuer: c.issuer, subject: c.subject, country: c.country });

/**
 * One string per caller, never shared by two: the parts as a JSON array, so no
 * subject (spaces, NULs, quotes and all) can run into the next part.
 */
export const callerKey = (c: CallerIdentity): string => JSON.stringify([c.issuer, c.subject, c.country]);

export const sameCaller = (a: CallerIdentity, b: CallerIdentity): boolean => callerKey(a) === callerKey(b);
