/**
 * The estimated cost of an operation: how many values it can return. Every field
 * counts once per parent instance; a list counts its `first` (given, a variable
 * or the argument's default) or, with no `first`, NESTED_LIST_SIZE items, each
 * multiplying what is selected below it. At the gateway a root list asked of
 * every member (no `countries`) also counts once per member: the fan-out width.
 * A page (a field with `first` that is not itself a list: `personsPage`) lends
 * its `first` and fan-out to the lists right below it (its `items`).
 * GraphQL Armor's cost rule runs at validation, before variables are known, and
 * counts neither defaults nor fan-out, hence this one.
 */
import {
  getNamedType, getNullableType, isListType, isObjectType, isInterfaceType, Kind, valueFromAST,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/** Items assumed for a list without `first` (a person's cases, a case's persons: a handful in practice). */
export const NESTED_LIST_SIZE = 3;

/** How many processes a root field goes to (the gateway's members); 1 elsewhere. */
export type FanOut = (field: GraphQLField<unknown, unknown>, args: Record<string, unknown>) => number;

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  fanOut: FanOut = () => 1,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // Cost is linear in the number of parent instances, so a fragment's cost for one instance is computed once.
  const fragmentCost = new Map<string, number>();

  const argsOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> => {
    const args: Record<string, unknown> = {};
    for (const def of field.args) {
      const given = node.arguments?.find((a) => a.name.value === def.name);
      args[def.name] = given ? valueFromAST(given.value, def.type, variables) : def.defaultValue;
    }
    return args;
  };

  /** `pageSize`: the size of the lists of a page's selection (its `first` times its fan-out). */
  const selectionCost = (set: SelectionSetNode, type: GraphQLNamedType, root: boolean, pageSize?: number): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        cost += selectionCost(s.selectionSet, (s.typeCondition && schema.getType(s.typeCondition.name.value)) || type, root, pageSize);
      } else if (s.kind === Kind.FRAGMENT_SPREAD) {
        cost += spreadCost(s.name.value, root, pageSize);
      } else {
        cost += fieldCost(s, type, root, pageSize);
      }
    }
    return cost;
  };

  const spreadCost = (name: string, root: boolean, pageSize?: number): number => {
    const key = `${name}${root ? ' at the root' : ''}${pageSize ? ` in a page of ${pageSize}` : ''}`;
    const known = fragmentCost.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    fragmentCost.set(key, 0); // a cycle (refused by validation anyway) costs nothing more
    const cost = fragment && type ? selectionCost(fragment.selectionSet, type, root, pageSize) : 0;
    fragmentCost.set(key, cost);
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType, root: boolean, pageSize?: number): number => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return 1;
    const field = parent.getFields()[node.name.value];
    if (!field) return 1; // __typename and the like
    const args = argsOf(field, node);
    let items = 1;
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : undefined;
    const list = isListType(getNullableType(field.type));
    if (list) {
      items = first ?? pageSize ?? NESTED_LIST_SIZE;
      if (root) items *= fanOut(field, args);
    }
    const page = !list && first !== undefined ? first * (root ? fanOut(field, args) : 1) : undefined;
    const below = node.selectionSet ? selectionCost(node.selectionSet, getNamedType(field.type), false, page) : 0;
    return items * (1 + below);
  };

  const rootType = schema.getRootType(operation.operation);
  return rootType ? selectionCost(operation.selectionSet, rootType, true) : 0;
}
