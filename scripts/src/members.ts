/**
 * Which countries are the members of the local network: the one answer `npm run import` and
 * `npm run token` check a country against (`npm start` takes its default from here too).
 * - ENLACE_COUNTRIES, when set: the list `npm start` runs;
 * - otherwise, on Kùzu, the countries with a store in the data folder (<data-dir>/<cc>/member.kuzu):
 *   `npm start --countries` made them, so they are the network that runs on it;
 * - otherwise (no store yet; STORE=neo4j, whose stores are no files here) npm start's default.
 * Light on purpose (no store is opened): the token command loads it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** `npm start`'s members when neither --countries nor ENLACE_COUNTRIES says. */
export const DEFAULT_MEMBERS = ['AR', 'CO', 'PE'];

export interface Members {
  countries: string[];
  /** What says so, for messages: 'ENLACE_COUNTRIES', 'the stores in <dir>' or "npm start's default". */
  source: string;
}

/** A member's store file, as network.ts's memberStorePath (kept apart: that module loads the stores). */
export const memberStoreFile = (dataDir: string, country: string): string => join(dataDir, country.toLowerCase(), 'member.kuzu');

/** The countries in ENLACE_COUNTRIES (comma-separated), or undefined when it is unset or empty. */
export function envCountries(env: NodeJS.ProcessEnv): string[] | undefined {
  const countries = (env.ENLACE_COUNTRIES ?? '').split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  return countries.length ? [...new Set(countries)] : undefined;
}

/** The countries with a member store in `dataDir`, sorted; none when the folder does not exist. */
export function storedCountries(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[a-z]{2}$/.test(d.name) && existsSync(memberStoreFile(dataDir, d.name)))
    .map((d) => d.name.toUpperCase())
    .sort();
}

export function networkMembers(dataDir: string, env: NodeJS.ProcessEnv = process.env): Members {
  const listed = envCountries(env);
  if (listed) return { countries: listed, source: 'ENLACE_COUNTRIES' };
  if ((env.STORE?.trim() || 'kuzu').toLowerCase() !== 'neo4j') {
    const stored = storedCountries(dataDir);
    if (stored.length) return { countries: stored, source: `the stores in ${dataDir}` };
  }
  return { countries: DEFAULT_MEMBERS, source: "npm start's default" };
}

/** Why `country` is refused, and how a member is added. `others` names what else the command takes (the token's secretariat and partners). */
export function notAMember(country: string, members: Members, others = ''): string {
  const add = `npm start -- --countries ${[...members.countries, country].join(',')}`;
  return `${country} is not a member of this network (members: ${members.countries.join(', ')}, from ${members.source}${others ? `; ${others}` : ''}); `
    + `a new member is added with ${add}${members.source === 'ENLACE_COUNTRIES' ? ' and in ENLACE_COUNTRIES' : ''}`;
}
