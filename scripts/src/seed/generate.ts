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
 *   XS:J:2  a PROPOSED JIT (second and third member); the last link is a PROPOSED one (P:6 to P:6): see generateSecretariat.
 * A member always has at least ANCHORS.minPersons persons, so that every anchor exists.
 */
export { ANCHORS, SECRETARIAT_CODE, SHARED_ROUTE_CODES } from './anchors';
export { generateMember, effectivePersons, type GenerateOptions, type MemberBatch } from './member';
export { transnationalSuspects, transnationalOf, type TransnationalSuspect } from './transnational';
export { generateSecretariat, DEMO_GRANT, type SecretariatSeed } from './secretariat';
