/**
 * Member resolvers. Reads go through the guarded data layer (ctx.data), which
 * returns only the records the caller may know of; field rules then decide
 * field by field. Writes go through one transaction each, after validation, so
 * bad input writes nothing.
 */
import { badInput, newId, notFound, validate as v } from '@enlace/common';
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
import type { CaseRecord, InvolvementRecord, PersonRecord, RouteObservationRecord, StoredPerson } from './records';
import { noCaseFacts } from './records';

const MAX_FIRST = 500;

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Whether this member is among the countries a list query names (all when none). */
export function asked(ctx: MemberContext, args: Args): boolean {
  return !args.countries || v.countries('countries', args.countries).includes(ctx.country);
}

/** A list's `first` argument: 50 by default, at most 500. */
export const first = (args: Args) => v.intBetween('first', args.first, 1, MAX_FIRST, 50);


function place(p: { country: string; locality?: string | null }) {
  return { country: p.country, locality: p.locality ?? null };
}

export const resolvers = {
  Query: {
    ...statisticsQueries,
    persons: (_: unknown, args: Args, ctx: MemberContext) => (asked(ctx, args) ? ctx.data.persons(args.filter ?? {}, first(args)) : []),
    person: (_: unknown, args: Args, ctx: MemberContext) => ctx.data.person(args.id),
    cases: (_: unknown, args: Args, ctx: MemberContext) => {
      if (!asked(ctx, args)) return [];
      const filter = args.filter ?? {};
      v.isoDate('filter.openedFrom', filter.openedFrom);
      v.isoDate('filter.openedTo', filter.openedTo);
      return ctx.data.cases(filter, first(args));
    },
    case: (_: unknown, args: Args, ctx: MemberContext) => ctx.data.case(args.id),
    routes: async (_: unknown, args: Args, ctx: MemberContext) => {
      if (!asked(ctx, args)) return [];
      const filter = args.filter ?? {};
      v.isoDate('filter.activeFrom', filter.activeFrom);
      v.isoDate('filter.activeTo', filter.activeTo);
      return (await ctx.data.routeCodes(filter, first(args))).map((code) => ({ code }));
    },
    route: async (_: unknown, args: Args, ctx: MemberContext) => {
      const code = v.routeCode('code', args.code);
      return (await ctx.data.observationsOfRoute(code)).length ? { code } : null;
    },
  },

  Person: {
    __resolveReference: (ref: { id: string }, ctx: MemberContext) => ctx.data.personEntity(ref.id),
    fullName: (p: PersonRecord) => `${p.givenNames} ${p.familyNames}`.trim(),
    ageBand: (p: PersonRecord) => ageBand(p.dateOfBirth, p.birthYear),
    minor: (p: PersonRecord) => isMinor(p.dateOfBirth, p.birthYear),
    documents: (p: PersonRecord, _: Args, ctx: MemberContext) => ctx.data.documentsOf(p),
    involvements: (p: PersonRecord, _: Args, ctx: MemberContext) => ctx.data.involvementsOf(p),
    cases: (p: PersonRecord, _: Args, ctx: MemberContext) => ctx.data.casesOf(p),
    ...financeResolvers.Person,
  },

  Involvement: {
    person: (i: InvolvementRecord, _: Args, ctx: MemberContext) => ctx.data.personOf(i),
    case: (i: InvolvementRecord, _: Args, ctx: MemberContext) => ctx.data.caseOf(i),
  },

  Case: {
    __resolveReference: (ref: { id: string }, ctx: MemberContext) => ctx.data.caseEntity(ref.id),
    involved: (c: CaseRecord, _: Args, ctx: MemberContext) => ctx.data.involvedIn(c),
    routes: (c: CaseRecord, _: Args, ctx: MemberContext) => ctx.data.observationsOfCase(c),
    retentionEndsOn: (c: CaseRecord, _: Args, ctx: MemberContext) => retentionEndsOn(c.closedOn, ctx.retentionYears),
    pastRetention: (c: CaseRecord, _: Args, ctx: MemberContext) => pastRetention(c.closedOn, ctx.retentionYears),
    ...financeResolvers.Case,
  },

  Account: financeResolvers.Account,
  TransferPage: financeResolvers.TransferPage,
  Transfer: financeResolvers.Transfer,

  Route: {
    __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
    observations: (r: { code: string }, _: Args, ctx: MemberContext) => ctx.data.observationsOfRoute(r.code),
  },

  RouteObservation: {
    origin: (o: RouteObservationRecord) => (o.legs.length ? place(o.legs[0].from) : null),
    destination: (o: RouteObservationRecord) => (o.legs.length ? place(o.legs[o.legs.length - 1].to) : null),
    transit: (o: RouteObservationRecord) => o.legs.slice(1).map((l) => place(l.from)),
    legs: (o: RouteObservationRecord) =>
      o.legs.map((l, i) => ({ sequence: i + 1, from: place(l.from), to: place(l.to), mode: l.mode })),
    cases: (o: RouteObservationRecord, _: Args, ctx: MemberContext) => ctx.data.casesOnObservation(o),
  },

  Mutation: {
    createPerson: async (_: unknown, { input }: Args, ctx: MemberContext) => {
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

    createCase: async (_: unknown, { input }: Args, ctx: MemberContext) => {
      requireOwnWriter(ctx);
      const involved: Array<{ personId: string; category: string }> = (input.involved ?? []).map((i: Args, n: number) => ({
        personId: ownId(ctx, `input.involved[${n}].personId`, i.personId),
        category: i.category,
      }));
      const observationIds: string[] = (input.routeObservationIds ?? []).map((id: unknown, n: number) =>
        ownId(ctx, `input.routeObservationIds[${n}]`, id),
      );
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

    addInvolvement: async (_: unknown, { caseId, input }: Args, ctx: MemberContext) => {
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

    setCaseStatus: async (_: unknown, args: Args, ctx: MemberContext) => {
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

    recordRouteObservation: async (_: unknown, { input }: Args, ctx: MemberContext) => {
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
};
