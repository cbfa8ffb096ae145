/**
 * `npm run partner-schema`: writes schema/partner.graphql, the partner contract's schema
 * (partner/schema.ts), from the committed supergraph and protocol. `--check` only says
 * whether the file is current (exit 1 when stale).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { protocolPath, schemaDir } from '@enlace/schema';
import { partnerSdl, type ProtocolDocument } from './partner/schema';

export const PARTNER_SCHEMA_FILE = join(schemaDir, 'partner.graphql');

export function currentPartnerSdl(): string {
  const protocol = JSON.parse(readFileSync(protocolPath(), 'utf8')) as ProtocolDocument;
  return partnerSdl(readFileSync(join(schemaDir, 'supergraph.graphql'), 'utf8'), protocol);
}

if (require.main === module) {
  const sdl = currentPartnerSdl();
  if (process.argv.includes('--check')) {
    const stale = readFileSync(PARTNER_SCHEMA_FILE, 'utf8') !== sdl;
    console.log(stale ? 'schema/partner.graphql is stale: run `npm run partner-schema`' : 'schema/partner.graphql is current');
    process.exit(stale ? 1 : 0);
  }
  writeFileSync(PARTNER_SCHEMA_FILE, sdl);
  console.log(`wrote ${PARTNER_SCHEMA_FILE}`);
}
