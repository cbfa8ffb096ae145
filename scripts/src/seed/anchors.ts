/** The seed's fixed points: the records every member holds at known ids, that tests, the README and the demo token name. */
import { makeId } from '@enlace/platform';
import type { ModusOperandi } from '@enlace/member';

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
  /**
   * A suspect only AR holds, for hit/no-hit by document and by name (issue 22): a check of his passport, or of
   * "QUISPE MAMANI Jhon" born 1984, finds him at AR alone. In no case: every foreign prosecutor gets the hit.
   */
  arOnly: {
    country: 'AR',
    givenNames: 'Jhon',
    familyNames: 'Quispe Mamani',
    sex: 'MALE',
    dateOfBirth: '1984-02-05',
    nationality: 'PE',
    passport: 'QM-551 0229',
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
