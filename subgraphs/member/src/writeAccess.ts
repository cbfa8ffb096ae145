/** Who may change a member's data, checked again in the resolvers behind the protocol's field guard (which enforces the same rules). */
import { GraphQLError } from 'graphql';
import { badInput, ownerOf } from '@enlace/platform';
import type { MemberContext } from './context';

function requireOwn(ctx: MemberContext, roles: readonly string[], rule: string, what: string): void {
  const { caller } = ctx.identity;
  if (caller.country !== ctx.country || !caller.roles.some((r) => roles.includes(r))) {
    throw new GraphQLError(`Only ${ctx.country}'s own ${roles.map((r) => `${r}s`).join(' and ')} may ${what} ${ctx.country}'s data`, {
      extensions: { code: 'FORBIDDEN', rule },
    });
  }
}

/** Mutations record the caller's own member state's data only. */
export const requireOwnWriter = (ctx: MemberContext): void => requireOwn(ctx, ['prosecutor', 'analyst'], 'write.own-member', 'record');

/** Erasure cannot be undone: the owner's prosecutors decide it (rule write.erase). */
export const requireOwnEraser = (ctx: MemberContext): void => requireOwn(ctx, ['prosecutor'], 'write.erase', 'erase');

/** The flag for partner networks opens the protocol's partner clauses: the owner's prosecutors decide it (rule write.partner-flag). */
export const requireOwnPartnerFlagger = (ctx: MemberContext): void => requireOwn(ctx, ['prosecutor'], 'write.partner-flag', 'share with partner networks');

export function ownId(ctx: MemberContext, field: string, id: unknown): string {
  if (ownerOf(id) !== ctx.country) throw badInput(field, `must be an id of a record of ${ctx.country}`);
  return String(id);
}
