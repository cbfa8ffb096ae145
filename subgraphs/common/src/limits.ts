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
  /** Fields nested below the selection set (0: none). */
  depth: number;
  fields: number;
  aliases: number;
  directives: number;
}

interface Walk {
  fragments: Record<string, FragmentDefinitionNode>;
  /** Each fragment is measured once, wherever it is spread: spreads that double at every level would otherwise take exponential time. */
  measured: Map<string, Measure>;
  open: Set<string>;
}

function measure(set: SelectionSetNode, walk: Walk): Measure {
  const m: Measure = { depth: 0, fields: 0, aliases: 0, directives: 0 };
  for (const s of set.selections) {
    m.directives += s.directives?.length ?? 0;
    let below = 0;
    let inner: Measure | null;
    if (s.kind === Kind.FIELD) {
      m.fields++;
      if (s.alias) m.aliases++;
      below = 1;
      inner = s.selectionSet ? measure(s.selectionSet, walk) : null;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(s.selectionSet, walk);
    } else {
      inner = measureFragment(s.name.value, walk);
    }
    m.depth = Math.max(m.depth, below + (inner?.depth ?? 0));
    if (inner) {
      m.fields += inner.fields;
      m.aliases += inner.aliases;
      m.directives += inner.directives;
    }
  }
  return m;
}

function measureFragment(name: string, walk: Walk): Measure | null {
  const known = walk.measured.get(name);
  if (known) return known;
  const fragment = walk.fragments[name];
  if (!fragment || walk.open.has(name)) return null; // cycles are reported by graphql's own rule
  walk.open.add(name);
  const m = measure(fragment.selectionSet, walk);
  m.directives += fragment.directives?.length ?? 0;
  walk.open.delete(name);
  walk.measured.set(name, m);
  return m;
}

const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });

/** A graphql validation rule enforcing `limits` (Apollo Server's `validationRules`). */
export function queryLimitRule(limits: QueryLimits = DEFAULT_LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      const m = measure(op.selectionSet, { fragments, measured: new Map(), open: new Set() });
      m.directives += op.directives?.length ?? 0;
      if (m.depth > limits.maxDepth) context.reportError(tooComplex(`Query is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}`));
      if (m.fields > limits.maxFields) context.reportError(tooComplex(`Query selects ${m.fields} fields; the limit is ${limits.maxFields}`));
      if (m.aliases > limits.maxAliases) context.reportError(tooComplex(`Query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`));
      if (m.directives > limits.maxDirectives) context.reportError(tooComplex(`Query uses ${m.directives} directives; the limit is ${limits.maxDirectives}`));
    },
  });
}
