/**
 * The guarded data layer: the only way a member's resolvers read persons and
 * cases. It returns only records the caller may know of — in lists, by id, as
 * federation entities, on either side of an involvement — so a resolver cannot
 * forget the check. Lists compile the protocol's record conditions into the
 * store query (protocol/where.ts) and fill a page in one round trip; every
 * record is then checked again by the request's decisions (protocol/request.ts).
 * A withheld record is indistinguishable from a missing one.
 *
 * A search only matches on what the caller may read: otherwise searching a
 * victim's name would confirm it even with the name itself withheld.
 */
import { isCode, isSeq, ownerOf, today, type IdentifierKind, type PageSource } from '@enlace/platform';
import type { Store } from '@enlace/store';
import { createLoaders, type Loaders } from './loaders';
import * as repo from './repository';
import type { CaseFilter, PersonFilter, RouteFilter } from './repository';
import { personIdsByPseudonyms } from './pseudonymIndex';
import { MODUS_OPERANDI_FIELDS } from './modusOperandi';
import type { AccountRecord, TransferRecord } from './records';
import type { CaseRecord, DocumentRecord, InvolvementRecord, RouteObservationRecord, StoredPerson } from './records';
import type { Subject } from './protocol/model';
import { purposeRequired, type RecordOf, type RequestAuthz } from './protocol/request';
import { visibilityCondition, type Visibility } from './protocol/where';

/** The fields a search filter matches on, per filter key: the caller must be allowed to read them. */
const SEARCHED: Record<Subject, Record<string, string[]>> = {
  Person: {
    name: ['Person.givenNames', 'Person.familyNames', 'Person.aliases'],
    documentNumber: ['Person.documents'],
    nationality: ['Person.nationalities'],
    category: ['Person.involvements'],
  },
  Case: {
    offence: ['Case.offences'],
    status: ['Case.status'],
    openedFrom: ['Case.openedOn'],
    openedTo: ['Case.openedOn'],
    place: ['Case.routes'],
    ...Object.fromEntries(MODUS_OPERANDI_FIELDS.map((f) => [f, [`Case.${f}`]])),
  },
};

export function searchedFields(subject: Subject, filter: object | null | undefined): string[] {
  if (!filter) return [];
  return [...new Set(Object.entries(filter).flatMap(([k, v]) => (v === null || v === undefined || v === '' ? [] : (SEARCHED[subject][k] ?? []))))];
}

const present = <T>(r: T | null | Error | undefined): r is T => !!r && !(r instanceof Error);

export class MemberData {
  private readonly loaders: Loaders;
  /** Whether persons are read with their cases' facts: only when this caller's rules look at them. */
  private readonly personReads: repo.PersonReadOptions;

  constructor(
    private readonly store: Store,
    private readonly country: string,
    /** The request's protocol; null only for a member started without it (benchmarks). */
    private readonly authz: RequestAuthz | null,
  ) {
    this.personReads = { caseFacts: authz?.needsCaseFacts() ?? false, caseIds: authz?.needsCaseIds() ?? false };
    this.loaders = createLoaders(store, this.personReads);
  }

  // ---- persons and cases: only those the caller may know of -------------

  async persons(filter: PersonFilter, first: number): Promise<StoredPerson[]> {
    const searched = searchedFields('Person', filter);
    const found = await repo.listPersons(this.store, filter, first, this.visibility('Person', searched), this.personReads);
    return this.wrote('Person', this.known('Person', found, searched));
  }

  async cases(filter: CaseFilter, first: number): Promise<CaseRecord[]> {
    const searched = searchedFields('Case', filter);
    const found = await repo.listCases(this.store, filter, first, this.visibility('Case', searched));
    return this.wrote('Case', this.known('Case', found, searched));
  }

  /**
   * The persons matching a filter, a page at a time (paging.ts): read by the same
   * query as `persons`, after a person's seq; counted by it too, so that a person
   * the caller may not know of (or not read the searched fields of) is not counted.
   */
  personPages(filter: PersonFilter): PageSource<StoredPerson, StoredPerson, number> {
    const searched = searchedFields('Person', filter);
    const visibility = this.visibility('Person', searched);
    return {
      read: (limit, after) => repo.listPersons(this.store, filter, limit, visibility, { ...this.personReads, afterSeq: after ?? undefined }),
      position: (p) => p.seq,
      isPosition: isSeq,
      deliver: (found) => this.wrote('Person', this.known('Person', found, searched)),
      count: (limit) => repo.countPersons(this.store, filter, limit, visibility),
    };
  }

  casePages(filter: CaseFilter): PageSource<CaseRecord, CaseRecord, number> {
    const searched = searchedFields('Case', filter);
    const visibility = this.visibility('Case', searched);
    return {
      read: (limit, after) => repo.listCases(this.store, filter, limit, visibility, after ?? undefined),
      position: (c) => c.seq,
      isPosition: isSeq,
      deliver: (found) => this.wrote('Case', this.known('Case', found, searched)),
      count: (limit) => repo.countCases(this.store, filter, limit, visibility),
    };
  }

  /** Route codes are shared with every caller (rule public): by code. */
  routePages(filter: RouteFilter): PageSource<string, { code: string }, string> {
    return {
      read: (limit, after) => repo.listRouteCodes(this.store, filter, limit, after ?? undefined),
      position: (code) => code,
      isPosition: isCode,
      deliver: (codes) => codes.map((code) => ({ code })),
      count: (limit) => repo.countRouteCodes(this.store, filter, limit),
    };
  }

  /** A person by id: null when it is not this member's, does not exist, or the caller may not know of it. */
  async person(id: unknown): Promise<StoredPerson | null> {
    return this.one('Person', ownerOf(id) === this.country ? await this.loaders.person.load(String(id)) : null);
  }

  async case(id: unknown): Promise<CaseRecord | null> {
    return this.one('Case', ownerOf(id) === this.country ? await this.loaders.case.load(String(id)) : null);
  }

  /**
   * A record asked for by reference (federation's `_entities`, which is non-null
   * and so cannot be denied as a whole): null when the caller may not know of
   * it, and PURPOSE_REQUIRED for this entry when the request states no purpose.
   */
  // async: a refusal must reject this entry's promise, not throw out of the whole `_entities` list.
  async personEntity(id: unknown): Promise<StoredPerson | null> {
    this.requirePurpose('Person');
    return this.person(id);
  }

  async caseEntity(id: unknown): Promise<CaseRecord | null> {
    this.requirePurpose('Case');
    return this.case(id);
  }

  /** The cases a person is involved in, that the caller may know of. */
  async casesOf(person: { id: string }): Promise<CaseRecord[]> {
    const involvements = await this.loaders.involvementsByPerson.load(person.id);
    const cases = await this.loaders.case.loadMany([...new Set(involvements.map((i) => i.caseId))]);
    return this.known('Case', cases.filter(present));
  }

  /** A person's involvements in the cases the caller may know of. */
  async involvementsOf(person: { id: string }): Promise<InvolvementRecord[]> {
    return this.knownSide(await this.loaders.involvementsByPerson.load(person.id), 'case');
  }

  /** The involvements in a case of the persons the caller may know of. */
  async involvedIn(c: { id: string }): Promise<InvolvementRecord[]> {
    return this.knownSide(await this.loaders.involvementsByCase.load(c.id), 'person');
  }

  /** The two sides of an involvement already filtered by involvementsOf / involvedIn (null if withheld). */
  personOf(i: InvolvementRecord): Promise<StoredPerson | null> {
    return this.person(i.personId);
  }

  caseOf(i: InvolvementRecord): Promise<CaseRecord | null> {
    return this.case(i.caseId);
  }

  /** The cases that used a route observation, that the caller may know of. */
  async casesOnObservation(o: { id: string }): Promise<CaseRecord[]> {
    const links = await this.loaders.caseLinksByObservation.load(o.id);
    const cases = await this.loaders.case.loadMany(links.map((l) => l.caseId));
    return this.known('Case', cases.filter(present));
  }

  // ---- what field rules guard (documents) or the protocol shares with everyone (routes) ----

  documentsOf(person: { id: string }): Promise<DocumentRecord[]> {
    return this.loaders.documentsByPerson.load(person.id);
  }

  observationsOfCase(c: { id: string }): Promise<RouteObservationRecord[]> {
    return this.loaders.observationsByCase.load(c.id);
  }

  observationsOfRoute(code: string): Promise<RouteObservationRecord[]> {
    return this.loaders.observationsByRoute.load(code);
  }

  routeCodes(filter: RouteFilter, first: number): Promise<string[]> {
    return repo.listRouteCodes(this.store, filter, first);
  }

  /** The persons these pseudonyms of `kind` name (pseudonymIndex.ts) that the protocol reports to this caller as hits (its `hits` rule). */
  async hits(kind: IdentifierKind, pseudonyms: readonly string[]): Promise<StoredPerson[]> {
    const persons = (await this.loaders.person.loadMany(await personIdsByPseudonyms(this.store, kind, pseudonyms))).filter(present);
    const authz = this.authz;
    return authz ? persons.filter((p) => authz.allows(authz.protocol.hits, p)) : persons;
  }

  // ---- financial flows: reached through Person.accounts and Case.transfers, whose rules decide first ----

  accountsOf(person: { id: string }): Promise<AccountRecord[]> {
    return this.loaders.accountsByHolder.load(person.id);
  }

  transfersOf(c: { id: string }): Promise<TransferRecord[]> {
    return this.loaders.transfersByCase.load(c.id);
  }

  /**
   * An account's transfers, only those recorded in cases the caller may know of
   * and read the transfers of (Case.transfers' rule): an account reached through
   * one case must not open the transfers of others.
   */
  async transfersOfAccount(account: { id: string }): Promise<TransferRecord[]> {
    const links = await this.loaders.transferLinksByAccount.load(account.id);
    const transfers = (await this.loaders.transfer.loadMany(links.map((l) => l.transferId))).filter(present);
    const authz = this.authz;
    if (!authz || !transfers.length) return transfers;
    const rule = authz.protocol.fieldRules.get('Case.transfers');
    const cases = this.known('Case', (await this.loaders.case.loadMany([...new Set(transfers.map((t) => t.caseId))])).filter(present));
    const readable = new Set(cases.filter((c) => !!rule && authz.allows(rule, c)).map((c) => c.id));
    return transfers.filter((t) => readable.has(t.caseId));
  }

  /** An account at one end of a transfer already delivered (null: none recorded). */
  async accountOf(id: string | null): Promise<AccountRecord | null> {
    return id ? this.loaders.account.load(id) : null;
  }

  /** An account's holder: null when unknown or when the caller may not know of the person. */
  async holderOf(account: AccountRecord): Promise<StoredPerson | null> {
    return account.holderId ? this.person(account.holderId) : null;
  }

  /** Primes the request's loaders with records read or written by this request. */
  wrote<S extends Subject>(kind: S, records: Array<RecordOf<S>>): Array<RecordOf<S>> {
    const loader = (kind === 'Person' ? this.loaders.person : this.loaders.case) as unknown as { prime(id: string, r: RecordOf<S>): void };
    for (const r of records) loader.prime(r.id, r);
    return records;
  }

  // ---- the checks --------------------------------------------------------

  private visibility(subject: Subject, searched: string[]): Visibility | undefined {
    return this.authz ? visibilityCondition(this.authz, subject, searched, today()) : undefined;
  }

  private known<S extends Subject, T extends RecordOf<S>>(subject: S, records: T[], searched: readonly string[] = []): T[] {
    const authz = this.authz;
    if (!authz || !records.length || authz.knowsAll(subject, searched)) return records;
    return records.filter((r) => authz.knows(subject, r, searched));
  }

  private one<S extends Subject, T extends RecordOf<S>>(subject: S, record: T | null): T | null {
    return record && this.known(subject, [record]).length ? record : null;
  }

  private async knownSide(involvements: InvolvementRecord[], side: 'person' | 'case'): Promise<InvolvementRecord[]> {
    // A caller who knows every record of that side (its own member's, say) needs none of them read: an
    // involvement's two ends exist (the store's relationships join two records).
    if (!this.authz || !involvements.length || this.authz.knowsAll(side === 'person' ? 'Person' : 'Case')) return involvements;
    const ids = [...new Set(involvements.map((i) => (side === 'person' ? i.personId : i.caseId)))];
    const known = new Set(
      side === 'person'
        ? this.known('Person', (await this.loaders.person.loadMany(ids)).filter(present)).map((r) => r.id)
        : this.known('Case', (await this.loaders.case.loadMany(ids)).filter(present)).map((r) => r.id),
    );
    return involvements.filter((i) => known.has(side === 'person' ? i.personId : i.caseId));
  }

  private requirePurpose(subject: Subject): void {
    if (this.authz && !this.authz.hasPurpose) throw purposeRequired(this.authz.protocol.visibility[subject], this.authz.protocol.version);
  }
}
