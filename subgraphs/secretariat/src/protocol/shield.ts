/**
 * The secretariat's protocol as graphql-shield rules: one shield rule per
 * protocol rule, on every field that names it; anything else is denied
 * (`fallbackRule: deny`, not the library's default of allow). A denial is null
 * plus FORBIDDEN (or PURPOSE_REQUIRED) naming the rule; resolver errors pass
 * through as themselves. On a field of the rule's subject the record is the
 * parent; on a root field (a lookup, a write) the shield checks the caller side
 * and the resolver decides on the record (SecretariatAuthz.requireOn/requireFor,
 * lists filtered by `knows`).
 */
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { describeError, forbidden, locationOf, noRuleFor } from '@enlace/common';
import type { SecretariatAuthz } from './authz';
import { schemaCoordinates, type Rule, type SecretariatProtocol } from './model';

type WithAuthz = { authz: SecretariatAuthz };

const unconditional = (r: Rule): boolean => !r.purpose && r.anyOf.some((c) => c.caller === 'any' && !c.roles);

export function secretariatShield(protocol: SecretariatProtocol, schema: GraphQLSchema, log: (m: string) => void): IMiddlewareTypeMap {
  const shieldRules = new Map<Rule, ReturnType<ReturnType<typeof rule>> | typeof allow>();
  const shieldRuleOf = (r: Rule) => {
    let s = shieldRules.get(r);
    if (!s) {
      s = unconditional(r)
        ? allow
        : rule(r.name, { cache: 'no_cache' })((parent: unknown, _args: unknown, ctx: WithAuthz, info: GraphQLResolveInfo) => {
            try {
              const record = r.subject && info.parentType.name === r.subject ? parent : undefined;
              return ctx.authz.check(r, record, locationOf(info));
            } catch (err) {
              log(`rule ${r.name} could not be decided, so it denies: ${describeError(err, { stack: true })}`);
              return forbidden(r, protocol.version, locationOf(info));
            }
          });
      shieldRules.set(r, s);
    }
    return s;
  };

  const tree: Record<string, Record<string, ReturnType<typeof shieldRuleOf>>> = {};
  for (const coordinate of schemaCoordinates(schema)) {
    const r = protocol.fieldRules.get(coordinate);
    const [type, field] = coordinate.split('.');
    if (r) (tree[type] ??= {})[field] = shieldRuleOf(r); // fields without a rule get the fallback: deny
  }
  return shield(tree as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    debug: false,
    fallbackError: (_err, _parent, _args, _ctx, info) => noRuleFor(protocol.version, info),
  }).generate(schema) as IMiddlewareTypeMap;
}
