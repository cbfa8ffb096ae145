/**
 * The secretariat's fields behind the protocol engine's one field guard
 * (@enlace/protocol, guard.ts). On a field of the rule's subject the record is
 * the parent; on a root field (a lookup, a write) the guard decides the caller
 * side and the resolver decides on the record (SecretariatAuthz.requireKnown,
 * requireFor; lists filtered by `knows`).
 */
import type { GraphQLSchema } from 'graphql';
import { guardFields, type SecretariatAuthz, type SecretariatProtocol, type SecretariatRule } from '@enlace/protocol';

type WithAuthz = { authz: SecretariatAuthz };

const unconditional = (r: SecretariatRule): boolean => !r.purpose && r.anyOf.some((c) => c.caller === 'any' && !c.roles);

export function guardSecretariatFields(protocol: SecretariatProtocol, schema: GraphQLSchema, log: (m: string) => void): GraphQLSchema {
  const fieldRules = new Map([...protocol.fieldRules].map(([coordinate, r]) => [coordinate, { ...r, unconditional: unconditional(r) }]));
  return guardFields<WithAuthz, SecretariatRule & { unconditional: boolean }>(schema, {
    version: protocol.version,
    fieldRules,
    log,
    decide: (rule, parent, ctx, info) => ctx.authz.check(rule, rule.subject && info.parentType.name === rule.subject ? parent : undefined, info),
  });
}
