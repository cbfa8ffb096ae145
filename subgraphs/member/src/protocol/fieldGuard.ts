/**
 * The member's fields behind the protocol engine's one field guard
 * (@enlace/protocol, guard.ts): each field decided by its rule for this
 * request (ctx.authz), every decision noted in the audit log (given, or
 * withheld by which rule, and the grant a read was given under).
 */
import type { GraphQLSchema } from 'graphql';
import { guardFields, type EffectiveProtocol, type EffectiveRule } from '@enlace/protocol';
import type { MemberContext } from '../context';
import { authzOf } from './request';

export { DEFAULT_DENY_RULE } from '@enlace/protocol';

export function guardMemberFields(protocol: EffectiveProtocol, schema: GraphQLSchema, log: (m: string) => void): GraphQLSchema {
  return guardFields<MemberContext, EffectiveRule>(schema, {
    version: protocol.version,
    fieldRules: protocol.fieldRules,
    log: (m) => log(`[member ${protocol.country}] ${m}`),
    decide: (rule, parent, ctx, info) => {
      const authz = authzOf(ctx);
      // A member started without the protocol (benchmarks) is not guarded at all; this is only a context that says so.
      return authz ? authz.check(rule, parent, info) : true;
    },
    noted: (rule, coordinate, parent, ctx, decision) => {
      if (decision === true) ctx.audit.delivered(recordIdOf(parent), coordinate, ctx.authz?.grantUsed(rule, parent));
      else ctx.audit.withheld(recordIdOf(parent), coordinate, rule.name);
    },
    // A record's id is unprotected, but reading it is what delivers the record: the audit log notes it.
    onUnconditional: (_rule, coordinate) => {
      const [type, field] = coordinate.split('.');
      return field === 'id' && type in protocol.visibility ? (parent, ctx) => ctx.audit.delivered(recordIdOf(parent), null) : undefined;
    },
  });
}

/** The id of the record a field is read on; undefined for root fields and values that are not records. */
function recordIdOf(parent: unknown): string | undefined {
  const id = (parent as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}
