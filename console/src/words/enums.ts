/**
 * The schema's enum values in words, in every language (schema/member.graphql,
 * schema/secretariat.graphql). Each enum the console shows is here in full: the
 * console's build compares these tables with the SDL (words/check.ts, run by
 * vite.config.ts) and fails on a value without words; a value without one of the
 * languages is a type error. The lists the forms offer are read from here too.
 */
import type { Words } from '../lang';

type Table = Readonly<Record<string, Words>>;

export const ENUM_WORDS = {
  Offence: {
    TIP: { en: 'trafficking in persons', es: 'trata de personas', pt: 'tráfico de pessoas' },
    SOM: { en: 'smuggling of migrants', es: 'tráfico ilícito de migrantes', pt: 'contrabando de migrantes' },
    DOCUMENT_FRAUD: { en: 'document fraud', es: 'falsificación de documentos', pt: 'fraude documental' },
    MONEY_LAUNDERING: { en: 'money laundering', es: 'lavado de activos', pt: 'lavagem de dinheiro' },
    ORGANISED_CRIME: { en: 'organised crime', es: 'crimen organizado', pt: 'crime organizado' },
    CORRUPTION: { en: 'corruption', es: 'corrupción', pt: 'corrupção' },
  },
  CaseStatus: {
    INVESTIGATION: { en: 'under investigation', es: 'en investigación', pt: 'em investigação' },
    PROSECUTION: { en: 'charged', es: 'con acusación', pt: 'com denúncia' },
    TRIAL: { en: 'at trial', es: 'en juicio', pt: 'em julgamento' },
    CLOSED: { en: 'closed', es: 'cerrada', pt: 'encerrado' },
  },
  HandlingCode: {
    H0: { en: 'for the stated purpose only', es: 'solo para la finalidad indicada', pt: 'somente para a finalidade declarada' },
    H1: { en: 'not for court without permission', es: 'no utilizable en juicio sin autorización', pt: 'não utilizável em juízo sem autorização' },
    H2: { en: 'no onward sharing', es: 'sin transmisión a terceros', pt: 'sem transmissão a terceiros' },
    H3: { en: 'owner’s conditions', es: 'condiciones del titular', pt: 'condições do titular' },
  },
  PersonCategory: {
    SUSPECT: { en: 'suspect', es: 'sospechoso', pt: 'suspeito' },
    ACCUSED: { en: 'accused', es: 'imputado', pt: 'acusado' },
    CONVICTED: { en: 'convicted', es: 'condenado', pt: 'condenado' },
    VICTIM: { en: 'victim', es: 'víctima', pt: 'vítima' },
    WITNESS: { en: 'witness', es: 'testigo', pt: 'testemunha' },
    SMUGGLED_MIGRANT: { en: 'smuggled migrant', es: 'migrante objeto de tráfico', pt: 'migrante contrabandeado' },
    CONTACT: { en: 'contact', es: 'contacto', pt: 'contato' },
  },
  Sex: {
    FEMALE: { en: 'female', es: 'femenino', pt: 'feminino' },
    MALE: { en: 'male', es: 'masculino', pt: 'masculino' },
    OTHER: { en: 'other', es: 'otro', pt: 'outro' },
    UNKNOWN: { en: 'unknown', es: 'desconocido', pt: 'desconhecido' },
  },
  AgeBand: {
    CHILD_0_11: { en: 'child (0–11)', es: 'niño o niña (0–11)', pt: 'criança (0–11)' },
    MINOR_12_17: { en: 'minor (12–17)', es: 'adolescente (12–17)', pt: 'adolescente (12–17)' },
    ADULT_18_29: { en: 'adult (18–29)', es: 'adulto (18–29)', pt: 'adulto (18–29)' },
    ADULT_30_49: { en: 'adult (30–49)', es: 'adulto (30–49)', pt: 'adulto (30–49)' },
    ADULT_50_PLUS: { en: 'adult (50 or older)', es: 'adulto (50 o más)', pt: 'adulto (50 ou mais)' },
    UNKNOWN: { en: 'age unknown', es: 'edad desconocida', pt: 'idade desconhecida' },
  },
  DocumentType: {
    PASSPORT: { en: 'passport', es: 'pasaporte', pt: 'passaporte' },
    NATIONAL_ID: { en: 'identity card', es: 'documento de identidad', pt: 'carteira de identidade' },
    RESIDENCE_PERMIT: { en: 'residence permit', es: 'permiso de residencia', pt: 'autorização de residência' },
    DRIVING_LICENCE: { en: 'driving licence', es: 'licencia de conducir', pt: 'carteira de motorista' },
    BIRTH_CERTIFICATE: { en: 'birth certificate', es: 'partida de nacimiento', pt: 'certidão de nascimento' },
    OTHER: { en: 'other document', es: 'otro documento', pt: 'outro documento' },
  },
  TransportMode: {
    LAND: { en: 'by land', es: 'terrestre', pt: 'terrestre' },
    SEA: { en: 'by sea', es: 'marítimo', pt: 'marítimo' },
    AIR: { en: 'by air', es: 'aéreo', pt: 'aéreo' },
    RIVER: { en: 'by river', es: 'fluvial', pt: 'fluvial' },
  },
  TransferChannel: {
    BANK: { en: 'bank transfer', es: 'transferencia bancaria', pt: 'transferência bancária' },
    MONEY_REMITTANCE: { en: 'money remittance', es: 'remesa de dinero', pt: 'remessa de dinheiro' },
    CASH_COURIER: { en: 'cash courier', es: 'transporte de efectivo', pt: 'transporte de dinheiro em espécie' },
    MOBILE_MONEY: { en: 'mobile money', es: 'dinero móvil', pt: 'dinheiro móvel' },
    CRYPTO_ASSET: { en: 'crypto-asset', es: 'criptoactivo', pt: 'criptoativo' },
    INFORMAL_VALUE_TRANSFER: { en: 'informal value transfer (hawala)', es: 'transferencia informal de valores (hawala)', pt: 'transferência informal de valores (hawala)' },
  },
  SourceReliability: {
    A: { en: 'reliable', es: 'fiable', pt: 'confiável' },
    B: { en: 'mostly reliable', es: 'generalmente fiable', pt: 'geralmente confiável' },
    C: { en: 'not reliable', es: 'poco fiable', pt: 'pouco confiável' },
    X: { en: 'cannot be judged', es: 'no evaluable', pt: 'não avaliável' },
  },
  LegalBasis: {
    DIRECT_COOPERATION: { en: 'direct cooperation', es: 'cooperación directa', pt: 'cooperação direta' },
    MUTUAL_LEGAL_ASSISTANCE: { en: 'mutual legal assistance', es: 'asistencia jurídica mutua', pt: 'auxílio jurídico mútuo' },
    JIT_AGREEMENT: { en: 'joint investigation team agreement', es: 'acuerdo de equipo conjunto de investigación', pt: 'acordo de equipe conjunta de investigação' },
    OTHER_INSTRUMENT: { en: 'another instrument', es: 'otro instrumento', pt: 'outro instrumento' },
  },
  CooperationUrgency: {
    URGENT: { en: 'urgent', es: 'urgente', pt: 'urgente' },
    NORMAL: { en: 'normal', es: 'normal', pt: 'normal' },
    NON_URGENT: { en: 'not urgent', es: 'no urgente', pt: 'não urgente' },
  },
  CooperationState: {
    FILED: { en: 'filed', es: 'presentada', pt: 'apresentado' },
    AWAITING_OWNER: { en: 'awaiting the owner', es: 'a la espera del titular', pt: 'aguardando o titular' },
    AWAITING_REQUESTER: { en: 'awaiting the requester', es: 'a la espera del solicitante', pt: 'aguardando o solicitante' },
    GRANTED: { en: 'granted', es: 'concedida', pt: 'concedido' },
    PARTLY_GRANTED: { en: 'granted in part', es: 'concedida en parte', pt: 'concedido em parte' },
    REFUSED: { en: 'refused', es: 'denegada', pt: 'recusado' },
    WITHDRAWN: { en: 'withdrawn', es: 'retirada', pt: 'retirado' },
    REVOKED: { en: 'grant revoked', es: 'concesión revocada', pt: 'concessão revogada' },
    EXPIRED: { en: 'grant expired', es: 'concesión vencida', pt: 'concessão expirada' },
    OVERDUE: { en: 'overdue', es: 'plazo vencido', pt: 'prazo vencido' },
  },
  CooperationDecision: {
    GRANT: { en: 'grant', es: 'conceder', pt: 'conceder' },
    PARTIAL: { en: 'grant in part', es: 'conceder en parte', pt: 'conceder em parte' },
    REFUSE: { en: 'refuse', es: 'denegar', pt: 'recusar' },
    ASK_MORE: { en: 'ask for more', es: 'pedir más información', pt: 'pedir mais informações' },
  },
  CooperationRole: {
    REQUESTER: { en: 'as requester', es: 'como solicitante', pt: 'como solicitante' },
    OWNER: { en: 'as owner', es: 'como titular', pt: 'como titular' },
  },
  RecordKind: {
    PERSON: { en: 'person', es: 'persona', pt: 'pessoa' },
    CASE: { en: 'case', es: 'causa', pt: 'caso' },
  },
  AuditDecision: {
    ALLOWED: { en: 'given', es: 'entregado', pt: 'entregue' },
    PARTIAL: { en: 'partly withheld', es: 'reservado en parte', pt: 'reservado em parte' },
    DENIED: { en: 'withheld', es: 'reservado', pt: 'reservado' },
    REFUSED: { en: 'refused', es: 'rechazado', pt: 'recusado' },
    ERROR: { en: 'failed', es: 'con error', pt: 'com erro' },
  },
  JitStatus: {
    PROPOSED: { en: 'proposed', es: 'propuesto', pt: 'proposta' },
    ACTIVE: { en: 'active', es: 'activo', pt: 'ativa' },
    ENDED: { en: 'ended', es: 'finalizado', pt: 'encerrada' },
  },
} as const satisfies Record<string, Table>;

/**
 * Values the API gives as plain strings or numbers, in words too (not checked against
 * the SDL: they are not enums there): information accuracy (Int, 1–4), a request's
 * history steps (CooperationEvent.kind) and why a subject is withheld (SUBJECT_WITHHELD's reason).
 */
export const VALUE_WORDS = {
  InformationAccuracy: {
    1: { en: 'known to be true', es: 'verdad comprobada', pt: 'reconhecida como verdadeira' },
    2: { en: 'known to the source personally', es: 'conocida personalmente por la fuente', pt: 'conhecida pessoalmente pela fonte' },
    3: { en: 'not known personally, corroborated', es: 'no conocida personalmente, corroborada', pt: 'não conhecida pessoalmente, corroborada' },
    4: { en: 'unconfirmed', es: 'no confirmada', pt: 'não confirmada' },
  },
  /** The roles a token names (identity.ts ROLES). */
  Role: {
    prosecutor: { en: 'prosecutor', es: 'fiscal', pt: 'promotor' },
    analyst: { en: 'analyst', es: 'analista', pt: 'analista' },
    auditor: { en: 'auditor', es: 'auditor', pt: 'auditor' },
    secretariat: { en: 'secretariat', es: 'secretaría', pt: 'secretaria' },
    partner: { en: 'partner network', es: 'red asociada', pt: 'rede parceira' },
    service: { en: 'member’s system', es: 'sistema del miembro', pt: 'sistema do membro' },
  },
  HistoryKind: {
    FILED: { en: 'filed', es: 'presentada', pt: 'apresentado' },
    ASK_MORE: { en: 'the owner asked for more', es: 'el titular pidió más información', pt: 'o titular pediu mais informações' },
    ANSWER: { en: 'the requester answered', es: 'el solicitante respondió', pt: 'o solicitante respondeu' },
    DECISION: { en: 'decided', es: 'decidida', pt: 'decidido' },
    WITHDRAWN: { en: 'withdrawn', es: 'retirada', pt: 'retirado' },
    REVOKED: { en: 'grant revoked', es: 'concesión revocada', pt: 'concessão revogada' },
  },
  WithheldReason: {
    undecided: { en: 'not readable until the owner grants it', es: 'no legible hasta que el titular lo conceda', pt: 'não legível até que o titular o conceda' },
    refused: { en: 'withheld: the owner refused the request', es: 'reservado: el titular denegó la solicitud', pt: 'reservado: o titular recusou o pedido' },
    withdrawn: { en: 'withheld: the request was withdrawn', es: 'reservado: la solicitud fue retirada', pt: 'reservado: o pedido foi retirado' },
    revoked: { en: 'withheld again: the grant was revoked', es: 'reservado de nuevo: la concesión fue revocada', pt: 'reservado novamente: a concessão foi revogada' },
    expired: { en: 'withheld again: the grant has expired', es: 'reservado de nuevo: la concesión venció', pt: 'reservado novamente: a concessão expirou' },
    'not-granted': { en: 'withheld: the grant leaves this subject out', es: 'reservado: la concesión no incluye este objeto', pt: 'reservado: a concessão não inclui este objeto' },
  },
} as const satisfies Record<string, Table>;

export type EnumName = keyof typeof ENUM_WORDS;
export type ValueSet = keyof typeof VALUE_WORDS;
export type EnumValue<E extends EnumName> = keyof (typeof ENUM_WORDS)[E] & string;

/** An enum's values in the schema's order (what a form offers). */
export const valuesOf = <E extends EnumName>(name: E): EnumValue<E>[] => Object.keys(ENUM_WORDS[name]) as EnumValue<E>[];
