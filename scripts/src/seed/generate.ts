/**
 * Deterministic seed data with realistic shapes: TIP and SOM cases, suspects
 * with aliases and documents, victims (minors among them), smuggled migrants,
 * witnesses, and network-wide route codes observed by several members.
 *
 * Anchors the tests and README rely on, in every member CC:
 *   CC:P:1  adult SUSPECT "Mateo Quispe Huamán", alias "El Cóndor", passport PA-7741203
 *           (the same individual in every member: the secretariat links AR:P:1 ≡ CO:P:1)
 *   CC:P:2  VICTIM, a minor        CC:P:3  adult VICTIM        CC:P:4  WITNESS
 *   CC:C:1  TIP case, handling code H0, with persons 1–4, using route RT-0001
 *   CC:C:2  SOM case with person 1 as SUSPECT and person 5 a SMUGGLED_MIGRANT, using RT-0001
 *   RT-0001, RT-0002, RT-0003 are observed by every member.
 *   XS:J:1  a JIT of the first two members holding case 1 of each.
 */
import { makeId } from '@enlace/common';
import type {
  CaseRecord, CaseRouteRecord, DocumentRecord, InvolvementRecord, LegRecord, PersonRecord, RouteObservationRecord,
} from '@enlace/member';
import { hashSeed, Random } from './random';

export const ANCHORS = {
  suspectSeq: 1, victimMinorSeq: 2, victimAdultSeq: 3, witnessSeq: 4, migrantSeq: 5,
  tipCaseSeq: 1, somCaseSeq: 2, sharedRoutes: ['RT-0001', 'RT-0002', 'RT-0003'],
  suspect: { givenNames: 'Mateo', familyNames: 'Quispe Huamán', alias: 'El Cóndor', passport: 'PA-7741203' },
  jitId: 'XS:J:1',
} as const;

export interface MemberBatch {
  persons: PersonRecord[];
  documents: DocumentRecord[];
  cases: CaseRecord[];
  involvements: InvolvementRecord[];
  observations: RouteObservationRecord[];
  caseRoutes: CaseRouteRecord[];
}

const GIVEN_F = ['María', 'Ana', 'Lucía', 'Carmen', 'Rosa', 'Juana', 'Sofía', 'Valentina', 'Daniela', 'Gabriela', 'Camila', 'Isabel', 'Flor', 'Yesenia', 'Milagros'];
const GIVEN_M = ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Pedro', 'Andrés', 'Diego', 'Santiago', 'Wilmer', 'Edwin', 'Ronald', 'Héctor', 'Fabián'];
const FAMILY = ['Quispe', 'Rodríguez', 'Mamani', 'González', 'Flores', 'Gómez', 'Torres', 'Ramírez', 'Vargas', 'Rojas', 'Castillo', 'Herrera', 'Medina', 'Sánchez', 'Condori', 'Huamán', 'Pérez', 'Díaz', 'Álvarez', 'Martínez', 'Cárdenas', 'Ortiz', 'Silva', 'Benítez'];
const ALIASES = ['El Flaco', 'La Tía', 'Chino', 'El Gordo', 'Negro', 'La Patrona', 'El Profe', 'Mono', 'El Paisa', 'La Jefa', 'Coyote', 'El Chamo'];
const NEIGHBOURS: Record<string, string[]> = { AR: ['BO', 'PY', 'PE'], CO: ['VE', 'EC', 'PE'], PE: ['BO', 'EC', 'VE'] };

/** Network-wide route catalogue: legs between real border places. */
const ROUTES: Array<{ legs: Array<[string, string, string, string, string]>; mo: string }> = [
  { legs: [['BO', 'Villazón', 'AR', 'La Quiaca', 'LAND'], ['AR', 'La Quiaca', 'AR', 'Buenos Aires', 'LAND']], mo: 'Recruitment through false job offers in textile workshops; transport by bus with documents held by the recruiter.' },
  { legs: [['VE', 'Cúcuta', 'CO', 'Bogotá', 'LAND'], ['CO', 'Ipiales', 'EC', 'Tulcán', 'LAND'], ['EC', 'Huaquillas', 'PE', 'Tumbes', 'LAND']], mo: 'Irregular crossings through informal paths (trochas) guided by paid smugglers.' },
  { legs: [['PE', 'Tacna', 'CL', 'Arica', 'LAND']], mo: 'Crossing of the desert border on foot at night with a guide.' },
  { legs: [['CO', 'Necoclí', 'PA', 'Darién', 'SEA'], ['PA', 'Darién', 'CR', 'Paso Canoas', 'LAND']], mo: 'Boat transfer across the Gulf of Urabá, then the jungle route on foot.' },
  { legs: [['PE', 'Lima', 'MX', 'Ciudad de México', 'AIR'], ['MX', 'Tapachula', 'US', 'El Paso', 'LAND']], mo: 'Flights with tourist visas followed by overland smuggling to the northern border.' },
  { legs: [['PY', 'Ciudad del Este', 'AR', 'Puerto Iguazú', 'RIVER']], mo: 'River crossing in small boats; victims moved to nightclubs.' },
  { legs: [['BO', 'Desaguadero', 'PE', 'Puno', 'LAND'], ['PE', 'Puno', 'PE', 'Madre de Dios', 'LAND']], mo: 'Labour exploitation in informal gold mining; debt bondage.' },
  { legs: [['EC', 'Quito', 'ES', 'Madrid', 'AIR']], mo: 'Air travel with fraudulent invitations; sexual exploitation at destination.' },
];
const ROUTE_CODES = Array.from({ length: 40 }, (_, i) => `RT-${String(i + 1).padStart(4, '0')}`);

const SUMMARIES_TIP = [
  'Recruitment of young women through social media job offers and sexual exploitation in {place}.',
  'Labour exploitation of migrants in textile workshops with retention of identity documents in {place}.',
  'Forced begging of children organised by a family network operating in {place}.',
  'Debt bondage of workers in informal mining camps near {place}.',
];
const SUMMARIES_SOM = [
  'Organised smuggling of migrants across the border near {place} in exchange for payment.',
  'Network providing fraudulent documents and transport to migrants through {place}.',
  'Smuggling of migrants by boat with risk to life, departure from {place}.',
];
const H3_CONDITIONS = ['Use only for coordination of the joint operation; consult the owner before any arrest.', 'Not to be shared with third countries; court use only after MLA request.'];

function routeCatalogue(code: string) {
  return ROUTES[(Number(code.slice(3)) - 1) % ROUTES.length];
}

function observation(rng: Random, country: string, seq: number, code: string): RouteObservationRecord {
  const route = routeCatalogue(code);
  const legs: LegRecord[] = route.legs.map(([fc, fl, tc, tl, mode]) => ({ from: { country: fc, locality: fl }, to: { country: tc, locality: tl }, mode }));
  const from = rng.date(2016, 2023);
  return {
    id: makeId(country, 'R', seq), seq, country, routeCode: code, legs, modusOperandi: route.mo,
    activeFrom: from, activeTo: rng.chance(0.5) ? null : rng.date(Number(from.slice(0, 4)) + 1, 2025),
  };
}

/** A person; `minor` forces a date of birth under 18. */
function person(rng: Random, country: string, seq: number, opts: { minor?: boolean; alias?: boolean } = {}): PersonRecord {
  const female = rng.chance(0.5);
  const year = opts.minor ? new Date().getUTCFullYear() - rng.int(8, 16) : rng.int(1960, 2004);
  return {
    id: makeId(country, 'P', seq), seq, country,
    givenNames: rng.pick(female ? GIVEN_F : GIVEN_M),
    familyNames: `${rng.pick(FAMILY)} ${rng.pick(FAMILY)}`,
    aliases: opts.alias ? [rng.pick(ALIASES)] : [],
    sex: female ? 'FEMALE' : 'MALE',
    dateOfBirth: rng.chance(0.92) || opts.minor ? `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : null,
    nationalities: [rng.chance(0.6) ? country : rng.pick(NEIGHBOURS[country] ?? ['VE', 'BO', 'PY'])],
  };
}

function documentNumber(rng: Random): string {
  const letters = String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25));
  const digits = String(rng.int(1000000, 9999999));
  return rng.pick([`${letters}${digits}`, `${letters}-${digits}`, `${letters} ${digits.slice(0, 3)} ${digits.slice(3)}`]);
}

/**
 * The member's data in batches of at most `batchSize` persons, so memory stays
 * bounded however large the scale.
 */
export function* generateMember(country: string, options: { persons: number; seed: number; batchSize?: number }): Generator<MemberBatch> {
  const rng = new Random(hashSeed(country, options.seed));
  const batchSize = options.batchSize ?? 5000;
  let caseSeq = 0;
  let docSeq = 0;
  let obsSeq = 0;
  const observationsByCode = new Map<string, string>();

  const newBatch = (): MemberBatch => ({ persons: [], documents: [], cases: [], involvements: [], observations: [], caseRoutes: [] });
  const useRoute = (batch: MemberBatch, code: string): string => {
    let id = observationsByCode.get(code);
    if (!id) {
      const o = observation(rng, country, ++obsSeq, code);
      batch.observations.push(o);
      observationsByCode.set(code, (id = o.id));
    }
    return id;
  };
  const addDocument = (batch: MemberBatch, p: PersonRecord, type: string, issuing: string, number = documentNumber(rng)) =>
    batch.documents.push({ id: makeId(country, 'D', ++docSeq), personId: p.id, type, number, issuingCountry: issuing });

  let seq = 0;
  while (seq < options.persons) {
    const batch = newBatch();
    if (seq === 0) {
      for (const code of ANCHORS.sharedRoutes) useRoute(batch, code);
    }
    const end = Math.min(options.persons, seq + batchSize);
    while (seq < end) {
      // One case at a time: 2–8 persons, the first one or two of them suspects.
      const anchor = seq === 0;
      const size = anchor ? 5 : Math.min(end - seq, rng.int(2, 8));
      const som = anchor ? false : rng.chance(0.45);
      const members: Array<{ p: PersonRecord; category: string }> = [];
      for (let k = 0; k < size; k++) {
        const s = ++seq;
        let category: string;
        if (anchor) category = ['SUSPECT', 'VICTIM', 'VICTIM', 'WITNESS', 'SMUGGLED_MIGRANT'][k];
        else if (k === 0) category = rng.pick(['SUSPECT', 'SUSPECT', 'ACCUSED', 'CONVICTED']);
        else if (k === 1 && rng.chance(0.5)) category = 'SUSPECT';
        else category = rng.chance(0.15) ? 'WITNESS' : som ? 'SMUGGLED_MIGRANT' : 'VICTIM';
        const offender = ['SUSPECT', 'ACCUSED', 'CONVICTED'].includes(category);
        const minor = anchor ? k === 1 : category === 'VICTIM' && rng.chance(0.2);
        const p = person(rng, country, s, { minor, alias: offender && rng.chance(0.7) });
        if (anchor && k === 0) {
          Object.assign(p, { givenNames: ANCHORS.suspect.givenNames, familyNames: ANCHORS.suspect.familyNames, aliases: [ANCHORS.suspect.alias], sex: 'MALE', dateOfBirth: '1979-03-14', nationalities: ['PE'] });
          addDocument(batch, p, 'PASSPORT', 'PE', ANCHORS.suspect.passport);
        } else if (anchor && k === 2) {
          Object.assign(p, { familyNames: 'Rodríguez Flores', dateOfBirth: '1996-07-02' });
        } else if (anchor && k === 3) {
          Object.assign(p, { dateOfBirth: '1985-11-20' });
        }
        if (!(anchor && k === 0)) {
          if (rng.chance(0.8)) addDocument(batch, p, 'NATIONAL_ID', p.nationalities[0]);
          if (offender && rng.chance(0.6)) addDocument(batch, p, 'PASSPORT', p.nationalities[0]);
        }
        batch.persons.push(p);
        members.push({ p, category });
      }
      const casesHere = anchor ? 2 : 1;
      for (let n = 0; n < casesHere; n++) {
        const c = ++caseSeq;
        const isSom = anchor ? n === 1 : som;
        const code = anchor ? 'RT-0001' : rng.pick(ROUTE_CODES);
        const place = routeCatalogue(code).legs[0][1];
        const offences = [isSom ? 'SOM' : 'TIP'];
        if (!anchor && rng.chance(0.15)) offences.push(isSom ? 'TIP' : 'SOM');
        if (!anchor && rng.chance(0.2)) offences.push(rng.pick(['DOCUMENT_FRAUD', 'MONEY_LAUNDERING', 'ORGANISED_CRIME', 'CORRUPTION']));
        const handlingCode = anchor ? 'H0' : rng.pick(['H0', 'H0', 'H0', 'H1', 'H1', 'H2', 'H3']);
        const openedOn = rng.date(2018, 2025);
        const status = anchor ? 'INVESTIGATION' : rng.pick(['INVESTIGATION', 'INVESTIGATION', 'PROSECUTION', 'TRIAL', 'CLOSED']);
        batch.cases.push({
          id: makeId(country, 'C', c), seq: c, country, reference: `${country}-FIS-${openedOn.slice(0, 4)}-${String(c).padStart(5, '0')}`,
          offences, status, openedOn, closedOn: status === 'CLOSED' ? `${Number(openedOn.slice(0, 4)) + 1}${openedOn.slice(4)}` : null,
          summary: rng.pick(isSom ? SUMMARIES_SOM : SUMMARIES_TIP).replace('{place}', place),
          handlingCode, handlingConditions: handlingCode === 'H3' ? rng.pick(H3_CONDITIONS) : null,
          sourceReliability: rng.pick(['A', 'B', 'B', 'C', 'X']), informationAccuracy: rng.int(1, 4),
        });
        const involved = anchor ? (n === 0 ? members.slice(0, 4) : [members[0], members[4]]) : members;
        for (const m of involved) {
          const category = anchor && n === 1 && m === members[0] ? 'SUSPECT' : m.category;
          batch.involvements.push({ personId: m.p.id, caseId: makeId(country, 'C', c), category });
        }
        const routeCount = anchor ? 1 : rng.int(0, 2);
        const codes = anchor ? [code] : [...new Set(Array.from({ length: routeCount }, () => rng.pick(ROUTE_CODES)))];
        for (const rc of codes) batch.caseRoutes.push({ caseId: makeId(country, 'C', c), observationId: useRoute(batch, rc) });
      }
    }
    yield batch;
  }
}

export interface SecretariatSeed {
  members: Array<{ country: string; name: string; contactPoint: string }>;
  jits: Array<{ id: string; name: string; purpose: string; memberCountries: string[]; startsOn: string; endsOn: string | null; caseIds: string[] }>;
  links: Array<{ id: string; leftId: string; rightId: string; basis: string; confirmedOn: string }>;
}

const MEMBER_NAMES: Record<string, string> = {
  AR: 'Procuraduría de Trata y Explotación de Personas (PROTEX), Argentina',
  CO: 'Fiscalía General de la Nación, Colombia',
  PE: 'Ministerio Público – Fiscalía de la Nación, Perú',
};

/** The secretariat's directory, a JIT of the first two members, and confirmed links between their records. */
export function generateSecretariat(countries: string[], seed: number): SecretariatSeed {
  const rng = new Random(hashSeed('XS', seed));
  const members = countries.map((country) => ({
    country,
    name: MEMBER_NAMES[country] ?? `Fiscalía ${country}`,
    contactPoint: `Unidad de cooperación internacional, cooperacion@fiscalia-${country.toLowerCase()}.example.org`,
  }));
  const [a, b] = countries;
  const jits = b
    ? [{
        id: ANCHORS.jitId, name: `ECI ${a}-${b} Cóndor`, purpose: 'Joint investigation of a trafficking network recruiting victims for sexual and labour exploitation along route RT-0001',
        memberCountries: [a, b], startsOn: '2025-03-01', endsOn: '2027-03-01', caseIds: [makeId(a, 'C', 1), makeId(b, 'C', 1)],
      }]
    : [];
  const links: SecretariatSeed['links'] = [];
  for (let i = 1; i < countries.length; i++) {
    links.push({
      id: makeId('XS', 'L', links.length + 1), leftId: makeId(countries[0], 'P', 1), rightId: makeId(countries[i], 'P', 1),
      basis: `Same passport ${ANCHORS.suspect.passport} and biometric comparison`, confirmedOn: rng.date(2024, 2025),
    });
  }
  return { members, jits, links };
}
