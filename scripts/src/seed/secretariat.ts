/** The secretariat's generated data: the directory, joint investigation teams, person links and cooperation requests. */
import { makeId, ownerOf } from '@enlace/platform';
import { MEMBER_NAMES } from './catalogue';
import type { CooperationRecord } from '@enlace/secretariat';
import { DEV_ISSUER } from '../devIssuer';
import { addDays, hashSeed, Random, todayIso } from './random';
import { ANCHORS, SECRETARIAT_CODE } from './anchors';
import { transnationalOf, transnationalSuspects } from './transnational';

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
 * members hold; with three members or more, the second member's P:1 with the third's
 * (CONFIRMED: the second member sees the suspect in three countries), and last a
 * PROPOSED link from the second member's smuggler (P:6) to the third's, awaiting the
 * third's check (a proposal may be wrong: it is not a link). Every id points
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
  if (list.length >= 3) {
    // The suspect confirmed in three countries, so that the second member's prosecutors see all three records.
    link(makeId(list[1], 'P', ANCHORS.suspectSeq), makeId(list[2], 'P', ANCHORS.suspectSeq), ['NAMES', 'DATE_OF_BIRTH', 'DOCUMENT']);
    // A proposal awaiting the third member's check: the smugglers of two members' cases, thought to be one man by name alone.
    link(makeId(list[1], 'P', ANCHORS.smugglerSeq), makeId(list[2], 'P', ANCHORS.smugglerSeq), ['NAMES'], false);
  }
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
