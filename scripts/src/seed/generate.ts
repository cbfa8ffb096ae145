/**
 * Deterministic seed data for members and the secretariat, with realistic shapes:
 * TIP and SOM cases (kept distinct, some both, plus related offences), suspects
 * with aliases and identity documents, victims (minors among them), smuggled
 * migrants, witnesses, and network-wide route codes observed by several members.
 * Same seed and country → same data (minors' dates of birth are relative to
 * `today`, which can be pinned).
 *
 * Anchors, the same in every member CC (tests and the README rely on them). "CC:P:1" below
 * means the first seeded person, whose id is makeId('CC', 'P', 1) (ids are opaque and not
 * sequential: AR's P:1 is `AR:P:0aa79jf`; the README and `npm start`'s banner give the ids):
 *   CC:P:1  adult SUSPECT "Mateo Quispe Huamán", alias "El Cóndor", born 1979-03-14, Peruvian,
 *           passport "QH-774 1203" (PE) as CC:D:1. The same individual in every member: the
 *           secretariat's links XS:L:1… connect the first member's P:1 with every other's.
 *           Flagged for partner networks by every member. Holds the bank account ANCHOR_ACCOUNT
 *           (domain.ts) in every member, recorded in C:1 with transfers.
 *   CC:P:2  VICTIM, a Bolivian girl of 15 (minor relative to today)
 *   CC:P:3  adult VICTIM, family names "Rodríguez …", born 2001-07-02
 *   CC:P:4  adult WITNESS, born 1985-11-20
 *   CC:P:5  adult SMUGGLED_MIGRANT (Venezuelan)
 *   CC:P:6  SUSPECT, a local smuggler with an alias
 *   CC:P:7, CC:P:8  SUSPECTs from a network-wide pool of five transnational suspects (each
 *           member records two of them, chosen by seed and country); linked by the secretariat
 *   CC:C:1  TIP case, INVESTIGATION, handling code H0: P:1 SUSPECT, P:2 VICTIM, P:3 VICTIM, P:4 WITNESS;
 *           uses route RT-0001
 *   CC:C:2  SOM case, INVESTIGATION, handling code H1: P:1 SUSPECT, P:6 SUSPECT, P:5 SMUGGLED_MIGRANT;
 *           uses RT-0001 and RT-0002
 *   CC:C:3  SOM case, INVESTIGATION: P:7 and P:8 SUSPECTs; uses RT-0003
 *   P:6 and P:7 are flagged for partner networks too, and about 3% of the other offenders.
 *   C:1 and C:2 have financial flows and a fixed coded modus operandi (ANCHORS.modusOperandi);
 *   about 30% of the other cases have flows, every case and observation a coded modus operandi.
 *   CC:R:1, CC:R:2, CC:R:3  observations of RT-0001, RT-0002, RT-0003 (every member observes these)
 *   XS:J:1  ACTIVE JIT of the first two members holding CC:C:1 of each; XS:L:1 links their P:1 (CONFIRMED).
 *   XS:J:2  a PROPOSED JIT (second and third member), and the last link a PROPOSED one: see generateSecretariat.
 * A member always has at least ANCHORS.minPersons persons, so that every anchor exists.
 */
import { makeId, ownerOf } from '@enlace/common';
import type {
  AccountRecord, CaseRecord, CaseRouteRecord, DocumentRecord, InvolvementRecord, LegRecord, ModusOperandi, PersonRecord, RouteObservationRecord, TransferRecord,
} from '@enlace/member';
import {
  ACTIVITY, ALIASES, counted, EXPLOITATION, H3_CONDITIONS, MEMBER_NAMES, MIGRANT_NATIONALITIES, namePool, neighboursOf,
  OBSERVATION_DETAILS, RELATED_OFFENCE_NOTES, routeByCode, ROUTES, SUMMARIES, type Exploitation, type RouteKind,
} from './catalogue';
import type { CooperationRecord } from '@enlace/secretariat';
import { DEV_ISSUER } from '../devIssuer';
import { addDays, addYears, dayNumber, hashSeed, Random, todayIso } from './random';
import { caseFlows, caseModusOperandi, observationModusOperandi, type FinanceCounters } from './domain';

/** The secretariat's country code in ids (ISO 3166 user-assigned, never a member). */
export const SECRETARIAT_CODE = 'XS';

export const SHARED_ROUTE_CODES = ['RT-0001', 'RT-0002', 'RT-0003'] as const;

export const ANCHORS = {
  /** Fewer persons than this are raised to it, so that every anchor exists. */
  minPersons: 10,
  suspectSeq: 1,
  victimMinorSeq: 2,
  victimAdultSeq: 3,
  witnessSeq: 4,
  migrantSeq: 5,
  smugglerSeq: 6,
  transnationalSeqs: [7, 8],
  caseSeq: 1,
  tipCaseSeq: 1,
  somCaseSeq: 2,
  transnationalCaseSeq: 3,
  /** Person 1, the same individual in every member. */
  suspect: {
    givenNames: 'Mateo',
    familyNames: 'Quispe Huamán',
    aliases: ['El Cóndor'],
    sex: 'MALE',
    dateOfBirth: '1979-03-14',
    nationality: 'PE',
    passport: 'QH-774 1203',
    passportIssuer: 'PE',
  },
  victimAdultFamilyName: 'Rodríguez',
  /** The adult victim's Bolivian identity card in member `country` (a hit/no-hit search finds her; the README's cooperation example). */
  victimAdultIdCard: (country: string): string => `${country.charCodeAt(0) * 100 + country.charCodeAt(1)}0417`,
  victimMinorAge: 15,
  sharedRoutes: SHARED_ROUTE_CODES,
  /** Route codes the anchor cases use. */
  caseRoutes: { 1: ['RT-0001'], 2: ['RT-0001', 'RT-0002'], 3: ['RT-0003'] } as Record<number, string[]>,
  /** Observation seq of each shared route in every member (CC:R:n). */
  observationSeqs: { 'RT-0001': 1, 'RT-0002': 2, 'RT-0003': 3 } as Record<string, number>,
  /** XS:J:1 and XS:L:1 in the numbering below: ids are opaque (makeId), so these are what to send. */
  /** The coded modus operandi of C:1 and C:2 (the other cases' is drawn, domain.ts). */
  modusOperandi: {
    1: { recruitment: 'JOB_ADVERT', transport: 'LAND', documentFraud: 'NONE', payment: 'DEBT_BONDAGE', exploitation: 'LABOUR' },
    2: { recruitment: 'SOCIAL_MEDIA', transport: 'LAND', documentFraud: 'FORGED', payment: 'UPFRONT', exploitation: null },
  } as Record<number, ModusOperandi>,
  /** Persons flagged for partner networks besides P:1. */
  flaggedSeqs: [6, 7],
  jitId: makeId('XS', 'J', 1),
  firstLinkId: makeId('XS', 'L', 1),
} as const;

export interface MemberBatch {
  persons: PersonRecord[];
  documents: DocumentRecord[];
  cases: CaseRecord[];
  involvements: InvolvementRecord[];
  observations: RouteObservationRecord[];
  caseRoutes: CaseRouteRecord[];
  accounts: AccountRecord[];
  transfers: TransferRecord[];
}

export interface GenerateOptions {
  persons: number;
  seed: number;
  /** Persons per batch (default and maximum 5,000). */
  batchSize?: number;
  /** The date minors' ages and case dates are relative to (default: today, UTC). */
  today?: string;
}

const MAX_BATCH = 5000;
/** A member's observations of one route code: a handful of periods, however many cases use it. */
const MAX_OBSERVATIONS_PER_ROUTE = 4;
const OFFENDERS = new Set(['SUSPECT', 'ACCUSED', 'CONVICTED']);

/**
 * A member's data in batches of at most 5,000 persons with their documents,
 * cases, involvements, route observations and case-route links. Memory stays
 * bounded whatever the scale: nothing but a few counters and a small ring of
 * recent suspects is kept between batches. Every batch refers only to records
 * of the same batch or of earlier ones.
 */
export function* generateMember(country: string, options: GenerateOptions): Generator<MemberBatch> {
  yield* new MemberGenerator(country, options).batches();
}

/** How many persons generateMember produces for a requested number. */
export function effectivePersons(requested: number): number {
  return Math.max(ANCHORS.minPersons, Math.floor(requested));
}

// ---- identity documents ---------------------------------------------------------

const dotted = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

function nationalIdNumber(rng: Random, cc: string): string {
  switch (cc) {
    case 'AR': { const n = String(rng.int(20_000_000, 45_999_999)); return rng.chance(0.5) ? dotted(n) : n; }
    case 'PE': return rng.digits(8);
    case 'BO': return rng.digits(7, true) + (rng.chance(0.4) ? ` ${rng.pick(['LP', 'CB', 'SC', 'OR', 'PT', 'TJ'])}` : '');
    case 'CO': { const n = rng.digits(10, true); return rng.chance(0.4) ? dotted(n) : n; }
    case 'EC': { const n = `1${rng.digits(9)}`; return rng.chance(0.3) ? `${n.slice(0, 9)}-${n[9]}` : n; }
    case 'CL': return `${dotted(String(rng.int(8_000_000, 26_999_999)))}-${rng.pick([...'0123456789K'])}`;
    case 'VE': { const n = String(rng.int(5_000_000, 32_999_999)); return `V-${rng.chance(0.5) ? dotted(n) : n}`; }
    case 'BR': return `${rng.digits(3)}.${rng.digits(3)}.${rng.digits(3)}-${rng.digits(2)}`;
    case 'PY': { const n = String(rng.int(1_000_000, 7_999_999)); return rng.chance(0.5) ? dotted(n) : n; }
    case 'MX': return `${rng.letters(4)}${rng.digits(6)}${rng.pick(['H', 'M'])}${rng.letters(5)}${rng.digits(2)}`;
    case 'GT': return `${rng.digits(4, true)} ${rng.digits(5)} ${rng.digits(4)}`;
    case 'HN': return `${rng.digits(4, true)}-${rng.int(1960, 2008)}-${rng.digits(5)}`;
    case 'DO': return `${rng.digits(3)}-${rng.digits(7)}-${rng.digits(1)}`;
    default: return rng.digits(9, true);
  }
}

/** Passport numbers, written the several ways files record them: 'AB1234567', 'AB-123 4567', 'AB 1234567'. */
function passportNumber(rng: Random, cc: string): string {
  const letters = rng.letters(cc === 'AR' ? 3 : 2);
  const digits = rng.digits(cc === 'AR' ? 6 : 7);
  return rng.weighted([
    [`${letters}${digits}`, 6],
    [`${letters}-${digits.slice(0, 3)} ${digits.slice(3)}`, 2],
    [`${letters} ${digits}`, 2],
  ]);
}

function residencePermitNumber(rng: Random, cc: string): string {
  switch (cc) {
    case 'CO': return `PPT ${rng.digits(7, true)}`;
    case 'PE': return `CE ${rng.digits(9)}`;
    case 'AR': return dotted(`9${rng.digits(7)}`);
    case 'CL': return `${dotted(String(rng.int(27_000_000, 29_999_999)))}-${rng.pick([...'0123456789K'])}`;
    default: return `RP-${rng.digits(8, true)}`;
  }
}

// ---- the transnational suspects (network-wide, by seed only) ------------------------

export interface TransnationalSuspect {
  givenNames: string;
  familyNames: string;
  aliases: string[];
  sex: string;
  dateOfBirth: string;
  nationality: string;
  passport: string;
}

const TRANSNATIONAL_POOL = 5;

/** Person 1 (the anchor) and a pool of five more suspects recorded by several members. */
export function transnationalSuspects(seed: number): TransnationalSuspect[] {
  const rng = new Random(hashSeed(`${SECRETARIAT_CODE}:transnational`, seed));
  const pool: TransnationalSuspect[] = [];
  for (let k = 0; k < TRANSNATIONAL_POOL; k++) {
    const nationality = rng.pick(['BO', 'PE', 'CO', 'VE', 'PY', 'EC', 'DO']);
    const names = namePool(nationality);
    const female = rng.chance(0.3);
    const family = names.familyCount(() => rng.next()) === 2 ? `${rng.pick(names.family)} ${rng.pick(names.family)}` : rng.pick(names.family);
    pool.push({
      givenNames: rng.pick(female ? names.female : names.male),
      familyNames: family,
      aliases: [rng.pick(ALIASES)],
      sex: female ? 'FEMALE' : 'MALE',
      dateOfBirth: rng.dateBetween('1962-01-01', '1996-12-31'),
      nationality,
      passport: passportNumber(rng, nationality),
    });
  }
  return pool;
}

/** Which two of the transnational pool a member records (as P:7 and P:8, in this order). */
export function transnationalOf(country: string, seed: number): number[] {
  const rng = new Random(hashSeed(`${SECRETARIAT_CODE}:transnational:${country}`, seed));
  return rng.sample([...Array(TRANSNATIONAL_POOL).keys()], ANCHORS.transnationalSeqs.length).sort((a, b) => a - b);
}

// ---- the generator --------------------------------------------------------------

type Lang = 'en' | 'es';
type Slot = 'O' | 'V' | 'M' | 'W' | 'K';
const SLOT_CATEGORY: Record<Exclude<Slot, 'O'>, string> = { V: 'VICTIM', M: 'SMUGGLED_MIGRANT', W: 'WITNESS', K: 'CONTACT' };

interface PersonSpec {
  category: string;
  nationality?: string;
  minor?: boolean;
  female?: boolean;
}

interface CaseSpec {
  kind?: RouteKind;
  status?: string;
  offenders?: PersonRecord[];
  routes?: string[];
}

class MemberGenerator {
  private readonly rng: Random;
  private readonly today: string;
  private readonly total: number;
  private readonly batchSize: number;
  private readonly lang: Lang;
  private personSeq = 0;
  private docSeq = 0;
  private caseSeq = 0;
  private obsSeq = 0;
  private readonly financeCounters: FinanceCounters = { accounts: 0, transfers: 0 };
  /** Latest observation id per route code, and how many the member has made of it. */
  private readonly observationOf = new Map<string, string>();
  private readonly observationCount = new Map<string, number>();
  /** Ids of recent offenders, who may turn up in a later case (bounded ring). */
  private readonly recentOffenders: string[] = [];
  private readonly routeWeights: Record<RouteKind, Array<readonly [string, number]>>;
  private batch: MemberBatch = emptyBatch();

  constructor(
    private readonly country: string,
    private readonly options: GenerateOptions,
  ) {
    this.rng = new Random(hashSeed(country, options.seed));
    this.today = options.today ?? todayIso();
    this.total = effectivePersons(options.persons);
    this.batchSize = Math.min(MAX_BATCH, Math.max(ANCHORS.minPersons, Math.floor(options.batchSize ?? MAX_BATCH)));
    this.lang = ['BR', 'PT', 'US'].includes(country) ? 'en' : 'es';
    // Routes through the member's own territory are the ones its cases mostly see.
    const weights = (kind: RouteKind) =>
      ROUTES.map((r) => {
        const local = r.stops.some(([cc]) => cc === country) ? 6 : 1;
        const fits = r.kind === kind || r.kind === 'BOTH' || kind === 'BOTH' ? 3 : 1;
        return [r.code, local * fits] as const;
      });
    this.routeWeights = { TIP: weights('TIP'), SOM: weights('SOM'), BOTH: weights('BOTH') };
  }

  *batches(): Generator<MemberBatch> {
    while (this.personSeq < this.total) {
      this.batch = emptyBatch();
      const end = Math.min(this.total, this.personSeq + this.batchSize);
      if (this.personSeq === 0) this.anchors(end);
      while (this.personSeq < end) this.regularCase(end - this.personSeq);
      yield this.batch;
    }
  }

  // ---- anchors ----

  private anchors(end: number): void {
    const { rng, country } = this;
    for (const code of SHARED_ROUTE_CODES) this.observe(code, true);

    const a = ANCHORS.suspect;
    const p1 = this.addPerson({
      givenNames: a.givenNames, familyNames: a.familyNames, aliases: [...a.aliases], sex: a.sex, dateOfBirth: a.dateOfBirth, nationalities: [a.nationality],
      flaggedForPartners: true,
    });
    this.addDocument(p1, 'PASSPORT', a.passportIssuer, a.passport);
    if (country === a.nationality) this.addDocument(p1, 'NATIONAL_ID', 'PE', '41772093');

    const minorDob = addDays(addYears(this.today, -ANCHORS.victimMinorAge), -rng.int(30, 300));
    const p2 = this.person({ category: 'VICTIM', nationality: 'BO', minor: true, female: true }, { dateOfBirth: minorDob });
    const bo = namePool('BO');
    const p3 = this.person(
      { category: 'VICTIM', nationality: 'BO', female: true },
      { familyNames: `${ANCHORS.victimAdultFamilyName} ${rng.pick(bo.family.filter((f) => f !== 'Rodríguez'))}`, dateOfBirth: '2001-07-02' },
    );
    this.addDocument(p3, 'NATIONAL_ID', 'BO', ANCHORS.victimAdultIdCard(country));
    const p4 = this.person({ category: 'WITNESS', nationality: country }, { dateOfBirth: '1985-11-20' });
    const p5 = this.person({ category: 'SMUGGLED_MIGRANT', nationality: 'VE' }, { dateOfBirth: '1994-02-11' });
    const p6 = this.person({ category: 'SUSPECT', nationality: country, female: false });
    if (!p6.aliases.length) p6.aliases.push(rng.pick(ALIASES));
    p6.flaggedForPartners = true;
    const pool = transnationalSuspects(this.options.seed);
    const shared = transnationalOf(country, this.options.seed).map((k) => {
      const t = pool[k];
      const p = this.addPerson({
        givenNames: t.givenNames, familyNames: t.familyNames, aliases: [...t.aliases], sex: t.sex, dateOfBirth: t.dateOfBirth, nationalities: [t.nationality],
      });
      this.addDocument(p, 'PASSPORT', t.nationality, t.passport);
      if (p.seq === ANCHORS.flaggedSeqs[1]) p.flaggedForPartners = true;
      return p;
    });

    this.addCase(
      {
        offences: ['TIP'], status: 'INVESTIGATION', openedOn: '2024-05-14', handlingCode: 'H0', sourceReliability: 'B', informationAccuracy: 2,
        summary: 'Recruitment of young women and a 15-year-old girl in El Alto with false offers of sewing work; transfer through Villazón–La Quiaca and forced labour in textile workshops in Buenos Aires, organised by the suspect known as "El Cóndor".',
      },
      [[p1, 'SUSPECT'], [p2, 'VICTIM'], [p3, 'VICTIM'], [p4, 'WITNESS']],
      ANCHORS.caseRoutes[1],
      { kind: 'TIP', form: 'labour', modusOperandi: ANCHORS.modusOperandi[1], flows: 'anchor' },
    );
    this.addCase(
      {
        offences: ['SOM'], status: 'INVESTIGATION', openedOn: '2023-09-02', handlingCode: 'H1', sourceReliability: 'A', informationAccuracy: 2,
        summary: 'Smuggling of migrants along the Andean corridor and across Villazón–La Quiaca for USD 1,200 per person, organised by "El Cóndor" with a local transporter.',
      },
      [[p1, 'SUSPECT'], [p6, 'SUSPECT'], [p5, 'SMUGGLED_MIGRANT']],
      ANCHORS.caseRoutes[2],
      { kind: 'SOM', form: 'labour', modusOperandi: ANCHORS.modusOperandi[2], flows: 'always' },
    );
    this.rememberOffender(p6.id);
    this.regularCase(end - this.personSeq, { kind: 'SOM', status: 'INVESTIGATION', offenders: shared, routes: ANCHORS.caseRoutes[3] });
  }

  // ---- cases ----

  private regularCase(budget: number, spec: CaseSpec = {}): void {
    const { rng } = this;
    const kind = spec.kind ?? rng.weighted<RouteKind>([['TIP', 50], ['SOM', 38], ['BOTH', 12]]);
    const { status, openedOn, closedOn } = this.caseDates(spec.status);
    const form = rng.weighted(EXPLOITATION);

    // Who is involved: offenders first, then victims or migrants, maybe a witness or a contact.
    const forced = spec.offenders ?? [];
    let reuse: string | null = !forced.length && this.recentOffenders.length && rng.chance(0.2) ? rng.pick(this.recentOffenders) : null;
    const newOffenders = forced.length ? 0 : rng.weighted([[1, 60], [2, 30], [3, 10]]);
    const victims = kind === 'TIP' ? rng.weighted([[1, 45], [2, 30], [3, 15], [4, 10]]) : kind === 'BOTH' ? rng.int(1, 2) : 0;
    const migrants = kind === 'SOM' ? rng.weighted([[1, 35], [2, 25], [3, 18], [4, 12], [5, 10]]) : kind === 'BOTH' ? rng.int(1, 3) : 0;
    const subjects: Slot[] = [
      ...Array<Slot>(victims).fill('V'), ...Array<Slot>(migrants).fill('M'),
      ...(rng.chance(0.25) ? (['W'] as Slot[]) : []), ...(rng.chance(0.08) ? (['K'] as Slot[]) : []),
    ];
    let offenders: Slot[] = Array<Slot>(newOffenders).fill('O');
    if (offenders.length + subjects.length > budget) {
      // Short of persons (end of a batch or of the member): keep an offender and a subject.
      if (!forced.length && !reuse && this.recentOffenders.length) reuse = rng.pick(this.recentOffenders);
      offenders = forced.length || reuse ? offenders.slice(0, Math.max(0, budget - 1)) : offenders.slice(0, 1);
    }
    const slots = [...offenders, ...subjects].slice(0, budget);
    // 2–8 persons in all.
    const fixed = forced.length + (reuse ? 1 : 0);
    slots.splice(Math.max(0, 8 - fixed));

    const involved: Array<[PersonRecord | string, string]> = [];
    const offenderCategory = () =>
      status === 'INVESTIGATION' ? 'SUSPECT'
        : status === 'CLOSED' ? (rng.chance(0.75) ? 'CONVICTED' : 'ACCUSED')
          : rng.chance(0.85) ? 'ACCUSED' : 'SUSPECT';
    for (const p of forced) involved.push([p, offenderCategory()]);
    if (reuse) involved.push([reuse, offenderCategory()]);
    let nVictims = 0;
    let nMigrants = 0;
    for (const slot of slots) {
      if (slot === 'O') {
        const category = offenderCategory();
        const p = this.person({ category });
        this.rememberOffender(p.id);
        involved.push([p, category]);
        continue;
      }
      const category = SLOT_CATEGORY[slot];
      if (slot === 'V') nVictims++;
      if (slot === 'M') nMigrants++;
      const minor = slot === 'V' ? rng.chance(form === 'begging' ? 0.6 : 0.2) : slot === 'M' ? rng.chance(0.12) : false;
      const female = slot === 'V' ? rng.chance(form === 'sexual' ? 0.95 : form === 'labour' ? 0.45 : 0.7) : undefined;
      involved.push([this.person({ category, minor, female }), category]);
    }
    for (const p of forced) this.rememberOffender(p.id);

    // Routes: 0–2 codes from the shared catalogue, or those given.
    const count = rng.weighted([[0, 20], [1, 60], [2, 20]]);
    const codes = spec.routes ? [...spec.routes] : [];
    while (!spec.routes && codes.length < count) {
      const code = rng.weighted(this.routeWeights[kind]);
      if (!codes.includes(code)) codes.push(code);
    }

    const offences = kind === 'TIP' ? ['TIP'] : kind === 'SOM' ? ['SOM'] : ['TIP', 'SOM'];
    if (rng.chance(0.25)) offences.push(rng.weighted([['DOCUMENT_FRAUD', 3], ['MONEY_LAUNDERING', 2], ['ORGANISED_CRIME', 3], ['CORRUPTION', 1]]));
    const handlingCode = rng.weighted([['H0', 50], ['H1', 30], ['H2', 13], ['H3', 7]]);
    this.addCase(
      {
        offences, status, openedOn, closedOn, handlingCode,
        handlingConditions: handlingCode === 'H3' ? rng.pick(H3_CONDITIONS) : null,
        sourceReliability: rng.weighted([['A', 20], ['B', 45], ['C', 25], ['X', 10]]),
        informationAccuracy: rng.weighted([[1, 25], [2, 40], [3, 25], [4, 10]]),
        summary: this.summary(kind, form, codes[0] ?? rng.weighted(this.routeWeights[kind]), nVictims, nMigrants, offences),
      },
      involved,
      codes,
      { kind, form },
    );
  }

  private caseDates(forcedStatus?: string): { status: string; openedOn: string; closedOn: string | null } {
    const { rng } = this;
    const latest = this.today < '2026-10-31' ? this.today : '2026-10-31';
    const openedOn = rng.dateBetween('2018-01-02', latest);
    let status = forcedStatus ?? rng.weighted([['INVESTIGATION', 45], ['PROSECUTION', 20], ['TRIAL', 12], ['CLOSED', 23]]);
    if (dayNumber(this.today) - dayNumber(openedOn) < 180) status = 'INVESTIGATION';
    let closedOn: string | null = null;
    if (status === 'CLOSED') {
      const end = addDays(openedOn, rng.int(150, 1500));
      if (end < this.today) closedOn = end;
      else status = 'TRIAL';
    }
    return { status, openedOn, closedOn };
  }

  private summary(kind: RouteKind, form: Exploitation, code: string, victims: number, migrants: number, offences: string[]): string {
    const { rng } = this;
    const lang: Lang = this.lang === 'en' || rng.chance(0.3) ? 'en' : 'es';
    const route = routeByCode(code);
    const stops = route.stops;
    const crossing = route.stops.findIndex(([cc], i) => i > 0 && cc !== stops[i - 1][0]);
    const border = crossing > 0 ? `${stops[crossing - 1][1]}–${stops[crossing][1]}` : stops[stops.length - 1][1];
    const values: Record<string, string> = {
      origin: stops[0][1],
      destination: stops[stops.length - 1][1],
      border,
      fee: rng.pick(['300', '500', '800', '1,200', '1,500', '2,500', '3,500', '5,000', '8,000']),
      activity: rng.pick(ACTIVITY[form][lang]),
      victims: counted('victims', Math.max(1, victims), lang),
      migrants: counted('migrants', Math.max(1, migrants), lang),
      persons: counted('persons', Math.max(1, victims + migrants), lang),
    };
    let text = rng.pick(SUMMARIES[kind][lang]).replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key);
    for (const o of offences) if (RELATED_OFFENCE_NOTES[o]) text += RELATED_OFFENCE_NOTES[o][lang];
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  private addCase(
    fields: Pick<CaseRecord, 'offences' | 'status' | 'openedOn' | 'handlingCode' | 'sourceReliability' | 'informationAccuracy' | 'summary'> & Partial<CaseRecord>,
    involved: Array<[PersonRecord | string, string]>,
    routeCodes: readonly string[],
    domain: { kind: RouteKind; form: Exploitation; modusOperandi?: ModusOperandi; flows?: 'anchor' | 'always' },
  ): void {
    const seq = ++this.caseSeq;
    const id = makeId(this.country, 'C', seq);
    const { seed } = this.options;
    this.batch.cases.push({
      id, seq, country: this.country,
      reference: `FIS-${this.country}-${fields.openedOn.slice(0, 4)}-${String(seq).padStart(6, '0')}`,
      closedOn: null, handlingConditions: null,
      ...fields,
      ...(domain.modusOperandi ?? caseModusOperandi(id, seed, { ...domain, offences: fields.offences, routeCodes })),
    });
    // Its money (domain.ts): accounts of the persons involved, transfers among them.
    const ids = (category: (c: string) => boolean) => involved.filter(([, c]) => category(c)).map(([p]) => (typeof p === 'string' ? p : p.id));
    const flows = caseFlows(this.country, seed, this.financeCounters, {
      id, openedOn: fields.openedOn, today: this.today, offenders: ids((c) => OFFENDERS.has(c)), victims: ids((c) => c === 'VICTIM'),
      force: !!domain.flows, anchorHolder: domain.flows === 'anchor' ? ids((c) => OFFENDERS.has(c))[0] : undefined,
    });
    this.batch.accounts.push(...flows.accounts);
    this.batch.transfers.push(...flows.transfers);
    for (const [p, category] of involved) this.batch.involvements.push({ personId: typeof p === 'string' ? p : p.id, caseId: id, category });
    for (const code of routeCodes) this.batch.caseRoutes.push({ caseId: id, observationId: this.observe(code) });
  }

  // ---- routes ----

  /** The member's observation of a route code: the latest one, now and then a new one. */
  private observe(code: string, first = false): string {
    const { rng } = this;
    const existing = this.observationOf.get(code);
    const made = this.observationCount.get(code) ?? 0;
    if (existing && (made >= MAX_OBSERVATIONS_PER_ROUTE || !rng.chance(0.02))) return existing;
    this.observationCount.set(code, made + 1);
    const route = routeByCode(code);
    let legs: LegRecord[] = route.modes.map((mode, i) => ({
      from: { country: route.stops[i][0], locality: route.stops[i][1] },
      to: { country: route.stops[i + 1][0], locality: route.stops[i + 1][1] },
      mode,
    }));
    // Later observations may see only part of a long corridor.
    if (existing && legs.length > 2 && rng.chance(0.3)) legs = rng.chance(0.5) ? legs.slice(1) : legs.slice(0, -1);
    const latest = this.today < '2025-12-31' ? this.today : '2025-12-31';
    const activeFrom = rng.dateBetween('2015-01-01', latest);
    const earliestEnd = addDays(activeFrom, 180);
    const activeTo = first || rng.chance(0.45) || earliestEnd >= latest ? null : rng.dateBetween(earliestEnd, latest);
    const seq = ++this.obsSeq;
    const id = makeId(this.country, 'R', seq);
    this.batch.observations.push({
      id, seq, country: this.country, routeCode: code, legs,
      modusOperandi: rng.chance(0.6) ? `${route.modusOperandi} ${rng.pick(OBSERVATION_DETAILS)}` : route.modusOperandi,
      activeFrom, activeTo,
      ...observationModusOperandi({ id, routeCode: code, legs }, this.options.seed),
    });
    this.observationOf.set(code, id);
    return id;
  }

  // ---- persons and documents ----

  private rememberOffender(id: string): void {
    this.recentOffenders.push(id);
    if (this.recentOffenders.length > 64) this.recentOffenders.shift();
  }

  private addPerson(fields: Omit<PersonRecord, 'id' | 'seq' | 'country' | 'flaggedForPartners'> & { flaggedForPartners?: boolean }): PersonRecord {
    const seq = ++this.personSeq;
    const p: PersonRecord = { id: makeId(this.country, 'P', seq), seq, country: this.country, flaggedForPartners: false, ...fields };
    this.batch.persons.push(p);
    return p;
  }

  private addDocument(p: PersonRecord, type: string, issuingCountry: string, number: string): void {
    this.batch.documents.push({ id: makeId(this.country, 'D', ++this.docSeq), personId: p.id, type, number, issuingCountry });
  }

  /** A generated person of a category, with names from the pool of their nationality, and documents. */
  private person(spec: PersonSpec, override: Partial<PersonRecord> = {}): PersonRecord {
    const { rng, country } = this;
    const offender = OFFENDERS.has(spec.category);
    const nationality = spec.nationality ?? this.nationalityFor(spec.category);
    const nationalities = [nationality];
    if (rng.chance(0.04)) {
      const other = rng.pick(neighboursOf(nationality));
      if (other !== nationality) nationalities.push(other);
    }
    const female = spec.female ?? rng.chance(offender ? 0.3 : spec.category === 'SMUGGLED_MIGRANT' ? 0.45 : 0.55);
    const names = namePool(nationality);
    const given = rng.pick(female ? names.female : names.male);
    const family = names.familyCount(() => rng.next()) === 2 ? `${rng.pick(names.family)} ${rng.pick(names.family)}` : rng.pick(names.family);

    let dateOfBirth: string | null;
    if (spec.minor) dateOfBirth = addDays(this.today, -rng.int(2 * 365 + 1, 17 * 365 + 300));
    else if (rng.chance(0.05)) dateOfBirth = null;
    else {
      const [minAge, maxAge] = offender ? [20, 66] : spec.category === 'VICTIM' ? [18, 46] : [18, 60];
      dateOfBirth = addDays(this.today, -rng.int(minAge * 365 + 10, maxAge * 365));
    }

    const aliases: string[] = [];
    if (offender && rng.chance(0.7)) {
      aliases.push(rng.pick(ALIASES));
      if (rng.chance(0.2)) aliases.push(`${given.split(' ')[0]} ${family.split(' ')[0]}`.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
    }

    const p = this.addPerson({
      givenNames: given, familyNames: family, aliases,
      sex: rng.chance(0.01) ? null : female ? 'FEMALE' : 'MALE',
      dateOfBirth, nationalities, ...override,
    });
    // A few more offenders flagged for partner networks, drawn apart from the main sequence (domain.ts's rule).
    if (offender && new Random(hashSeed(`${p.id}:flag`, this.options.seed)).chance(0.03)) p.flaggedForPartners = true;

    // Documents: national ids and passports, issued mostly by the person's own country.
    const minor = spec.minor ?? false;
    if (minor) {
      if (rng.chance(0.4)) this.addDocument(p, 'BIRTH_CERTIFICATE', nationality, `Acta ${rng.digits(4, true)}/${(p.dateOfBirth ?? this.today).slice(0, 4)}`);
      else if (rng.chance(0.5)) this.addDocument(p, 'NATIONAL_ID', nationality, nationalIdNumber(rng, nationality));
    } else {
      const idChance = nationality === country ? 0.85 : 0.6;
      if (rng.chance(idChance)) this.addDocument(p, 'NATIONAL_ID', nationality, nationalIdNumber(rng, nationality));
      const passportChance = offender ? 0.55 : spec.category === 'SMUGGLED_MIGRANT' ? 0.35 : 0.2;
      if (rng.chance(passportChance)) {
        const issuer = rng.chance(0.9) ? nationality : rng.pick(neighboursOf(nationality));
        this.addDocument(p, 'PASSPORT', issuer, passportNumber(rng, issuer));
      }
      if (nationality !== country && rng.chance(0.12)) this.addDocument(p, 'RESIDENCE_PERMIT', country, residencePermitNumber(rng, country));
      if (rng.chance(0.03)) this.addDocument(p, 'DRIVING_LICENCE', country, `${rng.letters(1)}${rng.digits(8)}`);
    }
    return p;
  }

  private nationalityFor(category: string): string {
    const { rng, country } = this;
    switch (category) {
      case 'SMUGGLED_MIGRANT': {
        const n = rng.weighted(MIGRANT_NATIONALITIES);
        return n === country ? rng.pick(neighboursOf(country)) : n;
      }
      case 'VICTIM': return rng.chance(0.55) ? country : rng.pick(neighboursOf(country));
      case 'WITNESS':
      case 'CONTACT': return rng.chance(0.85) ? country : rng.pick(neighboursOf(country));
      default: return rng.chance(0.7) ? country : rng.pick(neighboursOf(country));
    }
  }
}

function emptyBatch(): MemberBatch {
  return { persons: [], documents: [], cases: [], involvements: [], observations: [], caseRoutes: [], accounts: [], transfers: [] };
}

// ---- the secretariat ------------------------------------------------------------

type SecretariatJit = {
  id: string; name: string; purpose: string; memberCountries: string[]; startsOn: string; endsOn: string | null; caseIds: string[];
  status: 'PROPOSED' | 'ACTIVE' | 'ENDED'; proposedBy: string; agreements: Array<{ country: string; agreedOn: string }>; endedOn: string | null;
};
type SecretariatLink = {
  id: string; leftId: string; rightId: string; criteria: string[]; status: 'PROPOSED' | 'CONFIRMED';
  proposedBy: string; proposedOn: string; confirmedBy: string | null; confirmedOn: string | null;
};

export interface SecretariatSeed {
  members: Array<{ country: string; name: string; contactPoint: string }>;
  /** In the order recorded. */
  jits: SecretariatJit[];
  /** In the order recorded; a link's basis is the criteria that matched and who decided, never identity values. */
  links: SecretariatLink[];
  /** Cooperation requests, in the order filed: a few in each state (see generateCooperation). */
  requests: Array<Omit<CooperationRecord, 'seq'>>;
}

/**
 * The seeded grant the demo token can use: the second member's prosecutor
 * (`npm run token -- --country CO --role prosecutor` when the members are AR,CO,…)
 * may read the identity of the first member's adult victim (P:3) for this purpose
 * and case reference, for 180 days from the day of seeding.
 */
export const DEMO_GRANT = {
  purpose: 'Investigation of a trafficking network',
  caseRef: 'CO-2026-TIP-0142',
  scope: ['person.identity'],
  requestId: makeId(SECRETARIAT_CODE, 'R', 1),
  grantId: makeId(SECRETARIAT_CODE, 'G', 1),
  days: 180,
} as const;

/**
 * The secretariat's data for a network of `countries`: the member directory; the
 * JIT XS:J:1 of the first two members (case 1 of each), proposed by the first and
 * agreed by both, so ACTIVE; XS:J:2, PROPOSED by the second member with its case 2
 * and awaiting the third's agreement (with two members: the first's, awaiting the
 * second); and links between national records of the same suspect, each proposed
 * by the left record's owner and CONFIRMED by the other: XS:L:1 joins the first and
 * the second member's P:1, then the first member's P:1 with every other member's
 * P:1, then the records of the transnational suspects (P:7, P:8) that two or more
 * members hold; last, with three members or more, a PROPOSED link from the second
 * member's P:1 to the third's, awaiting the third's confirmation. Every id points
 * at a record generateMember produces for the same seed.
 */
export function generateSecretariat(countries: string[], seed: number): SecretariatSeed {
  const list = [...new Set(countries)];
  const rng = new Random(hashSeed(SECRETARIAT_CODE, seed));
  const members = list.map((country) => ({
    country,
    name: MEMBER_NAMES[country] ?? `Fiscalía ${country}`,
    contactPoint: `Unidad de Cooperación Internacional y Extradiciones, cooperacion.internacional@fiscalia-${country.toLowerCase()}.example.org`,
  }));

  const jits: SecretariatJit[] = [];
  if (list.length >= 2) {
    const [a, b] = list;
    jits.push({
      id: makeId(SECRETARIAT_CODE, 'J', 1),
      name: `ECI ${a}–${b} "Cóndor"`,
      purpose: 'Joint investigation of a network recruiting victims in El Alto for forced labour and smuggling migrants along route RT-0001, led by the suspect known as "El Cóndor".',
      memberCountries: [a, b],
      startsOn: '2025-03-01',
      endsOn: null,
      caseIds: [makeId(a, 'C', ANCHORS.tipCaseSeq), makeId(b, 'C', ANCHORS.tipCaseSeq)],
      status: 'ACTIVE',
      proposedBy: a,
      agreements: [{ country: a, agreedOn: '2025-02-10' }, { country: b, agreedOn: '2025-02-24' }],
      endedOn: null,
    });
    const [p, q] = list.length >= 3 ? [list[1], list[2]] : [a, b];
    jits.push({
      id: makeId(SECRETARIAT_CODE, 'J', 2),
      name: `ECI ${p}–${q} "Pacífico"`,
      purpose: 'Proposed joint investigation of migrant smuggling along routes RT-0001 and RT-0002.',
      memberCountries: [p, q],
      startsOn: '2026-01-15',
      endsOn: null,
      caseIds: [makeId(p, 'C', ANCHORS.somCaseSeq)],
      status: 'PROPOSED',
      proposedBy: p,
      agreements: [{ country: p, agreedOn: '2025-12-01' }],
      endedOn: null,
    });
  }

  const links: SecretariatLink[] = [];
  const link = (leftId: string, rightId: string, criteria: string[], confirmed = true) => {
    const proposedOn = rng.dateBetween('2024-01-15', '2025-10-31');
    links.push({
      id: makeId(SECRETARIAT_CODE, 'L', links.length + 1), leftId, rightId, criteria, status: confirmed ? 'CONFIRMED' : 'PROPOSED',
      proposedBy: ownerOf(leftId)!, proposedOn,
      confirmedBy: confirmed ? ownerOf(rightId)! : null, confirmedOn: confirmed ? addDays(proposedOn, 3 + rng.int(0, 40)) : null,
    });
  };
  for (const other of list.slice(1)) {
    link(makeId(list[0], 'P', ANCHORS.suspectSeq), makeId(other, 'P', ANCHORS.suspectSeq), ['NAMES', 'DATE_OF_BIRTH', 'DOCUMENT', 'BIOMETRICS']);
  }
  const pool = transnationalSuspects(seed);
  const held = new Map(list.map((c) => [c, transnationalOf(c, seed)] as const));
  pool.forEach((_t, k) => {
    const holders = list.filter((c) => held.get(c)!.includes(k));
    const recordOf = (c: string) => makeId(c, 'P', ANCHORS.transnationalSeqs[held.get(c)!.indexOf(k)]);
    for (const other of holders.slice(1)) link(recordOf(holders[0]), recordOf(other), ['NAMES', 'DATE_OF_BIRTH', 'DOCUMENT']);
  });
  if (list.length >= 3) link(makeId(list[1], 'P', ANCHORS.suspectSeq), makeId(list[2], 'P', ANCHORS.suspectSeq), ['NAMES', 'DATE_OF_BIRTH', 'DOCUMENT'], false);
  return { members, jits, links, requests: list.length >= 2 ? generateCooperation(list, todayIso()) : [] };
}

/**
 * Cooperation requests among the first three members x, y, z (z = y with two), one
 * or two in each state, dated relative to `today` so that OVERDUE and EXPIRED hold on
 * the day of seeding (times at whole hours: the same day gives the same data).
 * XS:R:1 is DEMO_GRANT: y's prosecutor may read x's adult victim's identity. Requesters
 * are development identities, `prosecutor@<country>` of the development issuer.
 */
function generateCooperation(list: string[], today: string): Array<Omit<CooperationRecord, 'seq'>> {
  const [x, y] = list;
  const z = list[2] ?? y;
  const at = (days: number, hour: number) => `${addDays(today, days)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
  const PERIOD_HOURS = { URGENT: 8, NORMAL: 72, NON_URGENT: 336 } as const;
  const person = (cc: string, seq: number) => ({ given: makeId(cc, 'P', seq), kind: 'PERSON' as const, recordId: makeId(cc, 'P', seq) });
  const kase = (cc: string, seq: number) => ({ given: makeId(cc, 'C', seq), kind: 'CASE' as const, recordId: makeId(cc, 'C', seq) });
  const requests: Array<Omit<CooperationRecord, 'seq'>> = [];
  let grants = 0;
  type Spec = Pick<CooperationRecord, 'subjects' | 'scope' | 'legalBasis' | 'urgency' | 'reason'> & Partial<Pick<CooperationRecord, 'purpose' | 'caseRef' | 'legalInstrument'>>;
  const file = (from: string, to: string, filedAt: string, spec: Spec): Omit<CooperationRecord, 'seq'> => {
    const r: Omit<CooperationRecord, 'seq'> = {
      id: makeId(SECRETARIAT_CODE, 'R', requests.length + 1), state: 'FILED',
      requester: { issuer: DEV_ISSUER, subject: `prosecutor@${from.toLowerCase()}`, country: from }, owner: to,
      legalInstrument: null, purpose: 'Investigation of a trafficking network', caseRef: `${from}-2026-TIP-${String(100 + requests.length).padStart(4, '0')}`,
      filedAt, deadline: plusHours(filedAt, PERIOD_HOURS[spec.urgency]), decidedAt: null, decision: null, decisionReason: null, grant: null,
      history: [{ at: filedAt, by: from, kind: 'FILED', text: null }], ...spec,
    };
    requests.push(r);
    return r;
  };
  const ask = (r: Omit<CooperationRecord, 'seq'>, on: string, question: string) =>
    Object.assign(r, { state: 'AWAITING_REQUESTER', decision: 'ASK_MORE', decisionReason: question, history: [...r.history, { at: on, by: r.owner, kind: 'ASK_MORE', text: question }] });
  const decide = (r: Omit<CooperationRecord, 'seq'>, on: string, decision: 'GRANT' | 'PARTIAL' | 'REFUSE', reason: string | null, grant?: Partial<NonNullable<CooperationRecord['grant']>>) =>
    Object.assign(r, {
      state: decision === 'GRANT' ? 'GRANTED' : decision === 'PARTIAL' ? 'PARTLY_GRANTED' : 'REFUSED', decision, decisionReason: reason, decidedAt: on,
      grant: grant ? {
        id: makeId(SECRETARIAT_CODE, 'G', ++grants), scope: r.scope, subjects: r.subjects.map((s) => s.given), expiresOn: addDays(today, 30),
        conditions: null, handlingCode: null, revokedAt: null, revokedBy: null, ...grant,
      } : null,
      history: [...r.history, { at: on, by: r.owner, kind: 'DECISION', text: reason ? `${decision}: ${reason}` : decision }],
    });

  // 1. GRANTED, in force: the demo grant.
  decide(
    file(y, x, at(-5, 10), {
      subjects: [person(x, ANCHORS.victimAdultSeq)], scope: [...DEMO_GRANT.scope], legalBasis: 'DIRECT_COOPERATION', urgency: 'NORMAL',
      purpose: DEMO_GRANT.purpose, caseRef: DEMO_GRANT.caseRef,
      reason: 'The victim was recruited in our country; we need her identity to take her statement and offer protection.',
    }),
    at(-4, 15), 'GRANT', null,
    { expiresOn: addDays(today, DEMO_GRANT.days), handlingCode: 'H1', conditions: 'For the stated investigation only; not to be passed on without our consent.' },
  );
  // 2. FILED, within its deadline.
  file(x, y, at(0, 0), {
    subjects: [person(y, ANCHORS.suspectSeq)], scope: ['person.identity', 'person.documents'], legalBasis: 'MUTUAL_LEGAL_ASSISTANCE', urgency: 'NON_URGENT',
    reason: 'The suspect crossed the border with a second passport; we ask for the identity documents you hold.',
  });
  // 3. OVERDUE: urgent, filed three days ago, never decided.
  file(z, x, at(-3, 8), {
    subjects: [kase(x, ANCHORS.somCaseSeq)], scope: ['case.detail'], legalBasis: 'JIT_AGREEMENT', urgency: 'URGENT',
    reason: 'A smuggling boat with the same crew is expected this week; the file number and summary would let us act in time.',
  });
  // 4. AWAITING_OWNER: asked for more, answered yesterday; the deadline ran again from the answer.
  const answered = ask(file(x, z, at(-4, 9), {
    subjects: [person(z, ANCHORS.smugglerSeq)], scope: ['person.identity'], legalBasis: 'DIRECT_COOPERATION', urgency: 'NORMAL',
    reason: 'The smuggler is named by two migrants in our case.',
  }), at(-3, 11), 'Which of our cases is he named in, and in which role?');
  Object.assign(answered, {
    state: 'AWAITING_OWNER', deadline: plusHours(at(-1, 12), PERIOD_HOURS.NORMAL),
    history: [...answered.history, { at: at(-1, 12), by: x, kind: 'ANSWER', text: 'As the driver on route RT-0002, in the statements of two smuggled migrants.' }],
  });
  // 5. AWAITING_REQUESTER: the owner asks a question.
  ask(file(z, x, at(-2, 14), {
    subjects: [person(x, ANCHORS.witnessSeq)], scope: ['person.identity'], legalBasis: 'OTHER_INSTRUMENT', urgency: 'NORMAL',
    legalInstrument: 'Memorandum of understanding between the two prosecution services (2019)',
    reason: 'The witness may have seen the recruitment in our territory.',
  }), at(-1, 9), 'Is the witness to be heard in person, or is a written statement enough?');
  // 6. PARTLY_GRANTED: the identity of one of two persons, not the documents.
  decide(
    file(z, x, at(-9, 10), {
      subjects: [person(x, ANCHORS.suspectSeq), person(x, ANCHORS.smugglerSeq)], scope: ['person.identity', 'person.documents'],
      legalBasis: 'MUTUAL_LEGAL_ASSISTANCE', urgency: 'NORMAL', reason: 'Both suspects appear in our smuggling case.',
    }),
    at(-7, 16), 'PARTIAL', 'The second person is not linked to your case by anything we hold.',
    { scope: ['person.identity'], subjects: [makeId(x, 'P', ANCHORS.suspectSeq)], expiresOn: addDays(today, 60) },
  );
  // 7. REFUSED, with the reason the requester sees.
  decide(
    file(x, y, at(-12, 9), {
      subjects: [kase(y, ANCHORS.tipCaseSeq)], scope: ['case.detail', 'case.assessment'], legalBasis: 'DIRECT_COOPERATION', urgency: 'NON_URGENT',
      reason: 'Our victims were moved through your territory.',
    }),
    at(-10, 12), 'REFUSE', 'The case is under seal by court order until the indictment.',
  );
  // 8. WITHDRAWN by the requester.
  const withdrawn = file(x, z, at(-8, 10), {
    subjects: [person(z, ANCHORS.migrantSeq)], scope: ['person.identity'], legalBasis: 'DIRECT_COOPERATION', urgency: 'NORMAL',
    reason: 'The migrant may be a witness in our case.',
  });
  Object.assign(withdrawn, { state: 'WITHDRAWN', history: [...withdrawn.history, { at: at(-7, 10), by: x, kind: 'WITHDRAWN', text: 'The migrant was found and heard here.' }] });
  // 9. REVOKED by the owner while in force.
  const revoked = decide(
    file(x, y, at(-20, 10), {
      subjects: [person(y, ANCHORS.witnessSeq)], scope: ['person.identity'], legalBasis: 'MUTUAL_LEGAL_ASSISTANCE', urgency: 'NORMAL',
      reason: 'The witness may testify in our trial.',
    }),
    at(-18, 10), 'GRANT', null, { expiresOn: addDays(today, 40) },
  );
  Object.assign(revoked, {
    state: 'REVOKED', grant: { ...revoked.grant!, revokedAt: at(-6, 9), revokedBy: y },
    history: [...revoked.history, { at: at(-6, 9), by: y, kind: 'REVOKED', text: 'The witness is now under protection.' }],
  });
  // 10. EXPIRED: granted two months ago, through a day now past.
  decide(
    file(z, x, at(-60, 10), {
      subjects: [person(x, ANCHORS.smugglerSeq)], scope: ['person.identity'], legalBasis: 'DIRECT_COOPERATION', urgency: 'URGENT',
      reason: 'The smuggler was arrested here under another name.',
    }),
    at(-60, 15), 'GRANT', null, { expiresOn: addDays(today, -30) },
  );
  return requests;
}
