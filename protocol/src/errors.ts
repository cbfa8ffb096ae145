/**
 * The errors of the sharing protocol, the same wherever it is enforced (each
 * member on its records, the secretariat on its own): FORBIDDEN naming the rule
 * and protocol version, and PURPOSE_REQUIRED for a protected read without a
 * stated purpose and case reference. Never a stack trace, never the reason on
 * the record.
 */
import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { codedError, PURPOSE_REQUIRED_MESSAGE, type ErrorLocation } from '@enlace/platform';

/** What an error needs to know of a rule: its name. */
export interface NamedRule {
  name: string;
}

/** A withheld field's message: the same for every rule (the rule is in `extensions.rule`), so a list with thousands of denials stays small. */
export const WITHHELD_MESSAGE = 'Not shared with you';

/**
 * A withheld field's error, made cheaply: the denials of one rule differ only in
 * their path, so each is an object whose prototype is a GraphQLError built once
 * per code, protocol version and rule (message, frozen extensions), with its own
 * `path`, a plain property (one assignment: defining it with a descriptor cost
 * five times as much, and building a GraphQLError from scratch two hundred
 * times). It has no `locations`: those of a member's sub-operation mean nothing
 * to the gateway's caller (the gateway drops them), and a thousand denials carried
 * them through two hops. What a client reads: message, path, and extensions with
 * the code, rule and protocol version (the member adds its country, the owner).
 */
const templates = new Map<string, GraphQLError>();

function templated(code: 'FORBIDDEN' | 'PURPOSE_REQUIRED', message: string, rule: NamedRule, version: number, at: ErrorLocation): GraphQLError {
  const key = `${code} ${version} ${rule.name}`;
  let template = templates.get(key);
  if (!template) {
    template = codedError(code, message, { rule: rule.name, protocol: version });
    // Shared by every denial made from this template.
    Object.freeze(template.extensions);
    templates.set(key, template);
  }
  const denial = Object.create(template) as { path: ErrorLocation['path'] };
  denial.path = at.path;
  return denial as unknown as GraphQLError;
}

export function forbidden(rule: NamedRule, version: number, at?: ErrorLocation): GraphQLError {
  return at ? templated('FORBIDDEN', WITHHELD_MESSAGE, rule, version, at) : codedError('FORBIDDEN', WITHHELD_MESSAGE, { rule: rule.name, protocol: version });
}

export { PURPOSE_REQUIRED_MESSAGE } from '@enlace/platform';

export function purposeRequired(rule: NamedRule, version: number, at?: ErrorLocation): GraphQLError {
  return at
    ? templated('PURPOSE_REQUIRED', PURPOSE_REQUIRED_MESSAGE, rule, version, at)
    : codedError('PURPOSE_REQUIRED', PURPOSE_REQUIRED_MESSAGE, { rule: rule.name, protocol: version });
}

/** The rule named by a denial of a field the protocol has no rule for (deny by default). */
export const DEFAULT_DENY_RULE = 'protocol.default-deny';

/** The field guard's answer, in both the members and the secretariat, for a field without a rule: nobody may read it. */
export function noRuleFor(version: number, info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'>): GraphQLError {
  return codedError('FORBIDDEN', `Denied: the sharing protocol v${version} has no rule for ${info.parentType.name}.${info.fieldName}`, {
    rule: DEFAULT_DENY_RULE,
    protocol: version,
  });
}
