/**
 * `npm run trusted-documents`: the secretariat's registry of partners' trusted documents
 * (schema/trusted-documents.json; gateway/src/trustedDocuments.ts enforces it). A document is
 * registered only when it is one operation that fits the partner contract (schema/partner.graphql),
 * under the SHA-256 of its exact text, which is what the partner then sends (or its hash alone).
 *
 *   npm run trusted-documents -- add --partner XP --file docs/partners/PartnerRoutes.graphql
 *   npm run trusted-documents -- remove --partner XP --hash <sha256>
 *   npm run trusted-documents -- list
 *
 * `--registry F` edits another file (the one the gateway's ENLACE_TRUSTED_DOCUMENTS names).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { schemaDir } from '@enlace/schema';
import { COUNTRY_PATTERN } from '@enlace/platform';
import { DEFAULT_TRUSTED_DOCUMENTS_PATH, documentHash, trustedDocuments } from '@enlace/gateway';
import { parseFlags } from './flags';

interface Registry {
  $comment?: string;
  partners: Record<string, Record<string, string>>;
}

const COMMENT = 'Partners\' trusted documents, kept by the secretariat with `npm run trusted-documents` (docs/PARTNERS.md): per partner code, the SHA-256 (hex) of each document\'s exact text and the text. The gateway runs these alone for partner callers (ENLACE_TRUSTED_DOCUMENTS).';

export function readRegistry(path: string): Registry {
  const registry = JSON.parse(readFileSync(path, 'utf8')) as Registry;
  trustedDocuments(registry, path);
  return registry;
}

export function writeRegistry(path: string, registry: Registry): void {
  const sorted: Registry = { $comment: COMMENT, partners: Object.fromEntries(Object.keys(registry.partners).sort().map((code) => [code, registry.partners[code]])) };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export const partnerSchema = (): GraphQLSchema => buildSchema(readFileSync(join(schemaDir, 'partner.graphql'), 'utf8'));

/** Why a text cannot be a trusted document (one operation, valid against the partner contract), or null. */
export function documentProblem(text: string, schema: GraphQLSchema): string | null {
  let document;
  try {
    document = parse(text);
  } catch (err) {
    return `not GraphQL: ${(err as Error).message}`;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return `holds ${operations.length} operations: register one operation a document`;
  const errors = validate(schema, document);
  return errors.length ? `does not fit the partner contract (schema/partner.graphql): ${errors.map((e) => e.message).join('; ')}` : null;
}

/** Registers a document for a partner; returns its hash. */
export function addDocument(registry: Registry, partner: string, text: string, schema: GraphQLSchema): string {
  const problem = documentProblem(text, schema);
  if (problem) throw new Error(`the document ${problem}`);
  const hash = documentHash(text);
  registry.partners[partner] = { ...(registry.partners[partner] ?? {}), [hash]: text };
  return hash;
}

function main(): void {
  const [command = 'list', ...rest] = process.argv.slice(2);
  const f = parseFlags(rest, {
    partner: { default: '', pattern: COUNTRY_PATTERN, hint: 'the partner code, e.g. XP' },
    file: { default: '', pattern: /^.+$/, hint: 'a .graphql file holding one operation' },
    hash: { default: '', pattern: /^[0-9a-f]{64}$/, hint: 'a registered document\'s SHA-256 (hex)' },
    registry: { default: DEFAULT_TRUSTED_DOCUMENTS_PATH, pattern: /^.+$/, hint: 'the registry file' },
  }, 'usage: npm run trusted-documents -- add --partner XP --file F.graphql | remove --partner XP --hash H | list');
  const registry = readRegistry(f.registry);
  if (command === 'add' && f.partner && f.file) {
    const hash = addDocument(registry, f.partner, readFileSync(f.file, 'utf8'), partnerSchema());
    writeRegistry(f.registry, registry);
    console.log(`${f.partner}: ${hash} registered (${f.file}); the gateway reads it at its next start`);
  } else if (command === 'remove' && f.partner && f.hash) {
    if (!registry.partners[f.partner]?.[f.hash]) throw new Error(`${f.partner} has no document ${f.hash}`);
    delete registry.partners[f.partner][f.hash];
    writeRegistry(f.registry, registry);
    console.log(`${f.partner}: ${f.hash} removed; the gateway forgets it at its next start`);
  } else if (command === 'list') {
    for (const [code, documents] of Object.entries(registry.partners)) {
      for (const [hash, text] of Object.entries(documents)) {
        const operation = parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
        console.log(`${code}  ${hash}  ${operation && 'name' in operation ? operation.name?.value ?? '(anonymous)' : ''}`);
      }
    }
  } else {
    throw new Error('usage: npm run trusted-documents -- add --partner XP --file F.graphql | remove --partner XP --hash H | list');
  }
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`trusted-documents: ${(err as Error).message}`);
    process.exit(1);
  }
}
