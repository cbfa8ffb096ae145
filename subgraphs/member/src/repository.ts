/**
 * All of a member's Cypher, written once for both store adapters. Every read
 * takes a batch of keys (one round trip per batch, fed by DataLoaders); every
 * write takes a batch of rows, so seeding and mutations share it.
 */
import { decodeList, encodeList, listToken, normaliseDocumentNumber, normaliseText, writeRows, type Params, type Row, type Store, type Transaction, type Visibility } from '@enlace/store';
import { refreshCaseFactColumns, type CaseFactColumns } from './caseFactColumns';
export { reserveSeq, raiseSeq } from '@enlace/store';
import type {
  CaseRecord, CaseRouteRecord, DocumentRecord, InvolvementRecord, PersonRecord, RouteObservationRecord, StoredPerson,
} from './records';
import { birthYearOf, storedBirthYear } from './records';
import { MODUS_OPERANDI_FIELDS, modusOperandiOf, type ModusOperandiField } from './modusOperandi';
import { indexNames, matchNames } from './nameIndex';
import { personSearchText, searchTextCondition, searchWords } from './search';
export { personSearchText, searchWords } from './search';

type Runner = Pick<Transaction, 'run'>;
const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

// ---- decoding -------------------------------------------------------------

function toPerson(r: Row): PersonRecord {
  return {
    id: String(r.id), seq: Number(r.seq), country: String(r.country),
    givenNames: String(r.givenNames ?? ''), familyNames: String(r.familyNames ?? ''),
    aliases: decodeList(r.aliases), sex: str(r.sex), dateOfBirth: str(r.dateOfBirth), ...birthYearOf(r),
    nationalities: decodeList(r.nationalities), flaggedForPartners: Number(r.flaggedForPartners) === 1,
  };
}


/**
 * What is read with persons beside their own columns. `caseFacts`: their cases' categories and
 * handling codes, kept as columns of the person (caseFactColumns.ts), read in the same query;
 * `caseIds`: the ids of their cases too, one more query (a JIT's clause looks at them). Each only
 * when the request's protocol looks at it; default: both.
 */
export interface PersonReadOptions {
  caseFacts?: boolean;
  caseIds?: boolean;
}

/** Everything read with persons: the default wherever a caller does not say. */
export const READ_ALL: PersonReadOptions = { caseFacts: true, caseIds: true };

function toCase(r: Row): CaseRecord {
  return {
    id: String(r.id), seq: Number(r.seq), country: String(r.country), reference: String(r.reference ?? ''),
    offences: decodeList(r.offences), status: String(r.status), openedOn: String(r.openedOn),
    closedOn: str(r.closedOn), summary: String(r.summary ?? ''), handlingCode: String(r.handlingCode),
    handlingConditions: str(r.handlingConditions), sourceReliability: String(r.sourceReliability ?? 'X'),
    informationAccuracy: Number(r.informationAccuracy ?? 4), ...modusOperandiOf(r),
  };
}

function toObservation(r: Row): RouteObservationRecord {
  return {
    id: String(r.id), seq: Number(r.seq), country: String(r.country), routeCode: String(r.routeCode),
    legs: r.legs ? JSON.parse(String(r.legs)) : [], modusOperandi: str(r.modusOperandi),
    activeFrom: str(r.activeFrom), activeTo: str(r.activeTo), ...modusOperandiOf(r),
  };
}

const PERSON_COLUMNS = 'p.id AS id, p.seq AS seq, p.country AS country, p.givenNames AS givenNames, p.familyNames AS familyNames, p.aliases AS aliases, p.sex AS sex, p.dateOfBirth AS dateOfBirth, p.birthYear AS birthYear, p.nationalities AS nationalities, p.flaggedForPartners AS flaggedForPartners';
/** The coded modus operandi's columns of a case or an observation. */
const modusOperandiColumns = (v: string) => MODUS_OPERANDI_FIELDS.map((f) => `${v}.${f} AS ${f}`).join(', ');
const CASE_COLUMNS = `c.id AS id, c.seq AS seq, c.country AS country, c.reference AS reference, c.offences AS offences, c.status AS status, c.openedOn AS openedOn, c.closedOn AS closedOn, c.summary AS summary, c.handlingCode AS handlingCode, c.handlingConditions AS handlingConditions, c.sourceReliability AS sourceReliability, c.informationAccuracy AS informationAccuracy, ${modusOperandiColumns('c')}`;
const OBSERVATION_COLUMNS = `o.id AS id, o.seq AS seq, o.country AS country, o.routeCode AS routeCode, o.legs AS legs, o.modusOperandi AS modusOperandi, o.activeFrom AS activeFrom, o.activeTo AS activeTo, ${modusOperandiColumns('o')}`;

// ---- reads by key (one port lookup each: primary-key seeks, never a scan) ----

const FACT_COLUMNS = `${PERSON_COLUMNS}, p.caseCategories AS caseCategories, p.caseHandling AS caseHandling`;

export async function personsByIds(store: Store, ids: readonly string[], options: PersonReadOptions = READ_ALL): Promise<StoredPerson[]> {
  if (!ids.length) return [];
  const persons = store.lookup({ label: 'Person', as: 'p', keys: ids, then: `RETURN ${options.caseFacts ? FACT_COLUMNS : PERSON_COLUMNS}` });
  if (!options.caseFacts) return (await persons).map(toPerson);
  const [rows, caseIds] = await Promise.all([persons, options.caseIds ? caseIdsByPersonIds(store, ids) : undefined]);
  return rows.map((r) => withFacts(r, caseIds));
}

/**
 * A person with the facts of its cases from its columns (none when they are not filled in: then
 * no clause that looks at them holds, as in the store query), and their case ids when read.
 */
function withFacts(r: Row, caseIds: Map<string, string[]> | undefined): StoredPerson {
  const person: StoredPerson = toPerson(r);
  if (r.caseCategories === null || r.caseCategories === undefined || r.caseHandling === null || r.caseHandling === undefined) return person;
  person.facts = { categories: decodeList(r.caseCategories), handling: decodeList(r.caseHandling), caseIds: caseIds?.get(person.id) ?? [] };
  return person;
}

/**
 * The ids of persons' cases, by key lookup from each person: a separate read rather than an
 * OPTIONAL MATCH with the persons, which Kùzu plans as a join over every involvement (~12 ms a
 * person at 100,000 persons, against ~1 ms for the lookup).
 */
async function caseIdsByPersonIds(store: Store, ids: readonly string[]): Promise<Map<string, string[]>> {
  const byPerson = new Map<string, string[]>();
  for (const f of await store.lookup({ label: 'Person', as: 'p', keys: ids, then: 'MATCH (p)-[:INVOLVED]->(fc:`Case`) RETURN p.id AS personId, fc.id AS caseId' })) {
    const id = String(f.personId);
    (byPerson.get(id) ?? byPerson.set(id, []).get(id)!).push(String(f.caseId));
  }
  return byPerson;
}

export async function casesByIds(store: Store, ids: readonly string[]): Promise<CaseRecord[]> {
  return (await store.lookup({ label: 'Case', as: 'c', keys: ids, then: `RETURN ${CASE_COLUMNS}` })).map(toCase);
}

export async function documentsByPersonIds(store: Store, ids: readonly string[]): Promise<DocumentRecord[]> {
  const rows = await store.lookup({
    label: 'Person', as: 'p', keys: ids,
    then: 'MATCH (p)-[:HOLDS]->(d:Document) RETURN p.id AS personId, d.id AS id, d.type AS type, d.number AS number, d.issuingCountry AS issuingCountry ORDER BY id',
  });
  return rows.map((r) => ({ id: String(r.id), personId: String(r.personId), type: String(r.type), number: String(r.number), issuingCountry: String(r.issuingCountry) }));
}

const INVOLVEMENT_RETURN = 'RETURN p.id AS personId, c.id AS caseId, i.category AS category ORDER BY c.seq, p.seq';
const toInvolvement = (r: Row): InvolvementRecord => ({ personId: String(r.personId), caseId: String(r.caseId), category: String(r.category) });

export async function involvementsByPersonIds(store: Store, ids: readonly string[]): Promise<InvolvementRecord[]> {
  return (await store.lookup({ label: 'Person', as: 'p', keys: ids, then: `MATCH (p)-[i:INVOLVED]->(c:\`Case\`) ${INVOLVEMENT_RETURN}` })).map(toInvolvement);
}

export async function involvementsByCaseIds(store: Store, ids: readonly string[]): Promise<InvolvementRecord[]> {
  return (await store.lookup({ label: 'Case', as: 'c', keys: ids, then: `MATCH (p:Person)-[i:INVOLVED]->(c) ${INVOLVEMENT_RETURN}` })).map(toInvolvement);
}

export async function observationsByCaseIds(store: Store, ids: readonly string[]): Promise<Array<RouteObservationRecord & { caseId: string }>> {
  const rows = await store.lookup({ label: 'Case', as: 'c', keys: ids, then: `MATCH (c)-[:USED]->(o:RouteObservation) RETURN c.id AS caseId, ${OBSERVATION_COLUMNS} ORDER BY o.seq` });
  return rows.map((r) => ({ ...toObservation(r), caseId: String(r.caseId) }));
}

export async function caseIdsByObservationIds(store: Store, ids: readonly string[]): Promise<CaseRouteRecord[]> {
  const rows = await store.lookup({ label: 'RouteObservation', as: 'o', keys: ids, then: 'MATCH (c:`Case`)-[:USED]->(o) RETURN c.id AS caseId, o.id AS observationId ORDER BY c.seq' });
  return rows.map((r) => ({ caseId: String(r.caseId), observationId: String(r.observationId) }));
}

/** Route codes are not keys (every member observes the same routes): a filter on the observations, a small table. */
export async function observationsByRouteCodes(store: Store, codes: readonly string[]): Promise<RouteObservationRecord[]> {
  if (!codes.length) return [];
  return (await store.read(`MATCH (o:RouteObservation) WHERE o.routeCode IN $codes RETURN ${OBSERVATION_COLUMNS} ORDER BY o.seq`, { codes })).map(toObservation);
}

// ---- filtered lists ------------------------------------------------------
// The WHERE clause is assembled from fixed fragments; every value is a parameter.

export interface PersonFilter { name?: string | null; documentNumber?: string | null; nationality?: string | null; category?: string | null }
/** Filters on the coded modus operandi: each dimension equal to the value given. */
export type ModusOperandiFilter = Partial<Record<ModusOperandiField, string | null>>;
export interface CaseFilter extends ModusOperandiFilter { offence?: string | null; status?: string | null; place?: string | null; openedFrom?: string | null; openedTo?: string | null }
export interface RouteFilter extends ModusOperandiFilter { place?: string | null; mode?: string | null; activeFrom?: string | null; activeTo?: string | null }

/** Fragment → parameter value: a fragment takes part when its value is given. */
type Conditions = Array<[fragment: string, param: string, value: unknown]>;

/**
 * The WHERE of a list: the filter's conditions, and those of the sharing protocol (compiled in
 * protocol/where.ts). Kùzu 0.11 reports a parameter used only inside an EXISTS subquery as
 * missing when the WHERE has other parameters: such fragments name theirs outside it as well.
 */
function whereClause(conditions: Conditions, params: Params, visibility?: Visibility, fixed: readonly string[] = []): string {
  const used = conditions.filter(([, , value]) => value !== undefined && value !== null && value !== '');
  for (const [, param, value] of used) params[param] = value;
  const fragments = [...fixed, ...used.map(([fragment]) => fragment)];
  if (visibility?.kind === 'where') {
    Object.assign(params, visibility.params);
    fragments.push(visibility.condition);
  }
  return fragments.length ? ` WHERE ${fragments.join(' AND ')}` : '';
}

const given = <T>(value: T | null | undefined, map: (v: T) => unknown) => (value ? map(value) : null);

/** The conditions of a modus operandi filter on the record variable `v` (parameters `mo_<dimension>`). */
const modusOperandiConditions = (v: string, filter: ModusOperandiFilter): Conditions =>
  MODUS_OPERANDI_FIELDS.map((f) => [`${v}.${f} = $mo_${f}`, `mo_${f}`, filter[f]]);

/** The first persons matching the filter (and, given, the caller's visibility), with their cases' facts unless told otherwise. */
export async function listPersons(
  store: Store, filter: PersonFilter, first: number, visibility?: Visibility, options: PersonListOptions = READ_ALL,
): Promise<StoredPerson[]> {
  if (visibility?.kind === 'none') return [];
  const words = filter.name ? searchWords(filter.name) : [];
  if (filter.name && !words.length) return []; // nothing searchable in it (no letter a-z after normalising)
  const where = personWhere(filter, visibility, options.afterSeq);
  // A document number is all but unique: the store's whole query at once. The first rows are
  // only a page when both reads see one storage order (exactness check below): Kùzu, not Neo4j.
  const firstRows = options.firstRows ?? FIRST_ROWS;
  const early = filter.documentNumber || !store.stableScanOrder ? null : await pageFromFirstRows(store, words, where, first, firstRows, options.caseFacts ? FACT_COLUMNS : PERSON_COLUMNS);
  if (early) {
    if (!options.caseFacts) return early.map(toPerson);
    const caseIds = options.caseIds ? await caseIdsByPersonIds(store, early.map((r) => String(r.id))) : undefined;
    return early.map((r) => withFacts(r, caseIds));
  }
  // The page is chosen on ids alone, then its persons are read by key: sorting whole nodes costs
  // Kùzu several times more (a name with 39,000 hits at 1,000,000 persons: 233 against 98 ms).
  const ids = (await fullPage(store, filter, words, where, first)).map((r) => String(r.id));
  const byId = new Map((await personsByIds(store, ids, options)).map((p) => [p.id, p] as const));
  return ids.map((id) => byId.get(id)).filter((p): p is StoredPerson => !!p);
}

type PersonWhere = (params: Params, fixed: readonly string[]) => string;

/** The WHERE of a person list: the filter's conditions but the name's, the visibility, and the page's start. */
function personWhere(filter: PersonFilter, visibility: Visibility | undefined, afterSeq: number | undefined): PersonWhere {
  return (params, fixed) => whereClause([
    ['d.numberNormalised = $document', 'document', given(filter.documentNumber, normaliseDocumentNumber)],
    ['p.nationalities CONTAINS $nationality', 'nationality', given(filter.nationality, (n) => listToken(n.toUpperCase()))],
    ['$category IS NOT NULL AND EXISTS { MATCH (p)-[i:INVOLVED]->(:`Case`) WHERE i.category = $category }', 'category', filter.category],
    ['p.seq > $afterSeq', 'afterSeq', afterSeq],
  ], params, visibility, fixed);
}

/** How the persons matching a filter are matched: from the name index for a name, joined to their documents for a number. */
function personMatch(filter: PersonFilter, words: readonly string[], params: Params): { match: string; fixed: string[]; documents: boolean } {
  const search = words.length ? matchNames('p', words, params) : null;
  const documents = filter.documentNumber ? '-[:HOLDS]->(d:Document)' : '';
  const match = search ? `${search.cypher}${documents ? ` MATCH (p)${documents}` : ''}` : `MATCH (p:Person)${documents}`;
  return { match, fixed: search?.condition ? [search.condition] : [], documents: !!documents };
}

/**
 * How many persons match the filter and the caller's visibility (the same query as a page's),
 * counting at most `limit`: a count is a read of every match, so it stops there.
 */
export async function countPersons(store: Store, filter: PersonFilter, limit: number, visibility?: Visibility): Promise<number> {
  if (visibility?.kind === 'none') return 0;
  const words = filter.name ? searchWords(filter.name) : [];
  if (filter.name && !words.length) return 0;
  const params: Params = { countLimit: limit };
  const { match, fixed, documents } = personMatch(filter, words, params);
  const conditions = personWhere(filter, visibility, undefined)(params, fixed);
  // Only the documents' join can repeat a person.
  const [row] = await store.read(`${match}${conditions} WITH ${documents ? 'DISTINCT ' : ''}p LIMIT $countLimit RETURN count(p) AS n`, params);
  return Number(row?.n ?? 0);
}

/** The most of the table's first rows a page is looked for among before every match is read. */
const FIRST_ROWS = 20_000;

export interface PersonListOptions extends PersonReadOptions {
  /** The most of the table's first rows a page is looked for among (tests; default 20,000). */
  firstRows?: number;
  /** Only persons recorded after this one (its seq): the next page's start. */
  afterSeq?: number;
}

/**
 * A page of persons found among the table's first rows in storage order, with the
 * filter and the visibility as plain conditions (a name too: its words on the
 * indexed text), or null when that cannot be known to be the page.
 * Persons are stored in the order of their seq (each is given the next one as it
 * is written), so a frequent name or nationality fills a page from the first few
 * hundred rows, where the index or a sort reads every match (21,000 for "quispe" at
 * 1,000,000 persons: 85 ms). A tenth of the rows is tried first, then all of them
 * ("quispe" at 100,000 persons: 2.3 ms of Kùzu's time among 2,000 rows, 11 ms among
 * 20,000; reading the page's persons by key instead costs more). It is exact whatever
 * the order, checked against the lowest seq after those rows (firstRowsFacts):
 * every person after them has a higher seq than the page's last (or there are none).
 * While those rows are stored in the order of their seq, as they are unless records were
 * stored out of turn, the first matches read are the page and Kùzu is spared the sort
 * (about a quarter of the query's CPU on a small member).
 */
async function pageFromFirstRows(store: Store, words: readonly string[], where: PersonWhere, first: number, firstRows: number, columns: string): Promise<Row[] | null> {
  for (const rows of [Math.ceil(firstRows / 10), firstRows]) {
    const params: Params = { first, firstRows: rows };
    const named = words.length ? [searchTextCondition('p', words, params)] : [];
    const at = store.committedWrites;
    const { seqAfter, inSeqOrder } = await firstRowsFacts(store, rows);
    const conditions = where(params, named);
    const read = (sorted: boolean) => store.read(`MATCH (p:Person) WITH p LIMIT $firstRows WITH p${conditions} RETURN ${columns}${sorted ? ' ORDER BY seq' : ''} LIMIT $first`, params, SCAN_ORDER);
    // Unsorted only on a store that counts its writes, while nothing was written since the order was
    // known, with column tests alone (a subquery is a join, which need not keep the scan's order),
    // and only if it reads in seq order.
    const unsorted = inSeqOrder && at !== null && !SUBQUERY.test(conditions);
    let page = await read(!unsorted);
    if (unsorted && (store.committedWrites !== at || !ascendingSeqs(page))) page = await read(true);
    if (seqAfter === null) return page; // those rows are the whole table
    if (page.length === first && Number(page[page.length - 1].seq) < seqAfter) return page;
  }
  return null;
}

const SCAN_ORDER = { scanOrder: true };

/** A subquery in a WHERE (EXISTS { … } or COUNT { … }). */
const SUBQUERY = /\b(EXISTS|COUNT)\s*\{/;

const ascendingSeqs = (rows: readonly Row[]) => rows.every((r, i) => i === 0 || Number(r.seq) > Number(rows[i - 1].seq));

/** What a page read among the table's first rows relies on; both change only with a write. */
interface FirstRowsFacts {
  /** The lowest seq after those rows in storage order (null: no more rows). */
  seqAfter: number | null;
  /** Whether those rows are stored in the order of their seq. */
  inSeqOrder: boolean;
}

/** Per store and number of rows, the facts of its first rows, with the committed writes they were read at. */
const firstRowsFactsKept = new WeakMap<Store, Map<number, { at: number; facts: FirstRowsFacts }>>();

/**
 * The facts of the table's first `rows` rows in storage order. They change only with a write, so
 * they are read again only after one: a read of every row after those (990,000 at 1,000,000
 * persons) saved from each list's page.
 */
async function firstRowsFacts(store: Store, rows: number): Promise<FirstRowsFacts> {
  const at = store.committedWrites;
  let known = firstRowsFactsKept.get(store);
  const kept = known?.get(rows);
  if (at !== null && kept?.at === at) return kept.facts;
  const params = { firstRows: rows };
  const [[after], [order]] = await Promise.all([
    store.read('MATCH (p:Person) WITH p SKIP $firstRows RETURN min(p.seq) AS seq', params, SCAN_ORDER),
    // On one thread, collect() takes the rows as they are read: in storage order.
    store.read('MATCH (p:Person) WITH p LIMIT $firstRows WITH collect(p.seq) AS seqs RETURN seqs = list_sort(seqs) AS inOrder', params, SCAN_ORDER),
  ]);
  const facts = { seqAfter: after?.seq === null || after?.seq === undefined ? null : Number(after.seq), inSeqOrder: order?.inOrder === true };
  // Kept only if no write committed while they were read (they may have read the rows before that write).
  if (at !== null && store.committedWrites === at) {
    if (!known) firstRowsFactsKept.set(store, (known = new Map()));
    known.set(rows, { at, facts });
  }
  return facts;
}

/** The page from every match: a name starts the query at the name index, the other filters and the visibility follow in the same query. */
async function fullPage(store: Store, filter: PersonFilter, words: readonly string[], where: PersonWhere, first: number): Promise<Row[]> {
  const params: Params = { first };
  const { match, fixed, documents } = personMatch(filter, words, params);
  const conditions = where(params, fixed);
  // Only the documents' join can repeat a person.
  return store.read(`${match}${conditions} RETURN ${documents ? 'DISTINCT ' : ''}p.id AS id, p.seq AS seq ORDER BY seq LIMIT $first`, params);
}

const caseWhere = (filter: CaseFilter, params: Params, visibility: Visibility | undefined, afterSeq: number | undefined) => whereClause([
  ['c.offences CONTAINS $offence', 'offence', given(filter.offence, listToken)],
  ['c.status = $status', 'status', filter.status],
  ['c.openedOn >= $openedFrom', 'openedFrom', filter.openedFrom],
  ['c.openedOn <= $openedTo', 'openedTo', filter.openedTo],
  ['$place IS NOT NULL AND EXISTS { MATCH (c)-[:USED]->(o:RouteObservation) WHERE o.places CONTAINS $place }', 'place', given(filter.place, (p) => listToken(normaliseText(p)))],
  ...modusOperandiConditions('c', filter),
  ['c.seq > $afterSeq', 'afterSeq', afterSeq],
], params, visibility);

/** The first cases matching the filter (and, given, the caller's visibility), after the case with seq `afterSeq` when given. */
export async function listCases(store: Store, filter: CaseFilter, first: number, visibility?: Visibility, afterSeq?: number): Promise<CaseRecord[]> {
  if (visibility?.kind === 'none') return [];
  const params: Params = { first };
  const where = caseWhere(filter, params, visibility, afterSeq);
  return (await store.read(`MATCH (c:\`Case\`)${where} RETURN ${CASE_COLUMNS} ORDER BY seq LIMIT $first`, params)).map(toCase);
}

/** How many cases match the filter and the caller's visibility, counting at most `limit`. */
export async function countCases(store: Store, filter: CaseFilter, limit: number, visibility?: Visibility): Promise<number> {
  if (visibility?.kind === 'none') return 0;
  const params: Params = { countLimit: limit };
  const where = caseWhere(filter, params, visibility, undefined);
  const [row] = await store.read(`MATCH (c:\`Case\`)${where} WITH c LIMIT $countLimit RETURN count(c) AS n`, params);
  return Number(row?.n ?? 0);
}

const routeWhere = (filter: RouteFilter, params: Params, afterCode: string | undefined) => whereClause([
  ['o.places CONTAINS $place', 'place', given(filter.place, (p) => listToken(normaliseText(p)))],
  ['o.modes CONTAINS $mode', 'mode', given(filter.mode, listToken)],
  ['(o.activeTo IS NULL OR o.activeTo >= $activeFrom)', 'activeFrom', filter.activeFrom],
  ['o.activeFrom <= $activeTo', 'activeTo', filter.activeTo],
  ...modusOperandiConditions('o', filter),
  ['o.routeCode > $afterCode', 'afterCode', afterCode],
], params);

/** The first route codes (in order) observed as the filter says, after `afterCode` when given. */
export async function listRouteCodes(store: Store, filter: RouteFilter, first: number, afterCode?: string): Promise<string[]> {
  const params: Params = { first };
  const where = routeWhere(filter, params, afterCode);
  return (await store.read(`MATCH (o:RouteObservation)${where} RETURN DISTINCT o.routeCode AS code ORDER BY code LIMIT $first`, params)).map((r) => String(r.code));
}

/** How many route codes are observed as the filter says, counting at most `limit`. */
export async function countRouteCodes(store: Store, filter: RouteFilter, limit: number): Promise<number> {
  const params: Params = { countLimit: limit };
  const where = routeWhere(filter, params, undefined);
  const [row] = await store.read(`MATCH (o:RouteObservation)${where} WITH DISTINCT o.routeCode AS code LIMIT $countLimit RETURN count(code) AS n`, params);
  return Number(row?.n ?? 0);
}

// ---- batched writes (the store's bulk insert: COPY on Kùzu, UNWIND on Neo4j) ----

/** New persons, with their names in the name index (the same transaction). */
/**
 * New persons. `caseFacts`: the columns of those whose involvements are written in the same
 * transaction (batchCaseFactColumns; insertInvolvements is then told so); the others are in no
 * case yet, and insertInvolvements fills them in.
 */
export async function insertPersons(tx: Transaction, persons: readonly PersonRecord[], caseFacts?: ReadonlyMap<string, CaseFactColumns>): Promise<void> {
  const rows = persons.map((p) => ({
    id: p.id, seq: p.seq, country: p.country, givenNames: p.givenNames, familyNames: p.familyNames,
    aliases: encodeList(p.aliases), searchText: personSearchText(p), sex: p.sex, dateOfBirth: p.dateOfBirth,
    nationalities: encodeList(p.nationalities), flaggedForPartners: p.flaggedForPartners ? 1 : 0, birthYear: storedBirthYear(p),
    ...(caseFacts?.get(p.id) ?? { caseCategories: '', caseHandling: '' }),
  }));
  await tx.insertNodes('Person', rows);
  await indexNames(tx, rows);
}

export async function insertDocuments(tx: Transaction, documents: readonly DocumentRecord[]): Promise<void> {
  await tx.insertNodes('Document', documents.map((d) => ({
    id: d.id, type: d.type, number: d.number, numberNormalised: normaliseDocumentNumber(d.number), issuingCountry: d.issuingCountry,
  })));
  await tx.insertRels('HOLDS', documents.map((d) => ({ from: d.personId, to: d.id })));
}

export async function insertCases(tx: Transaction, cases: readonly CaseRecord[]): Promise<void> {
  await tx.insertNodes('Case', cases.map((c) => ({ ...c, offences: encodeList(c.offences) })));
}

/** New involvements; the persons' columns refreshed, but for `settled` ones (written with them by insertPersons in this transaction). */
export async function insertInvolvements(tx: Transaction, involvements: readonly InvolvementRecord[], settled?: ReadonlySet<string>): Promise<void> {
  await tx.insertRels('INVOLVED', involvements.map((i) => ({ from: i.personId, to: i.caseId, category: i.category })));
  await refreshCaseFactColumns(tx, involvements.map((i) => i.personId).filter((id) => !settled?.has(id)));
}

export function observationPlaces(o: Pick<RouteObservationRecord, 'legs'>): string[] {
  const places = new Set<string>();
  for (const leg of o.legs) {
    for (const place of [leg.from, leg.to]) {
      places.add(normaliseText(place.country));
      if (place.locality) places.add(normaliseText(place.locality));
    }
  }
  return [...places];
}

/** An observation's columns as the store holds them, besides its id, number and owner. */
const observationColumns = (o: RouteObservationRecord) => ({
  routeCode: o.routeCode, legs: JSON.stringify(o.legs),
  places: encodeList(observationPlaces(o)), modes: encodeList([...new Set(o.legs.map((l) => l.mode))]),
  modusOperandi: o.modusOperandi, activeFrom: o.activeFrom, activeTo: o.activeTo, ...modusOperandiOf(o),
});

export async function insertObservations(tx: Transaction, observations: readonly RouteObservationRecord[]): Promise<void> {
  await tx.insertNodes('RouteObservation', observations.map((o) => ({ id: o.id, seq: o.seq, country: o.country, ...observationColumns(o) })));
}

/** Rewrites observations' data (not their id or number), with their places and modes. */
export async function updateObservations(tx: Runner, observations: readonly RouteObservationRecord[]): Promise<void> {
  const rows = observations.map((o) => ({ id: o.id, ...observationColumns(o) }));
  const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'id');
  const set = (r: string) => `SET ${columns.map((c) => `o.${c} = ${r}${c}`).join(', ')}`;
  await writeRows(tx, rows, `MATCH (o:RouteObservation) WHERE o.id = $id ${set('$')}`, `UNWIND $rows AS r MATCH (o:RouteObservation {id: r.id}) ${set('r.')}`);
}

/** Removes these case → observation links (the observations stay). */
export async function deleteCaseRoutes(tx: Runner, links: readonly CaseRouteRecord[]): Promise<void> {
  await writeRows(tx, links.map((l) => ({ caseId: l.caseId, observationId: l.observationId })),
    'MATCH (c:`Case`)-[u:USED]->(o:RouteObservation) WHERE c.id = $caseId AND o.id = $observationId DELETE u',
    'UNWIND $rows AS r MATCH (c:`Case` {id: r.caseId})-[u:USED]->(o:RouteObservation {id: r.observationId}) DELETE u');
}

export async function insertCaseRoutes(tx: Transaction, links: readonly CaseRouteRecord[]): Promise<void> {
  await tx.insertRels('USED', links.map((l) => ({ from: l.caseId, to: l.observationId })));
}

/** Which of `ids` exist, inside a write transaction (so checks and writes are atomic). */
export async function existingIds(tx: Runner, label: 'Person' | 'Case' | 'RouteObservation' | 'Account', ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx.run(`MATCH (n:\`${label}\`) WHERE n.id IN $ids RETURN n.id AS id`, { ids });
  return new Set(rows.map((r) => String(r.id)));
}

export async function involvementExists(tx: Runner, personId: string, caseId: string): Promise<boolean> {
  const rows = await tx.run('MATCH (p:Person {id: $personId})-[:INVOLVED]->(c:`Case` {id: $caseId}) RETURN count(*) AS n', { personId, caseId });
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function updateCaseStatus(tx: Runner, caseId: string, status: string, closedOn: string | null): Promise<void> {
  await tx.run('MATCH (c:`Case` {id: $caseId}) SET c.status = $status, c.closedOn = $closedOn', { caseId, status, closedOn });
}

export async function readCase(tx: Runner, id: string): Promise<CaseRecord | null> {
  const rows = await tx.run(`MATCH (c:\`Case\` {id: $id}) RETURN ${CASE_COLUMNS}`, { id });
  return rows[0] ? toCase(rows[0]) : null;
}

// ---- hit/no-hit (appended for the sharing protocol, issue 3) -------------

// ---- the partner flag (issue 11) --------------------------------------------

/** Sets or clears a person's flag for partner networks; false when there is no such person. */
export async function setPartnerFlag(tx: Runner, personId: string, flagged: boolean): Promise<boolean> {
  const rows = await tx.run('MATCH (p:Person {id: $personId}) SET p.flaggedForPartners = $flag RETURN p.id AS id', { personId, flag: flagged ? 1 : 0 });
  return rows.length > 0;
}
