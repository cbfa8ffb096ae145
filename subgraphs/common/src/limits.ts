/**
 * Limits on the size of one GraphQL operation, applied by every process (the
 * gateway, each member and the secretariat: all are reachable directly), so one
 * request cannot fan out unbounded work: nesting depth, fields selected
 * (fragments expanded, aliases counted), aliases, and directives.
 */
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type FragmentDefinitionNode } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxFields: number;
  /** Fields given an alias; a hundred aliases of one field is a hundred lookups. */
  maxAliases: number;
  /** Directives used anywhere in the operation. */
  maxDirectives: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxFields: 300, maxAliases: 30, maxDirectives: 20 };

interface Measure {
  depth: number;
  fields: number;
  aliases: number;
  directives: number;
}

function measure(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, depth: number, seen: Set<string>): Measure {
  const m: Measure = { depth, fields: 0, aliases: 0, directives: 0 };
  for (const s of set.selections) {
    let inner: SelectionSetNode | undefined;
    let nextDepth = depth;
    m.directives += s.directives?.length ?? 0;
    if (s.kind === Kind.FIELD) {
      m.fields++;
      if (s.alias) m.aliases++;
      inner = s.selectionSet;
      nextDepth = depth + 1;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      inner = s.selectionSet;
    } else {
      const name = s.name.value;
      if (seen.has(name)) continue; // cycles are reported by graphql's own rule
      const fragment = fragments[name];
      m.directives += fragment?.directives?.length ?? 0;
      inner = fragment?.selectionSet;
      seen = new Set(seen).add(name);
    }
    if (inner) {
      const sub = measure(inner, fragments, nextDepth, seen);
      m.depth = Math.max(m.depth, sub.depth);
      m.fields += sub.fields;
      m.aliases += sub.aliases;
      m.directives += sub.directives;
    } else {
      m.depth = Math.max(m.depth, nextDepth);
    }
  }
  return m;
}

const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });

/** A graphql validation rule enforcing `limits` (Apollo Server's `validationRules`). */
export function queryLimitRule(limits: QueryLimits = DEFAULT_LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      const m = measure(op.selectionSet, fragments, 0, new Set());
      m.directives += op.directives?.length ?? 0;
      if (m.depth > limits.maxDepth) context.reportError(tooComplex(`Query is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}`));
      if (m.fields > limits.maxFields) context.reportError(tooComplex(`Query selects ${m.fields} fields; the limit is ${limits.maxFields}`));
      if (m.aliases > limits.maxAliases) context.reportError(tooComplex(`Query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`));
      if (m.directives > limits.maxDirectives) context.reportError(tooComplex(`Query uses ${m.directives} directives; the limit is ${limits.maxDirectives}`));
    },
  });
}
