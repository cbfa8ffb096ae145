/**
 * Every `extensions.code` a client can receive from the network, defined once:
 * what it means, the HTTP status of a response that carries it, who emits it and
 * what else its extensions hold. Our error helpers take an `ErrorCode`, so a code
 * missing here cannot be emitted through them; `npm run docs:errors` turns this
 * table into docs/ERRORS.md, and a test fails when that page is stale or when a
 * source file writes a code literal that is not here. Adding a code is adding an
 * entry (then `npm run docs:errors`).
 */

/** Who sends an error with the code. */
export type ErrorEmitter = 'gateway' | 'member' | 'secretariat';

export interface ErrorCodeDefinition {
  /** What the code means to a client, and what to do about it. */
  readonly meaning: string;
  /**
   * The HTTP status of a response carrying it. A field error beside partial data
   * comes in a 200 response; a request refused before GraphQL runs carries its own status.
   */
  readonly status: number;
  readonly emittedBy: readonly ErrorEmitter[];
  /** Extension keys besides `code`. */
  readonly extensions?: readonly string[];
  /** Raised by Apollo Server or the Apollo gateway rather than by Enlace's code. */
  readonly apollo?: true;
  /** The message is never the original one: it is replaced by a generic text (nothing leaks). */
  readonly masked?: true;
}

const EVERY_PROCESS: readonly ErrorEmitter[] = ['gateway', 'member', 'secretariat'];

export const ERROR_CODES = {
  BAD_USER_INPUT: {
    meaning: 'An argument or variable is malformed or out of range; `field` names it. (A variable of the wrong type is refused before execution, with status 400.)',
    status: 200,
    emittedBy: EVERY_PROCESS,
    extensions: ['field'],
  },
  BAD_REQUEST: {
    meaning: 'The HTTP request itself is malformed: a body that is not JSON, no query, a request that may be a CSRF.',
    status: 400,
    emittedBy: EVERY_PROCESS,
  },
  INVALID_HEADER: {
    meaning: 'A header\'s value is not valid; `header` names it. The purpose (`x-enlace-purpose`) and the case reference (`x-enlace-case-ref`) are text sent as percent-encoded UTF-8, as `encodeURIComponent` makes it (`Investigaci%C3%B3n`; plain ASCII without `%` is sent as it is), at most 200 characters once decoded, without control characters: raw bytes beyond ASCII and malformed escapes are refused. A placeholder is refused too (`<why you need these records>`, `{{purpose}}`, `$PURPOSE`, `TODO`, `n/a`, `...`): the owners log the purpose as the reason for every read.',
    status: 400,
    emittedBy: EVERY_PROCESS,
    extensions: ['header'],
  },
  PAYLOAD_TOO_LARGE: {
    meaning: 'The request body is larger than the limit (1 MiB; 64 MiB for one batch on a member\'s operator import path, `POST /operator/import`: send smaller batches).',
    status: 413,
    emittedBy: EVERY_PROCESS,
  },
  UNAUTHENTICATED: {
    meaning: 'No bearer token, or one the process does not accept (unknown issuer, expired, bound to other countries or roles, a relayed request without a valid hop assertion); the message gives the reason in one line.',
    status: 401,
    emittedBy: EVERY_PROCESS,
  },
  FORBIDDEN: {
    meaning: 'The sharing protocol does not share this field or record with the caller; `rule` names the protocol rule and `protocol` its version. The field is null, the rest of the answer stands.',
    status: 200,
    emittedBy: ['member', 'secretariat'],
    extensions: ['rule', 'protocol'],
  },
  PURPOSE_REQUIRED: {
    meaning: 'A protected read without a stated purpose (`x-enlace-purpose`) and case reference (`x-enlace-case-ref`); `rule` names the rule that asks for them. The gateway refuses such a request as a whole, once, before any member is asked (no `data`; the message names the first protected field): status 200 as `application/json`, 400 as `application/graphql-response+json` (GraphQL over HTTP). A member or the secretariat asked directly refuses each protected field, with status 200 beside the rest.',
    status: 200,
    emittedBy: EVERY_PROCESS,
    extensions: ['rule', 'protocol'],
  },
  PURPOSE_NOT_IN_CATALOGUE: {
    meaning: 'The purpose (`x-enlace-purpose`) is not one the network accepts: `other:` without a reason of at least the catalogue\'s `minReasonLength` characters (10 by default), or, where the network\'s catalogue refuses free text, neither a catalogue id (`investigation`, …) nor `other: <reason>`. The catalogue is `purposeCatalogue` (ENLACE_PURPOSES; default schema/purposes.json); `header` names the header. Nothing was read.',
    status: 400,
    emittedBy: EVERY_PROCESS,
    extensions: ['header'],
  },
  BAD_CURSOR: {
    meaning: 'A list\'s `after` is not a cursor that list gave this caller for this query: malformed, altered, from another list, another filter or another caller, or from before the process\'s key changed. Nothing was read. Ask again without `after` (the first page); `field` names the argument.',
    status: 200,
    emittedBy: EVERY_PROCESS,
    extensions: ['field'],
  },
  SUBJECT_WITHHELD: {
    meaning: "A cooperation request's subject (`subjects[].person` or `subjects[].case`) is withheld from its requester because no grant opens it now; `reason` says why: `undecided` (the owner has not granted it, or not yet), `refused`, `withdrawn`, `revoked`, `expired`, or `not-granted` (the grant leaves this subject out); `grant` names the grant, if there is one. The field is null, the rest of the request stands.",
    status: 200,
    emittedBy: ['secretariat'],
    extensions: ['reason', 'grant'],
  },
  NOT_FOUND: {
    meaning: 'No such record, member state or path.',
    status: 200,
    emittedBy: EVERY_PROCESS,
  },
  RATE_LIMITED: {
    meaning: "The caller's hourly hit/no-hit budget is spent; `retryAfterMinutes` says when to try again.",
    status: 200,
    emittedBy: ['member'],
    extensions: ['limit', 'retryAfterMinutes'],
  },
  QUERY_TOO_COMPLEX: {
    meaning: 'The query could return more values than the cost limit allows (`first` and list sizes multiplied, at the gateway also by the members a list fans out to); nothing was run. Narrow `first` or `countries`.',
    status: 400,
    emittedBy: EVERY_PROCESS,
  },
  MEMBER_UNAVAILABLE: {
    meaning: 'A member state did not answer in time, is down or answered garbage; `country` names it and `reason` says which (`timeout`, `unreachable`, `bad-answer`, or `not-ready`: it answered that it cannot serve now, e.g. its audit log cannot be written, and the message says why). Its part is null, the other members\' data stands.',
    status: 200,
    emittedBy: ['gateway'],
    extensions: ['country', 'reason'],
  },
  SECRETARIAT_UNAVAILABLE: {
    meaning: 'The secretariat did not answer in time, is down or answered garbage. At the gateway, the secretariat\'s fields (JITs, links, cooperation requests) are null and `reason` says which (`timeout`, `unreachable` or `bad-answer`); the members\' data stands. At a member, a write that needs the secretariat (filing a cooperation request) was not made. A member\'s reads never fail for it: a JIT or grant that cannot be checked simply does not hold (fail closed).',
    status: 200,
    emittedBy: ['gateway', 'member'],
    extensions: ['reason'],
  },
  STORE_BUSY: {
    meaning: "The member's or the secretariat's store has as many writes waiting as it queues (STORE_WRITE_QUEUE, default 64), or this write waited its longest (STORE_WRITE_WAIT_MS, default 1000 ms) for the ones before it: it was refused before it started, nothing was written (a cooperation request: nothing was filed). Try again in a moment. On a member's operator import path (`POST /operator/import`) it comes with status 503 and `Retry-After`: `npm run import` waits and sends the batch again.",
    status: 200,
    emittedBy: ['member', 'secretariat'],
  },
  STORE_UNAVAILABLE: {
    meaning: "The member's or the secretariat's store met a fault it cannot serve through until its process restarts (its `/ready` answers 503 and says which); nothing was written. Operators: restart the process (it replays the store's write-ahead log, losing no acknowledged write), then `npm run store -- check`.",
    status: 200,
    emittedBy: ['member', 'secretariat'],
  },
  AUDIT_UNAVAILABLE: {
    meaning: 'The process cannot record the request in its audit log (its disk is full or failing, or the log is behind the head the secretariat holds), so it serves nothing: the request was refused before it ran, or its answer withheld. Try again later. With `committed: true` (and status 200), a write was carried out just before the log failed: it stands, `records` names what it wrote, its entry is written once the log recovers; do not repeat it. Operators: `/ready` says what to do (free space on the audit log\'s disk); requests are served again by themselves once a retry writes the log.',
    status: 503,
    emittedBy: ['member', 'secretariat'],
    extensions: ['committed', 'records'],
  },
  OPERATOR_FORBIDDEN: {
    meaning: "A member's operator path (`POST /operator/import`, what `npm run import` uses beside a running member) refused the request: the member has no service key (MEMBER_SERVICE_KEY), which its operator's tokens are checked against, or the token is signed by that key but meant for something else (another member's operator audience, another country, no `operator` role, a lifetime over 5 minutes). A token that is missing, expired or signed by another key is UNAUTHENTICATED (401).",
    status: 403,
    emittedBy: ['member'],
  },
  IMPORT_SESSION_LOST: {
    meaning: "A member's operator path does not hold the import session a batch names: the member restarted during the import (sessions live in its memory), or the session sat idle over 10 minutes. Nothing of this batch was written. Run the import again: a re-import only writes what is missing.",
    status: 409,
    emittedBy: ['member'],
  },
  PSEUDONYMS_UNAVAILABLE: {
    meaning: "The secretariat's pseudonym evaluator (`POST /pseudonyms/evaluate`) has no key: set ENLACE_PRF_KEY_FILE to the file of the network's pseudonym key (32 random bytes, base64url, readable by the secretariat alone) and restart it. With ENLACE_PRF_REQUIRED=true its `/ready` answers 503 until then. Nothing was evaluated.",
    status: 503,
    emittedBy: ['secretariat'],
  },
  PSEUDONYMS_FORBIDDEN: {
    meaning: "Only a member's service identity (its MEMBER_SERVICE_KEY, the one it asks the secretariat with) may have elements evaluated by the secretariat's pseudonym evaluator; a person's token, a partner's or the secretariat's own is refused. A missing, expired or untrusted token is UNAUTHENTICATED (401).",
    status: 403,
    emittedBy: ['secretariat'],
  },
  PSEUDONYM_BUDGET_SPENT: {
    meaning: "The member's hourly budget of elements at the pseudonym evaluator (ENLACE_PRF_BUDGET_PER_HOUR) would be exceeded by this batch; nothing of it was evaluated. `limit` is the budget, `retryAfterMinutes` when the hour ends (also the `retry-after` header, in seconds). A member indexing more records than the budget allows asks the secretariat to raise it.",
    status: 429,
    emittedBy: ['secretariat'],
    extensions: ['limit', 'retryAfterMinutes'],
  },
  FOREIGN_RECORD: {
    meaning: 'A member returned a record it does not own; the gateway dropped it. `country` names the member.',
    status: 200,
    emittedBy: ['gateway'],
    extensions: ['country'],
  },
  GRAPHQL_PARSE_FAILED: {
    meaning: 'The query is not valid GraphQL syntax.',
    status: 400,
    emittedBy: EVERY_PROCESS,
    apollo: true,
  },
  GRAPHQL_VALIDATION_FAILED: {
    meaning: 'The query does not fit the schema (unknown field, wrong argument type, introspection where it is off), or exceeds a size limit (depth 10, aliases 30 (of `__typename` too), directives 20, fields 300, tokens 3,000: the message names it); nothing was run.',
    status: 400,
    emittedBy: EVERY_PROCESS,
    apollo: true,
  },
  OPERATION_RESOLUTION_FAILURE: {
    meaning: 'The request\'s `operationName` names no operation of the document, or the document holds several operations and the request names none; the message lists the operations it holds. Nothing was run.',
    status: 400,
    emittedBy: EVERY_PROCESS,
  },
  OPERATION_NOT_TRUSTED: {
    meaning: 'A partner caller (role `partner`) sent an operation that is not one of its trusted documents: the allowlist the secretariat registers for each partner, by the SHA-256 of the document\'s exact text (docs/PARTNERS.md). Send a registered document as it was registered, or only its hash as `extensions.persistedQuery.sha256Hash`; `hash` is the SHA-256 (hex) of what was sent, to quote when asking the secretariat to register it. Nothing was run. Members\' and the secretariat\'s own callers are not concerned.',
    status: 403,
    emittedBy: ['gateway'],
    extensions: ['hash'],
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    meaning: 'Automatic persisted queries are off in every process: send the query text, without `extensions.persistedQuery` (Apollo Client\'s persisted-query link does so by itself on this answer). A partner caller at the gateway may send the hash of one of its trusted documents instead (OPERATION_NOT_TRUSTED).',
    status: 200,
    emittedBy: EVERY_PROCESS,
    apollo: true,
  },
  INTERNAL_SERVER_ERROR: {
    meaning: 'Something failed that the client cannot fix (a store failure, a bug). The message is generic; the process logs the cause. On one field of an answer it comes with status 200 and the rest of the data.',
    status: 500,
    emittedBy: EVERY_PROCESS,
    masked: true,
  },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

export function errorCodeDefinition(code: ErrorCode): ErrorCodeDefinition {
  return ERROR_CODES[code];
}
