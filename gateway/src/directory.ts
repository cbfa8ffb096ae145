/**
 * The member directory: country code → the URL of that member's subgraph.
 * Configuration, not composition: adding a member is one more entry.
 */
import { COUNTRY_PATTERN } from '@enlace/platform';

/** Parses `AR=http://host:4001/graphql,CO=http://…` (whitespace and newlines allowed). */
export function parseDirectory(text: string): Map<string, string> {
  const directory = new Map<string, string>();
  for (const entry of text.split(/[,\s]+/).filter(Boolean)) {
    const at = entry.indexOf('=');
    const country = entry.slice(0, at).trim().toUpperCase();
    const url = entry.slice(at + 1).trim();
    if (at < 1 || !COUNTRY_PATTERN.test(country)) throw new Error(`Member directory: "${entry}" is not COUNTRY=URL`);
    try {
      const parsed = new URL(url);
      if (!/^https?:$/.test(parsed.protocol)) throw new Error();
    } catch {
      throw new Error(`Member directory: ${country} has no valid http(s) URL ("${url}")`);
    }
    if (directory.has(country)) throw new Error(`Member directory: ${country} is listed twice`);
    directory.set(country, url);
  }
  if (!directory.size) throw new Error('Member directory is empty: set MEMBER_DIRECTORY to COUNTRY=URL pairs');
  return directory;
}
