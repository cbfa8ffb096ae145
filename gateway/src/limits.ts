/**
 * Limits on query size at the gateway: nesting depth and the number of fields
 * (aliases included) in one operation, so one request cannot fan out unbounded work.
 */
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type FragmentDefinitionNode } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxFields: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxFields: 300 };

function measure(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, depth: number, seen: Set<string>): { depth: number; fields: number } {
  let maxDepth = depth;
  let fields = 0;
  for (const s of set.selections) {
    let inner: SelectionSetNode | undefined;
    let nextDepth = depth;
    if (s.kind === Kind.FIELD) {
      fields++;
      inner = s.selectionSet;
      nextDepth = depth + 1;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      inner = s.selectionSet;
    } else {
      const name = s.name.value;
      if (seen.has(name)) continue; // cycles are reported by graphql's own rule
      inner = fragments[name]?.selectionSet;
      seen = new Set(seen).add(name);
    }
    if (inner) {
      const m = measure(inner, fragments, nextDepth, seen);
      maxDepth = Math.max(maxDepth, m.depth);
      fields += m.fields;
    } else {
      maxDepth = Math.max(maxDepth, nextDepth);
    }
  }
  return { depth: maxDepth, fields };
}

export function queryLimitRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      const { depth, fields } = measure(op.selectionSet, fragments, 0, new Set());
      if (depth > limits.maxDepth) {
        context.reportError(new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${limits.maxDepth}`, { extensions: { code: 'QUERY_TOO_COMPLEX' } }));
      }
      if (fields > limits.maxFields) {
        context.reportError(new GraphQLError(`Query selects ${fields} fields; the limit is ${limits.maxFields}`, { extensions: { code: 'QUERY_TOO_COMPLEX' } }));
      }
    },
  });
}
