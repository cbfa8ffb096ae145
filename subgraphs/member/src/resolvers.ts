/**
 * Member resolvers. Reads go through the guarded data layer (ctx.data), which
 * returns only the records the caller may know of; field rules then decide
 * field by field. Writes go through one transaction each, after validation, so
 * bad input writes nothing.
 */
import { badInput, newId, notFound, validate as v } from '@enlace/platform';
import type { MemberContext } from './context';
import { ageBand, isMinor } from './dates';
import { caseFields, documentFields, personFields } from './inputs';
import { pastRetention, retentionEndsOn } from './retention';
import { upkeepMutations } from './upkeep/resolvers';
import { statisticsQueries } from './statistics';
import { financeResolvers } from './finance/resolvers';
import { modusOperandiFields } from './modusOperandi';
import { routeObservationFields } from './routeInputs';
import { flagForPartners } from './partnerFlag';
import { ownId, requireOwnWriter } from './writeAccess';
import * as repo from './repository';
import type { CaseRecord, LegRecord, PersonRecord, RouteObservationRecord, StoredPerson } from './records';
import { noCaseFacts } from './records';
import type { Resolvers } from './generated/resolvers';

const MAX_FIRST = 500;

/** Whether this member is among the countries a list query names (all when none). */
export function asked(ctx: MemberContext, args: { countries?: string[] | null }): boolean {
  return !args.countries || v.countries('countries', args.countries).includes(ctx.country);
}

/** A list's `first` argument: 50 by default, at most 500. */
export const first = (args: { first?: number | null }) => v.intBetween('first', args.first, 1, MAX_FIRST, 50);

/** A leg of an observation as RouteObservation.legs gives it: numbered from 1. */
export type NumberedLeg = LegRecord & { sequence: number };

function place(p: { country: string; locality?: string | null }) {
  return { country: p.country, locality: p.locality ?? null };
}

export const resolvers = {
  Query: {
    ...statisticsQueries,
    persons: (_, args, ctx) => (asked(ctx, args) ? ctx.data.persons(args.filter ?? {}, first(args)) : []),
    person: (_, args, ctx) => ctx.data.person(args.id),
    cases: (_, args, ctx) => {
      if (!asked(ctx, args)) return [];
      const filter = args.filter ?? {};
      v.isoDate('filter.openedFrom', filter.openedFrom);
      v.isoDate('filter.openedTo', filter.openedTo);
      return ctx.data.cases(filter, first(args));
    },
    case: (_, args, ctx) => ctx.data.case(args.id),
    routes: async (_, args, ctx) => {
      if (!asked(ctx, args)) return [];
      const filter = args.filter ?? {};
      v.isoDate('filter.activeFrom', filter.activeFrom);
      v.isoDate('filter.activeTo', filter.activeTo);
      return (await ctx.data.routeCodes(filter, first(args))).map((code) => ({ code }));
    },
    route: async (_, args, ctx) => {
      const code = v.routeCode('code', args.code);
      return (await ctx.data.observationsOfRoute(code)).length ? { code } : null;
    },
  },

  Person: {
    __resolveReference: (ref, ctx) => ctx.data.personEntity(ref.id),
    fullName: (p) => `${p.givenNames} ${p.familyNames}`.trim(),
    ageBand: (p) => ageBand(p.dateOfBirth, p.birthYear),
    minor: (p) => isMinor(p.dateOfBirth, p.birthYear),
    documents: (p, _, ctx) => ctx.data.documentsOf(p),
    involvements: (p, _, ctx) => ctx.data.involvementsOf(p),
    cases: (p, _, ctx) => ctx.data.casesOf(p),
    ...financeResolvers.Person,
  },

  Involvement: {
    person: (i, _, ctx) => ctx.data.personOf(i),
    case: (i, _, ctx) => ctx.data.caseOf(i),
  },

  Case: {
    __resolveReference: (ref, ctx) => ctx.data.caseEntity(ref.id),
    involved: (c, _, ctx) => ctx.data.involvedIn(c),
    routes: (c, _, ctx) => ctx.data.observationsOfCase(c),
    retentionEndsOn: (c, _, ctx) => retentionEndsOn(c.closedOn, ctx.retentionYears),
    pastRetention: (c, _, ctx) => pastRetention(c.closedOn, ctx.retentionYears),
    ...financeResolvers.Case,
  },

  Account: financeResolvers.Account,
  TransferPage: financeResolvers.TransferPage,
  Transfer: financeResolvers.Transfer,

  Route: {
    __resolveReference: (ref) => ({ code: ref.code }),
    observations: (r, _, ctx) => ctx.data.observationsOfRoute(r.code),
  },

  RouteObservation: {
    origin: (o) => (o.legs.length ? place(o.legs[0].from) : null),
    destination: (o) => (o.legs.length ? place(o.legs[o.legs.length - 1].to) : null),
    transit: (o) => o.legs.slice(1).map((l) => place(l.from)),
    legs: (o) =>
      o.legs.map((l, i) => ({ sequence: i + 1, from: place(l.from), to: place(l.to), mode: l.mode })),
    cases: (o, _, ctx) => ctx.data.casesOnObservation(o),
  },

  Mutation: {
    createPerson: async (_, { input }, ctx) => {
      requireOwnWriter(ctx);
      const documents = documentFields(input.documents);
      const fields = personFields(input);
      const person = await ctx.store.write(async (tx) => {
        const seq = await repo.reserveSeq(tx, 'P', 1);
        // Flagging for partner networks is the owner's decision, made on the record later (never on creation).
        const record: PersonRecord = { id: newId(ctx.country, 'P'), seq, country: ctx.country, ...fields, flaggedForPartners: false };
        await repo.insertPersons(tx, [record]);
        if (documents.length) {
          await repo.insertDocuments(tx, documents.map((d) => ({ ...d, id: newId(ctx.country, 'D'), personId: record.id })));
        }
        return record;
      });
      ctx.audit.wrote([person.id]);
      const stored: StoredPerson = { ...person, facts: noCaseFacts() }; // no cases yet
      return ctx.data.wrote('Person', [stored])[0];
    },

    createCase: async (_, { input }, ctx) => {
      requireOwnWriter(ctx);
      const involved = (input.involved ?? []).map((i, n) => ({
        personId: ownId(ctx, `input.involved[${n}].personId`, i.personId),
        category: i.category,
      }));
      const observationIds = (input.routeObservationIds ?? []).map((id, n) => ownId(ctx, `input.routeObservationIds[${n}]`, id));
      const fields = { ...caseFields(input), ...modusOperandiFields(input) };
      const created = await ctx.store.write(async (tx) => {
        const persons = await repo.existingIds(tx, 'Person', involved.map((i) => i.personId));
        involved.forEach((i, n) => {
          if (!persons.has(i.personId)) throw badInput(`input.involved[${n}].personId`, `no person ${i.personId}`);
        });
        const observations = await repo.existingIds(tx, 'RouteObservation', observationIds);
        observationIds.forEach((id, n) => {
          if (!observations.has(id)) throw badInput(`input.routeObservationIds[${n}]`, `no route observation ${id}`);
        });
        const seq = await repo.reserveSeq(tx, 'C', 1);
        const record: CaseRecord = { id: newId(ctx.country, 'C'), seq, country: ctx.country, ...fields };
        await repo.insertCases(tx, [record]);
        await repo.insertInvolvements(tx, involved.map((i) => ({ ...i, caseId: record.id })));
        await repo.insertCaseRoutes(tx, observationIds.map((observationId) => ({ caseId: record.id, observationId })));
        return record;
      });
      ctx.audit.wrote([created.id]);
      return ctx.data.wrote('Case', [created])[0];
    },

    addInvolvement: async (_, { caseId, input }, ctx) => {
      requireOwnWriter(ctx);
      const cid = ownId(ctx, 'caseId', caseId);
      const pid = ownId(ctx, 'input.personId', input.personId);
      const updated = await ctx.store.write(async (tx) => {
        const record = await repo.readCase(tx, cid);
        if (!record) throw notFound(`Case ${cid}`);
        if (!(await repo.existingIds(tx, 'Person', [pid])).has(pid)) throw badInput('input.personId', `no person ${pid}`);
        if (await repo.involvementExists(tx, pid, cid)) throw badInput('input.personId', `${pid} is already involved in ${cid}`);
        await repo.insertInvolvements(tx, [{ personId: pid, caseId: cid, category: input.category }]);
        return record;
      });
      ctx.audit.wrote([updated.id, pid]);
      return ctx.data.wrote('Case', [updated])[0];
    },

    setCaseStatus: async (_, args, ctx) => {
      requireOwnWriter(ctx);
      const cid = ownId(ctx, 'caseId', args.caseId);
      const closedOn = v.isoDate('closedOn', args.closedOn, { required: args.status === 'CLOSED', notFuture: true });
      if (closedOn && args.status !== 'CLOSED') throw badInput('closedOn', 'is only set when the status is CLOSED');
      const updated = await ctx.store.write(async (tx) => {
        const record = await repo.readCase(tx, cid);
        if (!record) throw notFound(`Case ${cid}`);
        if (closedOn && closedOn < record.openedOn) throw badInput('closedOn', 'must not be before the case was opened');
        await repo.updateCaseStatus(tx, cid, args.status, closedOn);
        return { ...record, status: args.status, closedOn };
      });
      ctx.audit.wrote([updated.id]);
      return ctx.data.wrote('Case', [updated])[0];
    },

    recordRouteObservation: async (_, { input }, ctx) => {
      requireOwnWriter(ctx);
      const fields = routeObservationFields(input);
      const observation = await ctx.store.write(async (tx) => {
        const seq = await repo.reserveSeq(tx, 'R', 1);
        const record: RouteObservationRecord = { id: newId(ctx.country, 'R'), seq, country: ctx.country, ...fields };
        await repo.insertObservations(tx, [record]);
        return record;
      });
      ctx.audit.wrote([observation.id]);
      return observation;
    },

    ...upkeepMutations,
    ...financeResolvers.Mutation,
    flagForPartners,
  },
} satisfies Resolvers;
