/**
 * What the harness's writers and readers do, through the gateway, as the
 * network's users would.
 *
 * Writers (each its own prosecutor, whose requests are ordered): rename persons
 * and change cases (status, handling code and conditions) of their own country;
 * as a requester (CO by default) find a record of the owner (AR) by hit/no-hit
 * and file a cooperation request on the reference; as the owner's prosecutor
 * decide those requests (grant or refuse) and revoke grants (either side). Every
 * write goes into the ledger. Each person and case belongs to one writer, and
 * each writer decides and revokes only its own requests, so nothing a writer does
 * is refused because of another writer.
 *
 * Readers (each its own caller, of the countries in turn): name searches across
 * the network, persons and cases by id, hit/no-hit by document, cooperation
 * inboxes.
 */
import { documentIdentifier, type Role } from '@enlace/platform';
import { Random } from '../seed/random';
import { callerOf, Client, isAcceptable, type Caller, type Outcome } from './client';
import { Ledger } from './ledger';
import type { NetworkHandle } from './network';
import type { Stats } from './stats';

/** What the load exercises: the members' records, the secretariat's cooperation workflow, or both. */
export type Target = 'member' | 'secretariat' | 'both';
export const TARGETS: readonly Target[] = ['member', 'secretariat', 'both'];

export const PURPOSE = 'Investigation of a trafficking network';
const FAILURE_PAUSE_MS = 200;

export interface WorkloadOptions {
  writers: number;
  readers: number;
  target: Target;
  /** Whose records writers change, in turn (default: every member). */
  writerCountries: string[];
  /** Cooperation: who asks, and who owns the records asked for. */
  requester: string;
  owner: string;
  writerRole: Role;
  readerRole: Role;
  /** A pause between one request of a worker and its next (0: closed loop). */
  thinkMs: number;
  seed: number;
}

export interface PersonFixture {
  id: string;
  country: string;
  givenNames?: string;
  familyNames: string;
  dateOfBirth?: string | null;
  sex?: string | null;
  documents: Array<{ number: string; issuingCountry: string }>;
}

export interface Fixtures {
  persons: Map<string, PersonFixture[]>;
  cases: Map<string, string[]>;
  /** One person per country kept out of the writers' share, for the checks' rename probe. */
  probes: Map<string, PersonFixture>;
}

const UPDATE_PERSON = 'mutation SoakRename($id: ID!, $i: PersonUpdateInput!) { updatePerson(personId: $id, input: $i) { id familyNames } }';
const UPDATE_CASE = 'mutation SoakCase($id: ID!, $i: CaseUpdateInput!) { updateCase(caseId: $id, input: $i) { id status handlingCode handlingConditions } }';
const HIT = 'query SoakHit($p: String!) { documentHits(pseudonym: $p) { country hit reference } }';
const FILE = 'mutation SoakFile($i: CooperationRequestInput!) { requestCooperation(input: $i) { id state } }';
const DECIDE = 'mutation SoakDecide($id: ID!, $d: CooperationDecision!, $g: CooperationGrantInput, $r: String) { decideCooperationRequest(id: $id, decision: $d, grant: $g, reason: $r) { id state } }';
const REVOKE = 'mutation SoakRevoke($id: ID!) { revokeGrant(id: $id, reason: "No longer needed by the investigation") { id state } }';
const SEARCH = 'query SoakSearch($n: String!) { persons(filter: {name: $n}, first: 10) { id country fullName } }';
const PERSON = 'query SoakPerson($id: ID!) { person(id: $id) { id country fullName nationalities cases { id status } } }';
const CASE = 'query SoakCaseRead($id: ID!) { case(id: $id) { id status handlingCode offences involved { category person { id } } } }';
const INBOX = 'query SoakInbox($r: CooperationRole) { cooperationRequests(filter: {role: $r}) { id state owner requesterCountry deadline } }';

const SURNAMES = ['Quispe', 'Mamani', 'Rodríguez', 'Gómez', 'Fernández', 'López', 'Díaz', 'Martínez', 'Pérez', 'García', 'Sánchez', 'Romero', 'Sosa', 'Torres', 'Ramírez', 'Flores', 'Benítez', 'Acosta', 'Medina', 'Herrera'];

/** A letters-only word (name search matches words): n in base 26, a…z. */
export function letters(n: number, width = 1): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s.padStart(width, 'a');
}

/** The shared state of a run: client, figures, ledger, the records known, names written lately. */
export class Context {
  readonly recentNames: string[] = [];
  private readonly pseudonyms = new Map<string, string>();

  /** A document's pseudonym, as a requester's blinded round trip gets it (computed with the development key, once per document). */
  pseudonymOf(doc: { number: string; issuingCountry: string }): string {
    const input = documentIdentifier(doc.issuingCountry, doc.number);
    if (!this.net.prfKey) throw new Error('no pseudonym key (prf.key) beside the development keys: hit/no-hit needs it');
    let p = this.pseudonyms.get(input);
    if (!p) this.pseudonyms.set(input, (p = this.net.prfKey.pseudonym(input)));
    return p;
  }

  /** Two letters for this run: names it writes are unique even on a network that ran the harness before. */
  readonly runTag: string;

  constructor(
    readonly net: NetworkHandle,
    readonly client: Client,
    readonly stats: Stats,
    readonly ledger: Ledger,
    readonly fixtures: Fixtures,
    readonly options: WorkloadOptions,
    /** A prosecutor per country: reads back what was written. */
    readonly checkers: Map<string, Caller>,
  ) {
    this.runTag = letters(Date.now() % 676, 2);
  }

  async call(kind: string, caller: Caller, query: string, variables: Record<string, unknown>): Promise<Outcome> {
    const o = await this.client.call(kind, caller, query, variables);
    this.stats.record(o);
    // As a client would, a worker waits a little after a failure: one that failed at once (a process down) is not sent again in a tight loop.
    if (o.codes.some((c) => !isAcceptable(c))) await new Promise((r) => setTimeout(r, FAILURE_PAUSE_MS));
    return o;
  }

  remember(name: string): void {
    this.recentNames.push(name);
    if (this.recentNames.length > 200) this.recentNames.shift();
  }
}

const prosecutor = (country: string, subject: string, role: Role, caseRef: string) => ({ country, role, subject, purpose: PURPOSE, caseRef });

/** The records of each country, as its own prosecutor lists them (ids sorted, so every run shares them out alike). */
export async function discover(client: Client, checkers: Map<string, Caller>, countries: string[]): Promise<Fixtures> {
  const persons = new Map<string, PersonFixture[]>();
  const cases = new Map<string, string[]>();
  const probes = new Map<string, PersonFixture>();
  for (const country of countries) {
    const who = checkers.get(country)!;
    const p = await client.call('discover', who, `query SoakDiscover($c: [String!]) { persons(countries: $c, first: 500) { id givenNames familyNames dateOfBirth sex documents { number issuingCountry } } cases(countries: $c, first: 500) { id } }`, { c: [country] });
    if (!p.data?.persons || !p.data?.cases) throw new Error(`cannot list ${country}'s records: ${p.codes.join(', ')} ${p.messages[0] ?? ''}`);
    const list = (p.data.persons as Array<Omit<PersonFixture, 'country'>>).map((x) => ({ ...x, country })).sort((a, b) => a.id.localeCompare(b.id));
    if (list.length < 2) throw new Error(`${country} holds ${list.length} persons: too few to share out`);
    probes.set(country, list.pop()!);
    persons.set(country, list);
    cases.set(country, (p.data.cases as Array<{ id: string }>).map((c) => c.id).sort());
  }
  return { persons, cases, probes };
}

/** The prosecutors who read back what was written, one per country (and the owner of cooperation requests). */
export async function checkersFor(net: NetworkHandle): Promise<Map<string, Caller>> {
  const out = new Map<string, Caller>();
  for (const c of net.countries) out.set(c, await callerOf(net.issuer, prosecutor(c, `soak-checker@${c.toLowerCase()}`, 'prosecutor', `SOAK-CHECK-${c}`)));
  return out;
}

/** How a write came out: acknowledged when the answer shows what was written, refused when an acceptable refusal says nothing was. */
function outcomeOf(o: Outcome, acknowledged: boolean): 'acked' | 'refused' | 'in-doubt' {
  if (acknowledged) return 'acked';
  if (o.codes.length && o.codes.every(isAcceptable)) return 'refused';
  return 'in-doubt';
}

interface Actor {
  step(): Promise<void>;
}

export class Writer implements Actor {
  private readonly rng: Random;
  private counter = 0;
  /** This writer's requests, by what it knows of their state; a request in doubt is left alone. */
  private readonly requests = new Map<string, 'FILED' | 'GRANTED'>();

  constructor(
    private readonly ctx: Context,
    readonly index: number,
    private readonly desk: Caller,
    private readonly requester: Caller,
    private readonly ownerDesk: Caller,
    private readonly persons: PersonFixture[],
    private readonly cases: string[],
    /** Documents of the owner's persons this writer looks up (few: the hit budget counts distinct numbers). */
    private readonly documents: Array<{ number: string; issuingCountry: string }>,
  ) {
    this.rng = new Random(ctx.options.seed * 1000 + index);
  }

  async step(): Promise<void> {
    const member = this.ctx.options.target !== 'secretariat' && (this.persons.length || this.cases.length);
    const coop = this.ctx.options.target !== 'member' && this.documents.length;
    const filed = [...this.requests].filter(([, s]) => s === 'FILED').map(([id]) => id);
    const granted = [...this.requests].filter(([, s]) => s === 'GRANTED').map(([id]) => id);
    const choices: Array<[string, number]> = [
      ['rename', member && this.persons.length ? 25 : 0],
      ['case', member && this.cases.length ? 25 : 0],
      // Requests are filed while few await a decision, so that decisions keep up.
      ['file', coop ? (filed.length < 4 ? 20 : 2) : 0],
      ['decide', coop && filed.length ? 17 : 0],
      ['revoke', coop && granted.length ? 13 : 0],
    ];
    if (!choices.some(([, w]) => w > 0)) {
      await new Promise((r) => setTimeout(r, 1000)); // nothing this writer may do for this target
      return;
    }
    const op = this.rng.weighted(choices);
    if (op === 'rename') await this.rename(this.rng.pick(this.persons));
    else if (op === 'case') await this.updateCase(this.rng.pick(this.cases));
    else if (op === 'file') await this.file();
    else if (op === 'decide') await this.decide(this.rng.pick(filed));
    else if (op === 'revoke') await this.revoke(this.rng.pick(granted));
  }

  /** A word no other write of this run uses: run, writer, counter. */
  private tag(): string {
    return `Sk${this.ctx.runTag}${letters(this.index, 2)}${letters(this.counter++)}`;
  }

  async rename(person: PersonFixture): Promise<boolean> {
    const tag = this.tag();
    const value = { familyNames: `${this.rng.pick(SURNAMES)} ${tag[0].toUpperCase()}${tag.slice(1)}` };
    const w = this.ctx.ledger.begin('person', person.id, person.country, value);
    const o = await this.ctx.call('rename', this.desk, UPDATE_PERSON, { id: person.id, i: value });
    const acked = o.data?.updatePerson?.familyNames === value.familyNames;
    this.ctx.ledger.settle(w, outcomeOf(o, acked));
    if (acked) this.ctx.remember(tag);
    return acked;
  }

  async updateCase(id: string): Promise<void> {
    const status = this.rng.pick(['INVESTIGATION', 'PROSECUTION', 'TRIAL']);
    const value = this.rng.chance(0.75)
      ? { status, handlingCode: 'H3', handlingConditions: `Consultar a la fiscalía antes de todo uso judicial (${this.tag()})` }
      : { status, handlingCode: this.rng.pick(['H0', 'H1', 'H2']), handlingConditions: null };
    const w = this.ctx.ledger.begin('case', id, this.desk.country, value);
    const o = await this.ctx.call('updateCase', this.desk, UPDATE_CASE, { id, i: value });
    const got = o.data?.updateCase;
    const acked = !!got && got.status === value.status && got.handlingCode === value.handlingCode && (got.handlingConditions ?? null) === value.handlingConditions;
    this.ctx.ledger.settle(w, outcomeOf(o, acked));
  }

  /** Step one (hit/no-hit on a document of the owner's) and step two (the request on the reference). */
  async file(): Promise<void> {
    const { owner } = this.ctx.options;
    const doc = this.rng.pick(this.documents);
    const hit = await this.ctx.client.call('hit (writer)', this.requester, HIT, { p: this.ctx.pseudonymOf(doc) });
    const reference = (hit.data?.documentHits as Array<{ country: string; hit: boolean; reference: string | null }> | undefined)
      ?.find((h) => h.country === owner && h.hit)?.reference;
    // No hit on a document the owner holds, and no error saying why: the answer is wrong.
    this.ctx.stats.record(reference || hit.codes.length ? hit : { ...hit, codes: ['NO_HIT'], messages: [`${owner} gave no hit on a document it holds`], paths: [null] });
    if (!reference) return;
    const o = await this.ctx.call('requestCooperation', this.requester, FILE, {
      i: {
        owner, subjects: [reference], scope: ['person.identity'], purpose: PURPOSE, caseRef: this.requester.caseRef,
        legalBasis: 'DIRECT_COOPERATION', urgency: this.rng.pick(['URGENT', 'NORMAL', 'NON_URGENT']), reason: 'The person may identify the recruiters of the network.',
      },
    });
    const filed = o.data?.requestCooperation;
    if (filed?.id && filed.state === 'FILED') {
      this.ctx.ledger.created('request', filed.id, owner, { state: 'FILED' });
      this.requests.set(filed.id, 'FILED');
    }
  }

  async decide(id: string): Promise<void> {
    const grant = this.rng.chance(0.7);
    const expected = grant ? 'GRANTED' : 'REFUSED';
    const w = this.ctx.ledger.begin('request', id, this.ctx.options.owner, { state: expected });
    const o = await this.ctx.call('decide', this.ownerDesk, DECIDE, grant
      ? { id, d: 'GRANT', g: { expiresOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) } }
      : { id, d: 'REFUSE', r: 'Not enough grounds stated for this person.' });
    const acked = o.data?.decideCooperationRequest?.state === expected;
    const how = outcomeOf(o, acked);
    this.ctx.ledger.settle(w, how);
    if (how === 'acked' && grant) this.requests.set(id, 'GRANTED');
    else if (how !== 'refused') this.requests.delete(id);
  }

  async revoke(id: string): Promise<void> {
    const w = this.ctx.ledger.begin('request', id, this.ctx.options.owner, { state: 'REVOKED' });
    const o = await this.ctx.call('revoke', this.rng.chance(0.5) ? this.ownerDesk : this.requester, REVOKE, { id });
    const how = outcomeOf(o, o.data?.revokeGrant?.state === 'REVOKED');
    this.ctx.ledger.settle(w, how);
    if (how !== 'refused') this.requests.delete(id);
  }
}

export class Reader implements Actor {
  private readonly rng: Random;
  private readonly persons: string[];
  private readonly cases: string[];

  constructor(
    private readonly ctx: Context,
    index: number,
    private readonly caller: Caller,
    /** Names (words) to search for. */
    private readonly names: string[],
    /** Documents to look up: most held by some member, some by none (no hit); at most 40, within the hourly budget. */
    private readonly documents: Array<{ number: string; issuingCountry: string }>,
  ) {
    this.rng = new Random(ctx.options.seed * 1000 + 500 + index);
    this.persons = [...ctx.fixtures.persons.values()].flat().map((p) => p.id);
    this.cases = [...ctx.fixtures.cases.values()].flat();
  }

  async step(): Promise<void> {
    const { target } = this.ctx.options;
    const member = target !== 'secretariat' ? 1 : 0;
    const op = this.rng.weighted<string>([
      ['search', 30 * member], ['person', 20 * member], ['case', 15 * member], ['hit', 15 * member], ['inbox', target === 'member' ? 0 : 20],
    ]);
    if (op === 'search') {
      const recent = this.ctx.recentNames;
      const name = recent.length && this.rng.chance(0.3) ? this.rng.pick(recent) : this.rng.pick(this.names);
      await this.ctx.call('searchName', this.caller, SEARCH, { n: name });
    } else if (op === 'person') {
      await this.ctx.call('personById', this.caller, PERSON, { id: this.rng.pick(this.persons) });
    } else if (op === 'case') {
      await this.ctx.call('caseById', this.caller, CASE, { id: this.rng.pick(this.cases) });
    } else if (op === 'hit') {
      const doc = this.rng.pick(this.documents);
      await this.ctx.call('hit', this.caller, HIT, { p: this.ctx.pseudonymOf(doc) });
    } else {
      await this.ctx.call('inbox', this.caller, INBOX, { r: this.caller.country === this.ctx.options.owner ? 'OWNER' : this.rng.pick(['OWNER', 'REQUESTER']) });
    }
  }
}

/** Builds the run: who reads back, the records known, the writers with their share, the readers. */
export async function prepare(net: NetworkHandle, client: Client, stats: Stats, options: WorkloadOptions): Promise<{ ctx: Context; writers: Writer[]; readers: Reader[] }> {
  for (const c of [options.owner, options.requester, ...options.writerCountries]) {
    if (!net.countries.includes(c)) throw new Error(`${c} is not a member of this network (${net.countries.join(', ')})`);
  }
  if (options.target !== 'member' && options.owner === options.requester) throw new Error('cooperation needs a requester other than the owner');
  const checkers = await checkersFor(net);
  const fixtures = await discover(client, checkers, net.countries);
  const ctx = new Context(net, client, stats, new Ledger(), fixtures, options, checkers);
  const ownerDocs = (fixtures.persons.get(options.owner) ?? []).flatMap((p) => p.documents);

  // Each writer country's persons and cases shared out among the writers at its desk.
  const deskOf = (w: number) => options.writerCountries[w % options.writerCountries.length];
  const share = <T>(items: T[], w: number): T[] => {
    const desk = deskOf(w);
    const peers = Array.from({ length: options.writers }, (_, i) => i).filter((i) => deskOf(i) === desk);
    const k = peers.indexOf(w);
    return items.filter((_, i) => i % peers.length === k);
  };
  const writers: Writer[] = [];
  for (let w = 0; w < options.writers; w++) {
    const desk = deskOf(w);
    const ref = `SOAK-W${w}`;
    writers.push(new Writer(
      ctx, w,
      await callerOf(net.issuer, prosecutor(desk, `soak-writer-${w}@${desk.toLowerCase()}`, options.writerRole, ref)),
      await callerOf(net.issuer, prosecutor(options.requester, `soak-requester-${w}@${options.requester.toLowerCase()}`, options.writerRole, ref)),
      await callerOf(net.issuer, prosecutor(options.owner, `soak-owner-${w}@${options.owner.toLowerCase()}`, options.writerRole, ref)),
      share(fixtures.persons.get(desk) ?? [], w),
      share(fixtures.cases.get(desk) ?? [], w),
      ownerDocs.length ? Array.from({ length: 5 }, (_, i) => ownerDocs[(w * 5 + i) % ownerDocs.length]) : [],
    ));
  }

  const names = [...new Set([...fixtures.persons.values()].flat().map((p) => p.familyNames.split(/\s+/)[0]))];
  const docs = [...fixtures.persons.values()].flat().flatMap((p) => p.documents);
  const readers: Reader[] = [];
  for (let r = 0; r < options.readers; r++) {
    const country = net.countries[r % net.countries.length];
    const rng = new Random(options.seed + r);
    const pool = [...rng.sample(docs, 30), ...Array.from({ length: 10 }, () => ({ number: rng.digits(9, true), issuingCountry: rng.pick(net.countries) }))];
    readers.push(new Reader(ctx, r,
      await callerOf(net.issuer, prosecutor(country, `soak-reader-${r}@${country.toLowerCase()}`, options.readerRole, `SOAK-R${r}`)),
      [...names, 'Zzyzx'], pool));
  }
  return { ctx, writers, readers };
}

/**
 * The workers' loops: each writer and reader one request after the other. They
 * can be held (no new request starts; the ones in flight finish) for the checks
 * to read a network nobody writes to, and let go again.
 */
export class Workers {
  private stopped = false;
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;
  private busy = 0;
  private idle: Array<() => void> = [];
  private loops: Promise<void>[] = [];

  constructor(
    private readonly actors: Actor[],
    private readonly thinkMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.loops = this.actors.map((a) => this.loop(a));
  }

  private async loop(actor: Actor): Promise<void> {
    while (!this.stopped) {
      if (this.held) {
        await this.held;
        continue;
      }
      this.busy++;
      try {
        await actor.step();
      } catch (err) {
        this.onError(err);
      } finally {
        this.busy--;
        if (!this.busy) for (const f of this.idle.splice(0)) f();
      }
      if (this.thinkMs) await new Promise((r) => setTimeout(r, this.thinkMs));
    }
  }

  /** No new request starts; resolves once none is in flight. */
  async hold(): Promise<void> {
    this.held ??= new Promise((r) => (this.release = r));
    if (this.busy) await new Promise<void>((r) => this.idle.push(r));
  }

  resume(): void {
    const release = this.release;
    this.held = null;
    this.release = null;
    release?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.resume();
    await Promise.all(this.loops);
  }
}
