/**
 * The errors of the sharing protocol, the same wherever it is enforced (each
 * member on its records, the secretariat on its own): FORBIDDEN naming the rule
 * and protocol version, and PURPOSE_REQUIRED for a protected read without a
 * stated purpose and case reference. Never a stack trace, never the reason on
 * the record.
 */
import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { codedError, PURPOSE_REQUIRED_MESSAGE, type ErrorLocation } from '@enlace/common';

/** What an error needs to know of a rule: its name. */
export interface NamedRule {
  name: string;
}

/**
 * The denials of one rule on one field of a query differ only in their path:
 * each is made from a template built once per field of the (cached) query
 * document and rule (message, locations, frozen extensions), with its own path.
 * Building a GraphQLError from scratch costs more than resolving the field.
 */
const denialTemplates = new WeakMap<object, Map<string, GraphQLError>>();

export function forbidden(rule: NamedRule, version: number, at?: ErrorLocation): GraphQLError {
  const message = `Not shared with you under the sharing protocol (rule ${rule.name})`;
  const extensions = { rule: rule.name, protocol: version };
  if (!at) return codedError('FORBIDDEN', message, extensions);
  let templates = denialTemplates.get(at.nodes);
  if (!templates) denialTemplates.set(at.nodes, (templates = new Map()));
  let template = templates.get(rule.name);
  if (!template) {
    template = codedError('FORBIDDEN', message, extensions, { nodes: at.nodes, path: [] });
    // Shared by every denial made from this template.
    Object.freeze(template.extensions);
    templates.set(rule.name, template);
  }
  return Object.create(template, { path: { value: at.path, enumerable: true } }) as GraphQLError;
}

export { PURPOSE_REQUIRED_MESSAGE } from '@enlace/common';

export function purposeRequired(rule: NamedRule, version: number, at?: ErrorLocation): GraphQLError {
  return codedError('PURPOSE_REQUIRED', PURPOSE_REQUIRED_MESSAGE, { rule: rule.name, protocol: version }, at);
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
