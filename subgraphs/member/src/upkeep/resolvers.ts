/**
 * Changing and erasing the owner's records (a case's status, handling and coded
 * modus operandi; a person's data and documents): each mutation validates with the same
 * rules as creating (inputs.ts), writes in one transaction, and is audited with the
 * ids it wrote (the audit log keeps that a record was changed or erased, never the
 * data). The name index follows in the same transaction (nameIndex.ts).
 */
import { newId, notFound } from '@enlace/platform';
import { documentFields, handling, personFields, statusAndClosing } from '../inputs';
import { MODUS_OPERANDI_FIELDS, modusOperandiFields } from '../modusOperandi';
import * as repo from '../repository';
import { ownId, requireOwnEraser, requireOwnWriter } from '../writeAccess';
import * as upkeep from './repository';
import type { MutationResolvers } from '../generated/resolvers';

/** A field of an update: the given value (null clears it), or the current one when the input leaves it out. */
const given = <I extends object>(input: I, field: keyof I, current: unknown): unknown => (field in input ? input[field] : current);

export const upkeepMutations = {
  updateCase: async (_, { caseId, input }, ctx) => {
    requireOwnWriter(ctx);
    const cid = ownId(ctx, 'caseId', caseId);
    const updated = await ctx.store.write(async (tx) => {
      const record = await repo.readCase(tx, cid);
      if (!record) throw notFound(`Case ${cid}`);
      const status = given(input, 'status', record.status);
      // Reopening a case clears its closing date unless one is given (and then refused).
      const closedOn = given(input, 'closedOn', status === 'CLOSED' ? record.closedOn : null);
      const fields = {
        ...statusAndClosing(status, closedOn, record.openedOn),
        ...handling(given(input, 'handlingCode', record.handlingCode), given(input, 'handlingConditions', record.handlingConditions)),
      };
      await upkeep.updateCaseHandling(tx, cid, fields);
      // The coded modus operandi: the given fields checked against the vocabulary, the others kept.
      const modusOperandi = modusOperandiFields(Object.fromEntries(MODUS_OPERANDI_FIELDS.map((f) => [f, given(input, f, record[f])])));
      await upkeep.updateCasesModusOperandi(tx, [{ id: cid, ...modusOperandi }]);
      return { ...record, ...fields, ...modusOperandi };
    });
    ctx.audit.wrote([updated.id]);
    return ctx.data.wrote('Case', [updated])[0];
  },

  updatePerson: async (_, { personId, input }, ctx) => {
    requireOwnWriter(ctx);
    const pid = ownId(ctx, 'personId', personId);
    const documents = 'documents' in input ? documentFields(input.documents) : null;
    await ctx.store.write(async (tx) => {
      const record = await upkeep.readPerson(tx, pid);
      if (!record) throw notFound(`Person ${pid}`);
      const merged = Object.fromEntries(
        (['givenNames', 'familyNames', 'aliases', 'sex', 'dateOfBirth', 'nationalities'] as const).map((f) => [f, given(input, f, record[f])]),
      );
      // A date of birth given (or cleared) replaces a year of birth an import kept.
      const person = { ...record, ...personFields(merged), birthYear: 'dateOfBirth' in input ? null : record.birthYear };
      await upkeep.updatePersons(tx, [person]);
      if (documents) await upkeep.replaceDocuments(tx, [pid], documents.map((d) => ({ ...d, id: newId(ctx.country, 'D'), personId: pid })));
    });
    ctx.audit.wrote([pid]);
    return ctx.data.person(pid);
  },

  erasePerson: async (_, { personId }, ctx) => {
    requireOwnEraser(ctx);
    const pid = ownId(ctx, 'personId', personId);
    const erased = await ctx.store.write((tx) => upkeep.erasePerson(tx, pid));
    if (!erased) throw notFound(`Person ${pid}`);
    ctx.audit.wrote([pid]);
    return { id: pid, ...erased };
  },

  eraseCase: async (_, { caseId }, ctx) => {
    requireOwnEraser(ctx);
    const cid = ownId(ctx, 'caseId', caseId);
    const erased = await ctx.store.write((tx) => upkeep.eraseCase(tx, cid));
    if (!erased) throw notFound(`Case ${cid}`);
    ctx.audit.wrote([cid]);
    return { id: cid, ...erased };
  },
} satisfies MutationResolvers;
