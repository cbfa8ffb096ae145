/**
 * Limits on the size of one GraphQL operation, applied by every process (the
 * gateway, each member and the secretariat: all are reachable directly), so one
 * request cannot fan out unbounded work. Depth, aliases and directives are
 * GraphQL Armor's validation rules; tokens are graphql-js's own parser limit
 * (`parseOptions.maxTokens`); what neither covers is here: the number of fields
 * (fragments expanded) and the estimated cost (queryCost.ts).
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { Kind, type ASTVisitor, type FragmentDefinitionNode, type GraphQLError, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { codedError } from './errors';

export interface QueryLimits {
  maxDepth: number;
  maxFields: number;
  /** Fields given an alias, meta fields (`__typename`) included; a hundred aliases of one field is a hundred lookups. */
  maxAliases: number;
  /** Directives used anywhere in the operation. */
  maxDirectives: number;
  /** Lexical tokens in the whole document: bounds parsing work before anything else runs. */
  maxTokens: number;
  /** Estimated values returned, lists counted at their `first` and, at the gateway, times the members asked (queryCost.ts). */
  maxCost: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxFields: 300, maxAliases: 30, maxDirectives: 20, maxTokens: 3000, maxCost: 100_000 };

const tooComplex = (message: string) => codedError('QUERY_TOO_COMPLEX', message);

/** Armor reports with a "Syntax Error: " prefix and no code; ours say what was exceeded, with QUERY_TOO_COMPLEX. */
const reportAs = (context: ValidationContext | null, err: GraphQLError) => context?.reportError(tooComplex(err.message.replace(/^Syntax Error: /, '')));
const armor = { exposeLimits: true, propagateOnRejection: false, onReject: [reportAs] };

/** The validation rules enforcing `limits` (Apollo Server's `validationRules`); tokens go in `parseOptions`. */
export function queryLimitRules(limits: QueryLimits = DEFAULT_LIMITS): ValidationRule[] {
  return [
    maxDepthRule({ ...armor, n: limits.maxDepth, ignoreIntrospection: false }) as unknown as ValidationRule,
    // Every alias counts, `__typename`'s too (Armor allows those by default): a hundred of them is alias overloading all the same.
    maxAliasesRule({ ...armor, n: limits.maxAliases, allowList: [] }) as unknown as ValidationRule,
    maxDirectivesRule({ ...armor, n: limits.maxDirectives }) as unknown as ValidationRule,
    maxFieldsRule(limits.maxFields),
  ];
}

/** Fields selected, fragments expanded (each measured once, wherever it is spread: doubling spreads stay linear). */
function maxFieldsRule(maxFields: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const measured = new Map<string, number>();
      const open = new Set<string>();
      const count = (set: SelectionSetNode): number => {
        let n = 0;
        for (const s of set.selections) {
          if (s.kind === Kind.FIELD) n += 1 + (s.selectionSet ? count(s.selectionSet) : 0);
          else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet);
          else n += spread(s.name.value);
        }
        return n;
      };
      const spread = (name: string): number => {
        const known = measured.get(name);
        if (known !== undefined) return known;
        const fragment = fragments.get(name);
        if (!fragment || open.has(name)) return 0; // cycles are reported by graphql's own rule
        open.add(name);
        const n = count(fragment.selectionSet);
        open.delete(name);
        measured.set(name, n);
        return n;
      };
      const fields = count(op.selectionSet);
      if (fields > maxFields) context.reportError(tooComplex(`Query selects ${fields} fields; the limit is ${maxFields}`));
    },
  });
}
