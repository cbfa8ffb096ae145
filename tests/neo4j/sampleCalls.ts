/**
 * THE table of sample arguments: for every exported function of every module that
 * sends Cypher, how the dialect test (dialect.test.ts) calls it through the Neo4j
 * adapter. A new exported function without an entry here fails that test, which
 * names the module and this file: add an entry under the module's path.
 *
 * An entry says what goes first (`via`) and the rest of the arguments, one list per
 * call; call it several times when its arguments change the Cypher it writes
 * (filters, options, the caller's visibility).
 * - `store`: the store; `reader`: the store's reads as a Runner (`reader(store)`);
 *   `tx`: a write transaction; `none`: nothing (for entries that pass everything).
 * - `sendsNothing`: a pure helper; the test checks it indeed sends no statement.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { memberSdl } from '@enlace/schema';
import { makeId } from '@enlace/platform';
import { compileProtocol, holdingJit, memberStoreSchema, RequestAuthz, searchedFields, visibilityCondition, type GrantInfo, type JitInfo, type Visibility } from '@enlace/member';
import { secretariatStoreSchema } from '@enlace/secretariat';
import type { CaseFilter, PersonFilter, RouteFilter } from '@enlace/member';
import { generateMember, generateSecretariat } from '@enlace/scripts/seed/generate';
import { callers } from '../protocol/oracle';

export type Sample = { via: 'store' | 'reader' | 'tx' | 'none'; args: unknown[][] } | { sendsNothing: true; args: unknown[][] };

const SEED = 42;
const DAY = '2026-11-30';
const OWNER = 'AR';

// ---- sample records: the seed generator's, so they are what production writes ----

const batch = generateMember(OWNER, { persons: 10, seed: SEED, today: DAY }).next().value!;
const [person] = batch.persons;
const [kase] = batch.cases;
const [observation] = batch.observations;
const secretariat = generateSecretariat(['AR', 'CO', 'PE'], SEED);
const jits = secretariat.jits.map((j, i) => ({ ...j, seq: i + 1 }));
const links = secretariat.links.map((l, i) => ({ ...l, seq: i + 1 }));

// ---- the caller's visibility: every condition the protocol compiles into a list's query ----

const protocol = compileProtocol({ country: OWNER, schema: buildSubgraphSchema({ typeDefs: parse(memberSdl()) }) });
const seededJit: JitInfo = { ...secretariat.jits[0], caseIds: new Set(secretariat.jits[0].caseIds) };

const SAMPLE_GRANT: GrantInfo = {
  id: 'XS:G:sample', requestId: 'XS:R:sample', records: new Set([makeId(OWNER, 'P', 2), makeId(OWNER, 'C', 1)]),
  scope: new Set(['person.identity', 'person.profile', 'case.detail']), purpose: 'p', caseRef: 'c', legalBasis: 'DIRECT_COOPERATION', expiresOn: '2999-12-31',
};

/** The distinct visibilities of every kind of caller for a list of `subject` under `filter`. */
function visibilities(subject: 'Person' | 'Case', filter: object): Visibility[] {
  const distinct = new Map<string, Visibility>();
  for (const caller of callers(OWNER, 'CO', 'PE', seededJit.id)) {
    const own = caller.country === OWNER;
    const jit = !own && caller.caseRef === seededJit.id ? holdingJit(seededJit, caller.country, OWNER, DAY) : null;
    // Each caller also as the holder of a cooperation grant on a person and a case (the grantee clauses).
    for (const grants of [[], own ? [] : [SAMPLE_GRANT]]) {
      const authz = new RequestAuthz(protocol, { caller, hasPurpose: true, jit, grants });
      const v = visibilityCondition(authz, subject, searchedFields(subject, filter), DAY);
      if (v.kind !== 'none') distinct.set(JSON.stringify(v), v); // 'none' sends nothing
    }
  }
  return [undefined as unknown as Visibility, ...distinct.values()]; // and no visibility at all (internal reads)
}

const PERSON_FILTERS: PersonFilter[] = [
  {}, { name: 'Quispe' }, { name: 'juan quis' }, { documentNumber: 'AB-123 456' }, { nationality: 'pe' }, { category: 'VICTIM' },
  { name: 'Quispe', documentNumber: 'AB123456', nationality: 'PE', category: 'SUSPECT' },
];
const CASE_FILTERS: CaseFilter[] = [
  {}, { offence: 'TIP' }, { status: 'INVESTIGATION' }, { place: 'Lima' }, { openedFrom: '2024-01-01', openedTo: '2025-01-01' },
  { offence: 'SOM', status: 'CLOSED', place: 'Tacna', openedFrom: '2024-01-01', openedTo: '2025-01-01' },
  { exploitation: 'LABOUR' },
  { exploitation: 'SEXUAL', recruitment: 'SOCIAL_MEDIA', transport: 'LAND', documentFraud: 'FORGED', payment: 'DEBT_BONDAGE', offence: 'TIP', place: 'Lima' },
];
const ROUTE_FILTERS: RouteFilter[] = [
  {}, { place: 'Lima' }, { mode: 'LAND' }, { activeFrom: '2024-01-01', activeTo: '2025-01-01', place: 'Tacna', mode: 'AIR' },
  { exploitation: 'LABOUR', recruitment: 'JOB_ADVERT', transport: 'LAND', documentFraud: 'NONE', payment: 'UPFRONT', place: 'Tacna' },
];

const IDS = ['AR:P:0aa79jf', 'AR:P:1'];

const NOW = `${DAY}T12:00:00.000Z`;
/** A requester is matched on all three: issuer, subject and country (sameCaller). */
const REQUESTER = { issuer: 'https://idp.fiscalia-co.example', subject: 'fiscal-17', country: 'CO' };
const cooperation = {
  id: 'XS:Q:0a1b2c3', seq: 1, state: 'FILED', requester: REQUESTER, owner: 'AR',
  legalBasis: 'DIRECT_COOPERATION', legalInstrument: null, urgency: 'URGENT', filedAt: NOW, deadline: `${DAY}T20:00:00.000Z`, decidedAt: null,
  subjects: [{ given: 'AR:P:0aa79jf', kind: 'PERSON', recordId: 'AR:P:0aa79jf' }], scope: ['person.identity'],
  purpose: 'Investigation of a trafficking network', caseRef: 'CO-2026-17', reason: 'A suspect travelled through Buenos Aires',
  decision: null, decisionReason: null,
  grant: { id: 'g1', scope: ['person.identity'], subjects: ['AR:P:0aa79jf'], expiresOn: '2026-12-30', conditions: null, handlingCode: 'H1', revokedAt: null, revokedBy: null },
  history: [{ at: NOW, by: 'CO', kind: 'FILED', text: null }],
};

// ---- the table, by module path ----

export const SAMPLE_CALLS: Record<string, Record<string, Sample>> = {
  'subgraphs/member/src/repository.ts': {
    personsByIds: { via: 'store', args: [[IDS], [IDS, { caseFacts: false }]] },
    casesByIds: { via: 'store', args: [[IDS]] },
    documentsByPersonIds: { via: 'store', args: [[IDS]] },
    involvementsByPersonIds: { via: 'store', args: [[IDS]] },
    involvementsByCaseIds: { via: 'store', args: [[IDS]] },
    observationsByCaseIds: { via: 'store', args: [[IDS]] },
    caseIdsByObservationIds: { via: 'store', args: [[IDS]] },
    observationsByRouteCodes: { via: 'store', args: [[['RT-0001', 'RT-0002']]] },
    listPersons: {
      via: 'store',
      args: [
        ...PERSON_FILTERS.flatMap((f) => visibilities('Person', f).map((v) => [f, 20, v])),
        [{ name: 'Quispe' }, 20, undefined, { caseFacts: false }],
      ],
    },
    listCases: { via: 'store', args: CASE_FILTERS.flatMap((f) => visibilities('Case', f).map((v) => [f, 20, v])) },
    listRouteCodes: { via: 'store', args: ROUTE_FILTERS.map((f) => [f, 20]) },
    countPersons: { via: 'store', args: PERSON_FILTERS.flatMap((f) => visibilities('Person', f).map((v) => [f, 1000, v])) },
    countCases: { via: 'store', args: CASE_FILTERS.flatMap((f) => visibilities('Case', f).map((v) => [f, 1000, v])) },
    countRouteCodes: { via: 'store', args: ROUTE_FILTERS.map((f) => [f, 1000]) },
    updateObservations: { via: 'tx', args: [[batch.observations]] },
    deleteCaseRoutes: { via: 'tx', args: [[batch.caseRoutes], [batch.caseRoutes.slice(0, 1)]] },
    insertPersons: { via: 'tx', args: [[batch.persons]] },
    insertDocuments: { via: 'tx', args: [[batch.documents]] },
    insertCases: { via: 'tx', args: [[batch.cases]] },
    insertInvolvements: { via: 'tx', args: [[batch.involvements]] },
    insertObservations: { via: 'tx', args: [[batch.observations]] },
    insertCaseRoutes: { via: 'tx', args: [[batch.caseRoutes]] },
    existingIds: { via: 'tx', args: [['Person', IDS], ['Case', IDS], ['RouteObservation', IDS], ['Account', IDS]] },
    setPartnerFlag: { via: 'tx', args: [[person.id, true], [person.id, false]] },
    involvementExists: { via: 'tx', args: [[person.id, kase.id]] },
    updateCaseStatus: { via: 'tx', args: [[kase.id, 'CLOSED', '2026-11-30'], [kase.id, 'INVESTIGATION', null]] },
    readCase: { via: 'tx', args: [[kase.id]] },
    reserveSeq: { via: 'tx', args: [['P', 3]] },
    raiseSeq: { via: 'tx', args: [['P', 300]] },
    personSearchText: { sendsNothing: true, args: [[person]] },
    searchWords: { sendsNothing: true, args: [['Quíspe Huamán']] },
    observationPlaces: { sendsNothing: true, args: [[observation]] },
  },
  'subgraphs/member/src/nameIndex.ts': {
    indexNames: { via: 'tx', args: [[[{ id: person.id, searchText: 'juan quispe' }]], [batch.persons.map((p) => ({ id: p.id, searchText: 'ana maria quispe huaman mamani flores condori lopez perez rojas torres diaz ruiz vega soto cruz' }))]] },
    reindexNames: { via: 'tx', args: [[[{ id: person.id, searchText: 'juan quispe' }]], [Array.from({ length: 20 }, (_, i) => ({ id: makeId(OWNER, 'P', i + 1), searchText: 'ana' }))]] },
    matchNames: { sendsNothing: true, args: [['p', ['quisp', 'juan'], {}]] },
    ensureNameIndex: { via: 'store', args: [[]] },
    prepareMemberStore: { via: 'store', args: [[]] },
    nameIndexProblems: { via: 'store', args: [[]] },
    repairNameIndex: { via: 'store', args: [[IDS]] },
  },
  'subgraphs/member/src/pseudonymIndex/repository.ts': {
    pseudonymsDue: { via: 'tx', args: [[[person.id]], [Array.from({ length: 20 }, (_, i) => makeId(OWNER, 'P', i + 1))]] },
    accountHoldersDue: { via: 'tx', args: [[batch.accounts.map((a) => a.id)]] },
    personIdsByPseudonyms: { via: 'store', args: [['document', ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']], ['name', Array.from({ length: 8 }, (_, i) => `N${i}`)]] },
    identifiersOf: { via: 'tx', args: [[IDS]] },
    sameInputs: { sendsNothing: true, args: [[[{ input: 'a' }], [{ input: 'a' }]]] },
    writeEntries: { via: 'tx', args: [[new Map([[person.id, [{ kind: 'document', value: 'P1' }, { kind: 'name', value: 'P2' }]]]), 'key-1'], [new Map(Array.from({ length: 20 }, (_, i) => [makeId(OWNER, 'P', i + 1), [{ kind: 'name', value: `N${i}` }]])), 'key-1']] },
    countDue: { via: 'store', args: [['key-1']] },
    dueIds: { via: 'store', args: [['key-1', 500]] },
  },
  'subgraphs/member/src/caseFactColumns.ts': {
    refreshCaseFactColumns: { via: 'tx', args: [[[person.id]], [Array.from({ length: 20 }, (_, i) => makeId(OWNER, 'P', i + 1))]] },
    personsOfCases: { via: 'tx', args: [[[kase.id]], [Array.from({ length: 20 }, (_, i) => makeId(OWNER, 'C', i + 1))]] },
    refreshCaseFactColumnsOfCases: { via: 'tx', args: [[[kase.id]]] },
    ensureCaseFactColumns: { via: 'store', args: [[]] },
    batchCaseFactColumns: { sendsNothing: true, args: [[batch.persons.map((p) => p.id), batch.involvements, new Map(batch.cases.map((c) => [c.id, c.handlingCode]))]] },
  },
  'subgraphs/member/src/finance/repository.ts': {
    normaliseAccountIdentifier: { sendsNothing: true, args: [['ES91 2100-0418']] },
    accountsByIds: { via: 'store', args: [[batch.accounts.map((a) => a.id)]] },
    accountsByHolderIds: { via: 'store', args: [[IDS]] },
    transfersByIds: { via: 'store', args: [[batch.transfers.map((t) => t.id)]] },
    transfersByCaseIds: { via: 'store', args: [[IDS]] },
    transferIdsByAccountIds: { via: 'store', args: [[batch.accounts.map((a) => a.id)]] },
    insertAccounts: { via: 'tx', args: [[batch.accounts]] },
    insertTransfers: { via: 'tx', args: [[batch.transfers]] },
    updateAccounts: { via: 'tx', args: [[batch.accounts]] },
    holdersOf: { via: 'tx', args: [[batch.accounts.map((a) => a.id)]] },
    replaceHolders: { via: 'tx', args: [[batch.accounts.map((a) => ({ accountId: a.id, personId: person.id }))], [[{ accountId: batch.accounts[0].id, personId: person.id }]]] },
    updateTransfers: { via: 'tx', args: [[batch.transfers]] },
  },
  'subgraphs/member/src/statistics/repository.ts': {
    readFacts: { via: 'store', args: [[]] },
  },
  'subgraphs/member/src/upkeep/repository.ts': {
    personReferenceKey: { sendsNothing: true, args: [['AR-P-100616']] },
    caseReferenceKey: { sendsNothing: true, args: [['FIS-AR-2024-00001']] },
    nationalReferences: { via: 'tx', args: [[['P:AR-P-100616', 'C:FIS-AR-2024-00001']]] },
    insertNationalReferences: { via: 'tx', args: [[[{ key: 'P:AR-P-100616', record: person.id, hash: 'h' }]]] },
    setNationalReferenceHashes: { via: 'tx', args: [[[{ key: 'P:AR-P-100616', record: person.id, hash: 'h2' }]]] },
    updatePersons: { via: 'tx', args: [[batch.persons]] },
    replaceDocuments: { via: 'tx', args: [[[person.id], batch.documents.filter((d) => d.personId === person.id)]] },
    updateCases: { via: 'tx', args: [[batch.cases]] },
    updateCaseHandling: { via: 'tx', args: [[kase.id, { status: 'CLOSED', closedOn: DAY, handlingCode: 'H3', handlingConditions: 'c' }]] },
    updateCasesModusOperandi: { via: 'tx', args: [[[{ id: kase.id, recruitment: 'ONLINE', transport: null, documentFraud: 'FORGED', payment: null, exploitation: 'LABOUR' }]]] },
    involvementsBetween: { via: 'tx', args: [[batch.involvements]] },
    allNationalReferences: { via: 'tx', args: [[]] },
    allInvolvementCategories: { via: 'tx', args: [[]] },
    setInvolvementCategories: { via: 'tx', args: [[batch.involvements]] },
    readPerson: { via: 'tx', args: [[person.id]] },
    erasePerson: { via: 'tx', args: [[person.id]] },
    eraseCase: { via: 'tx', args: [[kase.id]] },
  },
  'subgraphs/secretariat/src/repository.ts': {
    listMemberStates: { via: 'reader', args: [[]] },
    listJits: {
      via: 'reader',
      args: [[{ all: true }, {}], [{ party: 'AR' }, { country: 'CO', status: 'ACTIVE' }], [null, {}]],
    },
    jitsByIds: { via: 'store', args: [[[jits[0].id]]] },
    jitById: { via: 'tx', args: [[jits[0].id]] },
    linksByPersonIds: { via: 'reader', args: [[IDS, 'CONFIRMED']] },
    linkById: { via: 'tx', args: [[links[0].id]] },
    linksWithStatus: { via: 'reader', args: [[{ all: true }, 'PROPOSED', 20], [{ party: 'PE' }, 'CONFIRMED', 20]] },
    linkBetween: { via: 'tx', args: [[links[0].leftId, links[0].rightId]] },
    upsertMemberStates: { via: 'tx', args: [[secretariat.members]] },
    insertJits: { via: 'tx', args: [[jits]] },
    updateJit: { via: 'tx', args: [[{ ...jits[0], status: 'ENDED', endedOn: DAY }]] },
    insertLinks: { via: 'tx', args: [[links]] },
    confirmLink: { via: 'tx', args: [[links[0].id, 'CO', DAY]] },
    isEmpty: { via: 'store', args: [[]] },
    reserveSeq: { via: 'tx', args: [['J', 1]] },
    raiseSeq: { via: 'tx', args: [['L', 7]] },
    reader: { sendsNothing: true, args: [[{ read: async () => [] }]] },
  },
  'subgraphs/secretariat/src/cooperation/repository.ts': {
    insertRequests: { via: 'tx', args: [[[cooperation]]] },
    requestById: { via: 'reader', args: [[cooperation.id]] },
    updateRequest: {
      via: 'tx',
      args: [[cooperation, { ...cooperation, state: 'GRANTED', decision: 'GRANT', decidedAt: DAY, history: [...cooperation.history, { at: NOW, by: 'AR', kind: 'DECISION', text: 'GRANT' }] }]],
    },
    moveLegacyHistories: { via: 'store', args: [[]] },
    listRequests: {
      via: 'reader',
      args: [
        ...[{ all: true }, { owner: 'AR' }, { requester: REQUESTER }, { owner: 'AR', requester: REQUESTER }, {}, null].map((scope) => [{ scope, now: NOW, today: DAY, limit: 20 }]),
        ...['OVERDUE', 'EXPIRED', 'FILED', 'GRANTED', 'REFUSED'].map((state) => [{ scope: { all: true }, state, now: NOW, today: DAY, limit: 20 }]),
        [{ scope: { owner: 'AR' }, overdue: true, now: NOW, today: DAY, limit: 20 }],
        [{ scope: { owner: 'AR' }, overdue: false, state: 'AWAITING_OWNER', now: NOW, today: DAY, limit: 20 }],
      ],
    },
    grantedRequests: { via: 'reader', args: [['AR', REQUESTER, DAY]] },
    allRequests: { via: 'reader', args: [[]] },
    awaitingOwner: { via: 'reader', args: [['AR', 1000]] },
    inboxSeenAt: { via: 'reader', args: [[REQUESTER]] },
    markInboxSeen: { via: 'tx', args: [[REQUESTER, NOW]] },
  },
  'subgraphs/secretariat/src/prepareStore.ts': {
    prepareSecretariatStore: { via: 'store', args: [[]] },
  },
  'scripts/src/store/check.ts': {
    checkStore: { via: 'store', args: [['member', memberStoreSchema], ['secretariat', secretariatStoreSchema]] },
  },
  'subgraphs/secretariat/src/seed.ts': {
    seedSecretariat: { via: 'store', args: [[secretariat]] },
  },
  'scripts/src/seed/load.ts': {
    isEmpty: { via: 'store', args: [[]] },
    seedMember: { via: 'store', args: [[OWNER, { persons: 10, seed: SEED, today: DAY }]] },
  },
};
