/**
 * The one field guard, for the members and the secretariat alike: every field
 * of the schema is decided by the rule the protocol names for it before its
 * resolver runs; a field without a rule is denied to everyone (deny by
 * default). A denial is the field's value: null plus FORBIDDEN (or
 * PURPOSE_REQUIRED) naming the rule, at the field's path; resolver errors pass
 * through as themselves, never mistaken for denials. A rule that cannot be
 * decided (it throws) denies, and the log says why.
 *
 * The guard is synchronous: the caller's side of every rule is decided once per
 * request, and what depends on a record once per rule and record (RequestAuthz,
 * SecretariatAuthz), so a field costs a map lookup and a call. It replaces
 * graphql-shield, which was measured slower than the cost goal on its own
 * (docs/PROTOCOL-ENGINE.md): it makes every field asynchronous.
 */
import { defaultFieldResolver, isIntrospectionType, isObjectType, type GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { describeError, locationOf } from '@enlace/platform';
import { forbidden, noRuleFor, type NamedRule } from './errors';

export interface GuardedRule extends NamedRule {
  /** Grants every caller without a purpose: the field is left as it is. */
  unconditional: boolean;
}

export interface FieldGuardOptions<Ctx, R extends GuardedRule> {
  /** The protocol version, named in every denial. */
  version: number;
  /** "Type.field" → the rule that decides it. */
  fieldRules: ReadonlyMap<string, R>;
  /** The decision on one field of one parent: true, or the error answered in its place. */
  decide(rule: R, parent: unknown, ctx: Ctx, info: GraphQLResolveInfo): true | GraphQLError;
  /** Told of every decision made (the member's audit log notes each field read or withheld). */
  noted?(rule: R, coordinate: string, parent: unknown, ctx: Ctx, decision: true | GraphQLError): void;
  /** For an unconditional field: something to do on each read (the member notes a record delivered by its id), or nothing. */
  onUnconditional?(rule: R, coordinate: string): ((parent: unknown, ctx: Ctx) => void) | undefined;
  log(message: string): void;
}

const guarded = new WeakSet<GraphQLSchema>();

/**
 * Puts the guard in front of every field's resolver of `schema`, in place (give
 * it a schema built for this server; it refuses to guard one twice), and returns it.
 */
export function guardFields<Ctx, R extends GuardedRule>(schema: GraphQLSchema, options: FieldGuardOptions<Ctx, R>): GraphQLSchema {
  if (guarded.has(schema)) throw new Error('This schema is guarded already');
  guarded.add(schema);
  const { version, decide, noted, log } = options;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const rule = options.fieldRules.get(coordinate);
      const resolve: GraphQLFieldResolver<unknown, Ctx> = field.resolve ?? defaultFieldResolver;
      if (!rule) {
        field.resolve = (_parent, _args, _ctx, info) => noRuleFor(version, info);
        continue;
      }
      if (rule.unconditional) {
        const each = options.onUnconditional?.(rule, coordinate);
        if (each) {
          field.resolve = (parent, args, ctx: Ctx, info) => {
            each(parent, ctx);
            return resolve(parent, args, ctx, info);
          };
        }
        continue;
      }
      field.resolve = (parent, args, ctx: Ctx, info) => {
        let decision: true | GraphQLError;
        try {
          decision = decide(rule, parent, ctx, info);
        } catch (err) {
          log(`rule ${rule.name} could not be decided, so it denies: ${describeError(err, { stack: true })}`);
          decision = forbidden(rule, version, locationOf(info));
        }
        noted?.(rule, coordinate, parent, ctx, decision);
        return decision === true ? resolve(parent, args, ctx, info) : decision;
      };
    }
  }
  return schema;
}
