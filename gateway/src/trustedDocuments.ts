/**
 * Trusted documents for partners (docs/PARTNERS.md): a partner caller (role `partner`) may
 * run only the operations the secretariat registered for its code, each known by the SHA-256
 * (hex) of its exact text, as Apollo's persisted queries and GraphQL's trusted documents name
 * them. The registry is a JSON file the secretariat keeps (schema/trusted-documents.json by
 * default, ENLACE_TRUSTED_DOCUMENTS elsewhere; `npm run trusted-documents` edits it):
 *
 *   { "partners": { "XP": { "<sha256 hex>": "query PartnerRoutes { … }" } } }
 *
 * A partner sends the document as registered, or only its hash as
 * `extensions.persistedQuery.sha256Hash` (the document is then taken from the registry);
 * anything else is refused before it is parsed (OPERATION_NOT_TRUSTED), so nothing of the
 * schema beyond the contract answers a partner. Every other caller is not concerned. What a
 * registered document answers is still the protocol's business, at every member.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { codedError, COUNTRY_PATTERN, type RequestIdentity } from '@enlace/platform';
import { schemaDir } from '@enlace/schema';

/** The network's registry as committed (the secretariat's file). */
export const DEFAULT_TRUSTED_DOCUMENTS_PATH = join(schemaDir, 'trusted-documents.json');

export interface TrustedDocuments {
  /** The registered document of this partner with this hash, or undefined. */
  documentFor(partner: string, hash: string): string | undefined;
  /** How many documents each partner has. */
  readonly counts: ReadonlyMap<string, number>;
}

export const documentHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Checks a registry (each key the hash of its document, partner codes well formed); a mistake is a start-up error naming the file. */
export function trustedDocuments(registry: unknown, where = 'trusted documents'): TrustedDocuments {
  const partners = (registry as { partners?: unknown } | null)?.partners;
  if (typeof partners !== 'object' || partners === null || Array.isArray(partners)) throw new Error(`${where}: expected {"partners": {"XP": {"<sha256>": "<document>"}}}`);
  const byPartner = new Map<string, Map<string, string>>();
  for (const [code, documents] of Object.entries(partners as Record<string, unknown>)) {
    if (!COUNTRY_PATTERN.test(code)) throw new Error(`${where}: "${code}" is not a partner code`);
    if (typeof documents !== 'object' || documents === null || Array.isArray(documents)) throw new Error(`${where}: partners.${code} must map hashes to documents`);
    const own = new Map<string, string>();
    for (const [hash, text] of Object.entries(documents as Record<string, unknown>)) {
      if (typeof text !== 'string' || documentHash(text) !== hash) throw new Error(`${where}: partners.${code}["${hash}"] is not the SHA-256 of its document (register documents with \`npm run trusted-documents\`)`);
      own.set(hash, text);
    }
    byPartner.set(code, own);
  }
  return {
    documentFor: (partner, hash) => byPartner.get(partner)?.get(hash),
    counts: new Map([...byPartner].map(([code, docs]) => [code, docs.size])),
  };
}

/** ENLACE_TRUSTED_DOCUMENTS (a file; default the committed registry). */
export function trustedDocumentsFromEnv(env: NodeJS.ProcessEnv): TrustedDocuments {
  const path = env.ENLACE_TRUSTED_DOCUMENTS?.trim() || DEFAULT_TRUSTED_DOCUMENTS_PATH;
  let registry: unknown;
  try {
    registry = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`ENLACE_TRUSTED_DOCUMENTS: cannot read ${path} (${(err as Error).message})`);
  }
  return trustedDocuments(registry, `ENLACE_TRUSTED_DOCUMENTS (${path})`);
}

/** What stands for a refused partner's operation until it is refused (never run). */
const SET_ASIDE = '{ __typename }';

const isPartner = (identity: RequestIdentity | undefined) => Boolean(identity?.caller.roles.includes('partner'));

/**
 * Before anything else of the request: a partner's operation is replaced by its registered document
 * (or refused); the persisted-query extension, which Apollo Server does not serve, is taken off.
 */
export function trustedDocumentsPlugin<C extends { identity?: RequestIdentity }>(documents: TrustedDocuments): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue, request }) {
      const identity = contextValue.identity;
      if (!identity || !isPartner(identity)) return;
      const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const sent = typeof request.query === 'string' ? documentHash(request.query) : undefined;
      const asked = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : sent;
      const registered = asked ? documents.documentFor(identity.caller.country, asked) : undefined;
      if (persisted) {
        const { persistedQuery: _served, ...rest } = request.extensions!;
        request.extensions = rest;
      }
      // The text sent, when any, must be the registered one exactly (a hash naming one document and a text of another is refused).
      if (registered && (sent === undefined || sent === asked)) {
        request.query = registered;
        return;
      }
      const refusal = codedError(
        'OPERATION_NOT_TRUSTED',
        `Partner ${identity.caller.country} may run only its trusted documents, registered by the secretariat; this operation is not one of them`,
        { hash: sent ?? asked ?? null, http: { status: 403 } },
      );
      // Apollo Server answers an error thrown this early as an internal one; so the partner's text is set aside
      // unread (neither parsed nor validated, so nothing of the schema answers it) and the refusal is thrown
      // where a refusal is answered as such, before anything runs.
      request.query = SET_ASIDE;
      request.operationName = undefined;
      return {
        async didResolveOperation() {
          throw refusal;
        },
      };
    },
  };
}
