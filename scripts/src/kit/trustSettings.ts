/**
 * The trust-related settings of an `enlace.env`, read and changed as the processes read them:
 * ENLACE_TRUSTED_ISSUERS (a JSON list), ENLACE_MEMBERS and ENLACE_PARTNERS (code lists) and the
 * gateway's MEMBER_DIRECTORY (`AR=url,…`). The kit edits these and nothing else on `trust`.
 */
import { countryList, type TrustedIssuer } from '@enlace/platform';
import type { Settings } from './envFile';
import { KitError } from './kitError';

export function trustedIssuers(settings: Settings): TrustedIssuer[] {
  const raw = settings.get('ENLACE_TRUSTED_ISSUERS')?.trim();
  if (!raw) return [];
  try {
    const list = JSON.parse(raw) as TrustedIssuer[];
    if (!Array.isArray(list)) throw new Error('not a list');
    return list;
  } catch (err) {
    throw new KitError(`ENLACE_TRUSTED_ISSUERS in enlace.env is not a JSON list (${(err as Error).message}): fix it by hand or run init again`);
  }
}

/** Adds or replaces (same issuer name) a trusted issuer. */
export function putTrustedIssuer(settings: Settings, issuer: TrustedIssuer): void {
  const list = trustedIssuers(settings).filter((i) => i.issuer !== issuer.issuer);
  settings.set('ENLACE_TRUSTED_ISSUERS', JSON.stringify([...list, issuer]));
}

export function dropTrustedIssuers(settings: Settings, drop: (issuer: TrustedIssuer) => boolean): TrustedIssuer[] {
  const list = trustedIssuers(settings);
  settings.set('ENLACE_TRUSTED_ISSUERS', JSON.stringify(list.filter((i) => !drop(i))));
  return list.filter(drop);
}

export const codes = (settings: Settings, name: 'ENLACE_MEMBERS' | 'ENLACE_PARTNERS'): string[] => countryList(settings.get(name));

export function addCodes(settings: Settings, name: 'ENLACE_MEMBERS' | 'ENLACE_PARTNERS', add: string[]): void {
  settings.set(name, [...new Set([...codes(settings, name), ...add])].join(','));
}

export function removeCodes(settings: Settings, name: 'ENLACE_MEMBERS' | 'ENLACE_PARTNERS', remove: string[]): void {
  settings.set(name, codes(settings, name).filter((c) => !remove.includes(c)).join(','));
}

/** The gateway's member directory, country → URL, in the order written. */
export function directory(settings: Settings): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (settings.get('MEMBER_DIRECTORY') ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    out.set(part.slice(0, eq).toUpperCase(), part.slice(eq + 1));
  }
  return out;
}

export function putDirectoryEntry(settings: Settings, country: string, url: string): void {
  const entries = directory(settings);
  entries.set(country, url);
  settings.set('MEMBER_DIRECTORY', [...entries].map(([c, u]) => `${c}=${u}`).join(','));
}
