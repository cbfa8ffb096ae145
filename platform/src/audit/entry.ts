/** What one audit entry says about one request a member (or the secretariat) served. */

/**
 * ALLOWED: everything asked was given. PARTIAL: some fields or records were
 * withheld, the rest given. DENIED: everything protected that was asked was
 * withheld. REFUSED: the request as a whole was refused (no purpose, a role
 * that may not ask, a budget spent). ERROR: the request failed (bad input,
 * invalid query, an internal error).
 */
export const AUDIT_DECISIONS = ['ALLOWED', 'PARTIAL', 'DENIED', 'REFUSED', 'ERROR'] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

export interface AuditCaller {
  subject: string;
  country: string;
  roles: string[];
  issuer: string;
  /** For a member's service identity: the caller on whose request it asked. */
  onBehalfOf?: { subject: string; country: string; roles: string[]; issuer: string };
}

/** Records given to the caller, each with the protected fields read on it ("Person.fullName"). */
export interface AuditDelivery {
  record: string;
  fields: string[];
  /** The cooperation grants some of the fields were read under (absent: the protocol gave them without one). */
  grants?: string[];
}

/** A field withheld, on which record (null: the request itself), by which rule. */
export interface AuditWithholding {
  record: string | null;
  field: string;
  rule: string;
}

/** One request, as the service that served it saw it. The chain adds seq, prev and hash. */
export interface AuditRecord {
  /** ISO 8601 time the answer was sent. */
  at: string;
  /** Whose log: the member's country code, or XS for the secretariat. */
  service: string;
  /** Null when the request carried no verified identity. */
  caller: AuditCaller | null;
  operation: { type: string | null; name: string | null; sha256: string | null };
  purpose: string | null;
  caseRef: string | null;
  decision: AuditDecision;
  delivered: AuditDelivery[];
  withheld: AuditWithholding[];
  /** For a hit/no-hit lookup: the records it hit (empty: no hit); null when the request made none. */
  hits: string[] | null;
  /** For hit/no-hit lookups: the keys the caller's hit budget was spent on (a digest of the pseudonyms, never an identifier), replayed at start. */
  lookups?: string[];
  /** Records created or changed. */
  wrote: string[];
  /** Codes of errors other than denials (BAD_USER_INPUT, INTERNAL_SERVER_ERROR, …). */
  errors: string[];
  /** For a batch at the secretariat's pseudonym evaluator: how many elements it held (the elements themselves are never logged). */
  elements?: number;
}
