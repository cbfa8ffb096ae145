/**
 * What the protocol says should happen, computed apart from the member's code:
 * the facts come from the seed generator's own output (the same data the test
 * network's stores are seeded with), the rules from schema/protocol/v1.json,
 * and the clause semantics, written out again plainly from PROTOCOL.md, are the conformance
 * check's (scripts/src/conformance/oracle.ts), so the check and these tests judge alike.
 */
import { makeId, type Role } from '@enlace/platform';
import {
  loadProtocol, type CaseRecord, type CaseRouteRecord, type DocumentRecord, type InvolvementRecord, type PersonRecord, type ProtocolDocument,
  type RouteObservationRecord,
} from '@enlace/member';
import { generateMember, generateSecretariat } from '@enlace/scripts/seed/generate';
import { grants as oracleGrants, knownAdult, type RecordFacts } from '@enlace/scripts/conformance/oracle';

export interface CallerSpec {
  name: string;
  country: string;
  roles: Role[];
  /** The case reference stated (default TEST-1). */
  caseRef?: string;
  /** The cooperation grants the caller holds for this purpose and case reference (default none). */
  grants?: Array<{ records: string[]; scope: string[]; legalBasis: string }>;
}

export interface PersonFacts {
  adult: boolean;
  categories: Set<string>;
  handling: string[];
  caseIds: string[];
}

export interface World {
  owner: string;
  protocol: ProtocolDocument;
  persons: Map<string, PersonRecord>;
  cases: Map<string, CaseRecord>;
  involvements: InvolvementRecord[];
  documents: DocumentRecord[];
  observations: Map<string, RouteObservationRecord>;
  caseRoutes: CaseRouteRecord[];
  facts: Map<string, PersonFacts>;
  jits: ReturnType<typeof generateSecretariat>['jits'];
}

/** The record's facts as the oracle reads them. */
function factsOf(world: World, target: NonNullable<Target>): RecordFacts {
  if (target.kind === 'Person') {
    const f = world.facts.get(target.id)!;
    return { kind: 'Person', id: target.id, ...f, flaggedForPartners: Boolean(world.persons.get(target.id)!.flaggedForPartners) };
  }
  const c = world.cases.get(target.id)!;
  return { kind: 'Case', id: c.id, adult: false, categories: new Set(), handling: [c.handlingCode], caseIds: [c.id], flaggedForPartners: false };
}

export function buildWorld(owner: string, countries: string[], persons: number, seed: number): World {
  const world: World = {
    owner, protocol: loadProtocol(1), persons: new Map(), cases: new Map(), involvements: [], documents: [], observations: new Map(), caseRoutes: [], facts: new Map(),
    jits: generateSecretariat(countries, seed).jits,
  };
  for (const batch of generateMember(owner, { persons, seed })) {
    for (const p of batch.persons) world.persons.set(p.id, p);
    for (const c of batch.cases) world.cases.set(c.id, c);
    world.involvements.push(...batch.involvements);
    world.documents.push(...batch.documents);
    for (const o of batch.observations) world.observations.set(o.id, o);
    world.caseRoutes.push(...batch.caseRoutes);
  }
  for (const p of world.persons.values()) {
    const mine = world.involvements.filter((i) => i.personId === p.id);
    const caseIds = [...new Set(mine.map((i) => i.caseId))];
    world.facts.set(p.id, {
      adult: knownAdult(p.dateOfBirth),
      categories: new Set(mine.map((i) => i.category)),
      handling: caseIds.map((id) => world.cases.get(id)!.handlingCode),
      caseIds,
    });
  }
  return world;
}

/** The cases of the JIT the caller works for, when it works for one that holds the owner's cases. */
function jitCases(world: World, caller: CallerSpec): Set<string> | null {
  if (caller.country === world.owner) return null;
  const jit = world.jits.find((j) => j.id === caller.caseRef);
  if (!jit) return null;
  const today = new Date().toISOString().slice(0, 10);
  const status = (jit as { status?: string }).status ?? 'ACTIVE';
  const active = status === 'ACTIVE' && jit.startsOn <= today && (!jit.endsOn || today <= jit.endsOn);
  if (!active || !jit.memberCountries.includes(caller.country) || !jit.memberCountries.includes(world.owner)) return null;
  return new Set(jit.caseIds);
}

export type Target = { kind: 'Person' | 'Case'; id: string } | null;

/** Whether the rule grants the caller (who states a purpose) the read on the target record: the conformance check's oracle, on the seeded world. */
export function grants(world: World, ruleName: string, caller: CallerSpec, target: Target): boolean {
  return oracleGrants({ protocol: world.protocol, owner: world.owner, jitCases: jitCases(world, caller) }, ruleName, caller, target && factsOf(world, target));
}

export function knows(world: World, caller: CallerSpec, target: NonNullable<Target>): boolean {
  return grants(world, world.protocol.visibility[target.kind], caller, target);
}

/** A varied handful of the owner's records: the anchors, and the first of each kind of fact that matters. */
export function catalogue(world: World): { persons: string[]; cases: string[] } {
  const persons = new Set<string>();
  const add = (pred: (p: PersonRecord, f: PersonFacts) => boolean) => {
    for (const p of world.persons.values()) {
      if (pred(p, world.facts.get(p.id)!)) {
        persons.add(p.id);
        return;
      }
    }
  };
  for (let seq = 1; seq <= 8; seq++) persons.add(makeId(world.owner, 'P', seq));
  const offender = (f: PersonFacts) => f.categories.size > 0 && [...f.categories].every((c) => ['SUSPECT', 'ACCUSED', 'CONVICTED'].includes(c));
  add((p) => p.dateOfBirth === null);
  add((_, f) => !f.adult && f.categories.has('VICTIM') && !f.caseIds.includes(makeId(world.owner, 'C', 1)));
  add((_, f) => !f.adult && offender(f));
  for (const code of ['H1', 'H2', 'H3']) add((_, f) => f.adult && offender(f) && f.handling.includes(code));
  add((_, f) => f.adult && f.categories.has('ACCUSED'));
  add((_, f) => f.adult && f.categories.has('CONVICTED'));
  add((_, f) => f.adult && f.categories.has('WITNESS') && !f.caseIds.includes(makeId(world.owner, 'C', 1)));
  add((_, f) => f.categories.size > 1 && [...f.categories].some((c) => ['SUSPECT', 'ACCUSED', 'CONVICTED'].includes(c)) && !offender(f));
  add((_, f) => f.categories.size === 0);
  const cases = new Set<string>([makeId(world.owner, 'C', 1), makeId(world.owner, 'C', 2), makeId(world.owner, 'C', 3)]);
  for (const code of ['H0', 'H1', 'H2', 'H3']) {
    const c = [...world.cases.values()].find((x) => x.handlingCode === code && !cases.has(x.id));
    if (c) cases.add(c.id);
  }
  return { persons: [...persons].filter((id) => world.persons.has(id)), cases: [...cases].filter((id) => world.cases.has(id)) };
}

/** The callers of the matrix, for records owned by `owner`; `jitPartner` is in the JIT with it, `outsider` is not. */
export function callers(owner: string, jitPartner: string, outsider: string, jitId: string): CallerSpec[] {
  return [
    { name: 'own prosecutor', country: owner, roles: ['prosecutor'] },
    { name: 'own analyst', country: owner, roles: ['analyst'] },
    { name: 'own auditor', country: owner, roles: ['auditor'] },
    { name: 'JIT prosecutor', country: jitPartner, roles: ['prosecutor'], caseRef: jitId },
    { name: 'JIT analyst', country: jitPartner, roles: ['analyst'], caseRef: jitId },
    { name: 'JIT member state prosecutor not working for the JIT', country: jitPartner, roles: ['prosecutor'] },
    { name: 'foreign prosecutor naming a JIT it is not in', country: outsider, roles: ['prosecutor'], caseRef: jitId },
    { name: 'foreign analyst', country: outsider, roles: ['analyst'] },
    { name: 'foreign auditor', country: outsider, roles: ['auditor'] },
    { name: 'secretariat', country: 'XS', roles: ['secretariat'] },
    { name: 'partner', country: 'XP', roles: ['partner'] },
  ];
}
