/**
 * The protocol as graphql-shield rules: one shield rule per protocol rule,
 * applied to every field the protocol names; anything else is denied
 * (`fallbackRule: deny`, not the library's default of allow). A denial is null
 * plus FORBIDDEN naming the rule; resolver errors pass through as themselves
 * (`allowExternalErrors`, `debug: false`), so they are never mistaken for
 * denials. No `not`, `chain` or `race` (`not` grants when its rule throws);
 * a rule that cannot be decided denies.
 *
 * Cost. graphql-shield makes every field asynchronous (its middleware awaits the
 * rule, then the resolver), and its `strict` cache hashes the parent object on
 * every field. So:
 * - the shield rules use no shield cache: each protocol rule is narrowed to the
 *   caller once per request, and what still depends on the record is decided
 *   once per rule and record, synchronously, and memoised (RequestAuthz);
 * - in front of the shield's middleware sits the same decision, made at once:
 *   the grant, or the very denial the shield rule gives, without the shield's
 *   promises. Fields without a rule go through graphql-shield (its fallback
 *   denies). Rules that grant everyone are the shield's constant `allow`.
 */
import './nodeCompat';
import { GraphQLError, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import type { IMiddlewareFieldMap, IMiddlewareTypeMap } from 'graphql-middleware';
import type { MemberContext } from '../context';
import { schemaFields, type EffectiveProtocol, type EffectiveRule } from './model';
import { describeError, noRuleFor } from '@enlace/common';
import { authzOf, forbidden, locationOf } from './request';

type ShieldRule = typeof allow | ReturnType<ReturnType<typeof rule>>;
type FieldMiddleware = (
  resolve: (parent: unknown, args: unknown, ctx: MemberContext, info: GraphQLResolveInfo) => unknown,
  parent: unknown, args: unknown, ctx: MemberContext, info: GraphQLResolveInfo,
) => unknown;

export { DEFAULT_DENY_RULE } from '@enlace/common';

export interface ShieldOptions {
  log?: (m: string) => void;
  /**
   * false: leave out the synchronous read of decisions already made, so graphql-shield alone decides (to measure it, and
   * to test that both agree). Only startMemberForBenchmark's 'shield-only' reaches it from a running member.
   */
  fastPath?: boolean;
}

export function protocolShield(protocol: EffectiveProtocol, schema: GraphQLSchema, options: ShieldOptions = {}): IMiddlewareTypeMap {
  const log = options.log ?? ((m: string) => console.error(m));
  const evaluationFailed = (r: EffectiveRule, err: unknown, info: GraphQLResolveInfo): GraphQLError => {
    log(`[member ${protocol.country}] rule ${r.name} could not be decided, so it denies: ${describeError(err, { stack: true })}`);
    return forbidden(r, protocol.version, locationOf(info));
  };
  // The audit log notes every decision on a protected field: given, or withheld by which rule.
  const audited = (r: EffectiveRule, coordinate: string, parent: unknown, ctx: MemberContext, decision: true | GraphQLError): true | GraphQLError => {
    if (decision === true) ctx.audit.delivered(recordIdOf(parent), coordinate, ctx.authz?.grantUsed(r, parent));
    else ctx.audit.withheld(recordIdOf(parent), coordinate, r.name);
    return decision;
  };

  const shieldRules = new Map<EffectiveRule, ShieldRule>();
  const shieldRuleOf = (r: EffectiveRule): ShieldRule => {
    let s = shieldRules.get(r);
    if (s) return s;
    s = r.unconditional
      ? allow
      : rule(r.name, { cache: 'no_cache' })((parent: unknown, _args: unknown, ctx: MemberContext, info: GraphQLResolveInfo) => {
          try {
            const authz = authzOf(ctx);
            if (!authz) return true; // a member started without the protocol (benchmarks) is not given the shield at all
            return audited(r, coordinateOf(info), parent, ctx, authz.check(r, parent, locationOf(info)));
          } catch (err) {
            return audited(r, coordinateOf(info), parent, ctx, evaluationFailed(r, err, info));
          }
        });
    shieldRules.set(r, s);
    return s;
  };

  const tree: Record<string, Record<string, ShieldRule>> = {};
  const fields = schemaFields(schema);
  for (const f of fields) {
    const r = protocol.fieldRules.get(f.coordinate);
    if (r) (tree[f.type] ??= {})[f.field] = shieldRuleOf(r); // fields without a rule get the fallback: deny
  }

  const middleware = shield(tree as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    debug: false,
    fallbackError: (_err, _parent, _args, _ctx, info) => noRuleFor(protocol.version, info),
  }).generate(schema) as IMiddlewareTypeMap;
  if (options.fastPath === false) return middleware;

  // The same decision made at once, in front of each field's shield middleware.
  for (const f of fields) {
    const r = protocol.fieldRules.get(f.coordinate);
    const typeMap = middleware[f.type] as IMiddlewareFieldMap | undefined;
    const guarded = typeMap?.[f.field];
    // The shield gives a function, or for logic rules (allow) { fragments, resolve }.
    const shieldResolve = typeof guarded === 'function' ? guarded : guarded?.resolve;
    if (!r || !shieldResolve) continue;
    const viaShield = shieldResolve as unknown as FieldMiddleware;
    const coordinate = f.coordinate;
    // A record's id is unprotected, but reading it is what delivers the record: the audit log notes it.
    const deliversRecord = f.field === 'id' && f.type in protocol.visibility;
    const fast: FieldMiddleware = (resolve, parent, args, ctx, info) => {
      if (r.unconditional) {
        if (deliversRecord) ctx.audit.delivered(recordIdOf(parent), null);
        return resolve(parent, args, ctx, info);
      }
      const authz = authzOf(ctx);
      if (!authz) return viaShield(resolve, parent, args, ctx, info);
      const decision = audited(r, coordinate, parent, ctx, authz.check(r, parent, locationOf(info)));
      return decision === true ? resolve(parent, args, ctx, info) : decision; // the same denial the shield rule gives
    };
    typeMap![f.field] = fast as unknown as IMiddlewareFieldMap[string];
  }
  return middleware;
}

const coordinateOf = (info: GraphQLResolveInfo): string => `${info.parentType.name}.${info.fieldName}`;

/** The id of the record a field is read on; undefined for root fields and values that are not records. */
function recordIdOf(parent: unknown): string | undefined {
  const id = (parent as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}
