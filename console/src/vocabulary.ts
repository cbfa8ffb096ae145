/** The schema's enums the forms offer (schema/supergraph.graphql). */
export const OFFENCES = ['TIP', 'SOM', 'DOCUMENT_FRAUD', 'MONEY_LAUNDERING', 'ORGANISED_CRIME', 'CORRUPTION'] as const;
export const CASE_STATUSES = ['INVESTIGATION', 'PROSECUTION', 'TRIAL', 'CLOSED'] as const;
export const CATEGORIES = ['SUSPECT', 'ACCUSED', 'CONVICTED', 'VICTIM', 'WITNESS', 'SMUGGLED_MIGRANT', 'CONTACT'] as const;
export const TRANSPORT_MODES = ['LAND', 'SEA', 'AIR', 'RIVER'] as const;
export const DOCUMENT_TYPES = ['PASSPORT', 'NATIONAL_ID', 'RESIDENCE_PERMIT', 'DRIVING_LICENCE', 'BIRTH_CERTIFICATE', 'OTHER'] as const;
export const COOPERATION_STATES = ['FILED', 'AWAITING_OWNER', 'AWAITING_REQUESTER', 'GRANTED', 'PARTLY_GRANTED', 'REFUSED', 'WITHDRAWN', 'REVOKED', 'EXPIRED', 'OVERDUE'] as const;
export const LEGAL_BASES = ['DIRECT_COOPERATION', 'MUTUAL_LEGAL_ASSISTANCE', 'JIT_AGREEMENT', 'OTHER_INSTRUMENT'] as const;
export const URGENCIES = ['URGENT', 'NORMAL', 'NON_URGENT'] as const;
export const DECISIONS = ['GRANT', 'PARTIAL', 'REFUSE', 'ASK_MORE'] as const;
/** The protocol rules a grant can open (those with a `grantee` clause in schema/protocol/v1.json). */
export const GRANTABLE_RULES = ['person.identity', 'person.documents', 'person.profile', 'person.involvements', 'case.detail', 'case.assessment', 'case.involved', 'case.routes'] as const;
/** What each handling code means (HandlingCode in the schema). */
export const HANDLING: Record<string, { en: string; es: string }> = {
  H0: { en: 'for the stated purpose only', es: 'solo para la finalidad indicada' },
  H1: { en: 'not for court without permission', es: 'no utilizable en juicio sin autorización' },
  H2: { en: 'no onward sharing', es: 'sin transmisión a terceros' },
  H3: { en: 'owner’s conditions', es: 'condiciones del titular' },
};
export const RELIABILITY: Record<string, { en: string; es: string }> = {
  A: { en: 'reliable', es: 'fiable' },
  B: { en: 'mostly reliable', es: 'generalmente fiable' },
  C: { en: 'not reliable', es: 'poco fiable' },
  X: { en: 'cannot be judged', es: 'no evaluable' },
};
export const ACCURACY: Record<number, { en: string; es: string }> = {
  1: { en: 'known to be true', es: 'verdad comprobada' },
  2: { en: 'known to the source personally', es: 'conocida personalmente por la fuente' },
  3: { en: 'not known personally, corroborated', es: 'no conocida personalmente, corroborada' },
  4: { en: 'unconfirmed', es: 'no confirmada' },
};
