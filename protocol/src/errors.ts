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

/**
 * A withheld field's error, made cheaply: the denials of one rule on one field
 * of a query differ only in their path, so each is an object whose prototype is
 * a GraphQLError built once per field of the (cached) query document, code and
 * rule (message, locations, frozen extensions), with its own `path`, a plain
 * property (one assignment: defining it with a descriptor cost five times as
 * much, and building a GraphQLError from scratch two hundred times). What a
 * client reads is the same: message, locations, path, extensions with the code,
 * rule and protocol version.
 */
const templates = new WeakMap<object, Map<string, GraphQLError>>();

function templated(code: 'FORBIDDEN' | 'PURPOSE_REQUIRED', message: string, rule: NamedRule, version: number, at: ErrorLocation): GraphQLError {
  let byRule = templates.get(at.nodes);
  if (!byRule) templates.set(at.nodes, (byRule = new Map()));
  const key = `${code} ${version} ${rule.name}`;
  let template = byRule.get(key);
  if (!template) {
    template = codedError(code, message, { rule: rule.name, protocol: version }, { nodes: at.nodes, path: [] });
    // Shared by every denial made from this template.
    Object.freeze(template.extensions);
    byRule.set(key, template);
  }
  const denial = Object.create(template) as { path: ErrorLocation['path'] };
  denial.path = at.path;
  return denial as unknown as GraphQLError;
}

export function forbidden(rule: NamedRule, version: number, at?: ErrorLocation): GraphQLError {
  const message = `Not shared with you under the sharing protocol (rule ${rule.name})`;
  return at ? templated('FORBIDDEN', message, rule, version, at) : codedError('FORBIDDEN', message, { rule: rule.name, protocol: version });
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
