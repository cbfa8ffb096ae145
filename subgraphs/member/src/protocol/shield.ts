/**
 * The protocol as graphql-shield rules: one shield rule per protocol rule,
 * applied to every field the protocol names; anything else is denied
 * (`fallbackRule: deny`, not the library's default of allow). A denial is null
 * plus FORBIDDEN naming the rule; resolver errors pass through as themselves
 * (`allowExternalErrors`), so they are never mistaken for denials.
 *
 * Cost: rules that grant everyone (routes, ids, federation's fields) are the
 * shield's constant `allow`; the others do their own per-request memo
 * (RequestAuthz) instead of the shield's caches: the `strict` cache hashes the
 * parent object on every field, and `contextual` would share one answer across
 * records. No `not`, `chain` or `race`: `not` grants when its rule throws.
 */
import './nodeCompat';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import type { MemberContext } from '../context';
import { schemaFields, type EffectiveProtocol, type EffectiveRule } from './model';
import { authzOf, forbidden } from './request';

type ShieldRule = typeof allow | ReturnType<ReturnType<typeof rule>>;

export const DEFAULT_DENY_RULE = 'protocol.default-deny';

export function protocolShield(protocol: EffectiveProtocol, schema: GraphQLSchema, log: (m: string) => void = (m) => console.error(m)) {
  const shieldRules = new Map<EffectiveRule, ShieldRule>();
  const shieldRuleOf = (r: EffectiveRule): ShieldRule => {
    let s = shieldRules.get(r);
    if (s) return s;
    s = r.unconditional
      ? allow
      : rule(r.name, { cache: 'no_cache' })((parent: unknown, _args: unknown, ctx: MemberContext) => {
          try {
            const authz = authzOf(ctx);
            if (!authz) return true; // served without the protocol (benchmarks only): the shield is not even applied then
            const result = authz.check(r, parent);
            return result instanceof Promise ? result.catch((err: unknown) => evaluationFailed(r, err)) : result;
          } catch (err) {
            return evaluationFailed(r, err);
          }
        });
    shieldRules.set(r, s);
    return s;
  };
  const evaluationFailed = (r: EffectiveRule, err: unknown): GraphQLError => {
    log(`[member ${protocol.country}] rule ${r.name} could not be decided, so it denies: ${(err as Error)?.stack ?? String(err)}`);
    return forbidden(r, protocol.version);
  };

  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const f of schemaFields(schema)) {
    const r = protocol.fieldRules.get(f.coordinate);
    if (!r) continue; // denied by fallbackRule
    (tree[f.type] ??= {})[f.field] = shieldRuleOf(r);
  }

  return shield(tree as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    debug: false,
    fallbackError: (_err, _parent, _args, _ctx, info) =>
      new GraphQLError(`Denied: the sharing protocol v${protocol.version} has no rule for ${info.parentType.name}.${info.fieldName}`, {
        extensions: { code: 'FORBIDDEN', rule: DEFAULT_DENY_RULE, protocol: protocol.version },
      }),
  });
}
