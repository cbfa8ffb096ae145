/**
 * Composes the supergraph from the two subgraph SDLs with @apollo/composition
 * and writes it to schema/supergraph.graphql. `--check` only compares.
 */
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import {
  memberSdl, secretariatSdl, supergraphPath,
  MEMBERS_SUBGRAPH, SECRETARIAT_SUBGRAPH, MEMBERS_PLACEHOLDER_URL, SECRETARIAT_PLACEHOLDER_URL,
} from '@enlace/schema';
import { parseFlags } from './flags';

export function composeSupergraph(): string {
  const result = composeServices([
    { name: MEMBERS_SUBGRAPH, url: MEMBERS_PLACEHOLDER_URL, typeDefs: parse(memberSdl()) },
    { name: SECRETARIAT_SUBGRAPH, url: SECRETARIAT_PLACEHOLDER_URL, typeDefs: parse(secretariatSdl()) },
  ]);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

if (require.main === module) {
  const flags = parseFlags(process.argv.slice(2), { check: { default: 'no', hint: 'only compare with the committed supergraph' } });
  try {
    const sdl = composeSupergraph();
    if (flags.check === 'yes') {
      const current = existsSync(supergraphPath) ? readFileSync(supergraphPath, 'utf8') : '';
      if (current !== sdl) {
        console.error('schema/supergraph.graphql is stale: run `npm run compose`.');
        process.exit(1);
      }
      console.log('supergraph is up to date');
    } else {
      writeFileSync(supergraphPath, sdl);
      console.log(`wrote ${supergraphPath}`);
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
