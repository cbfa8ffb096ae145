/** What the console shows of the caller's token. It never verifies it: every process of the network does. */
export interface Who {
  country: string;
  roles: string[];
  subject: string;
  /** Who issued the token: with the subject and country, what makes a caller the same caller. */
  issuer: string;
  /** Seconds since the epoch. */
  expires: number;
}

/** The claims of a JWT (unverified), or null when the text is not one. */
export function readToken(token: string): Who | null {
  const part = token.trim().split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as { country?: unknown; roles?: unknown; sub?: unknown; iss?: unknown; exp?: unknown };
    if (typeof claims.country !== 'string' || !Array.isArray(claims.roles)) return null;
    return { country: claims.country, roles: claims.roles.map(String), subject: String(claims.sub ?? ''), issuer: String(claims.iss ?? ''), expires: Number(claims.exp ?? 0) };
  } catch {
    return null;
  }
}
