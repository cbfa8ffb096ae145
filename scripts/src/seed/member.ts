/** A member's generated records, in bounded batches (see generate.ts for what the seed holds). */
import { makeId } from '@enlace/platform';
import type {
  AccountRecord, CaseRecord, CaseRouteRecord, DocumentRecord, InvolvementRecord, LegRecord, ModusOperandi, PersonRecord, RouteObservationRecord, TransferRecord,
} from '@enlace/member';
import {
  ACTIVITY, ALIASES, counted, EXPLOITATION, H3_CONDITIONS, MIGRANT_NATIONALITIES, namePool, neighboursOf, OBSERVATION_DETAILS, RELATED_OFFENCE_NOTES, routeByCode, ROUTES, SUMMARIES, type Exploitation, type RouteKind,
} from './catalogue';
import { addDays, addYears, dayNumber, hashSeed, Random, todayIso } from './random';
import { caseFlows, caseModusOperandi, observationModusOperandi, type FinanceCounters } from './domain';
import { ANCHORS, SHARED_ROUTE_CODES } from './anchors';
import { nationalIdNumber, passportNumber, residencePermitNumber } from './documents';
import { transnationalOf, transnationalSuspects } from './transnational';

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
    const j = ANCHORS.arOnly;
    if (country === j.country) {
      const p = this.addPerson({ givenNames: j.givenNames, familyNames: j.familyNames, aliases: [], sex: j.sex, dateOfBirth: j.dateOfBirth, nationalities: [j.nationality] });
      this.addDocument(p, 'PASSPORT', j.passportIssuer, j.passport);
    }

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
