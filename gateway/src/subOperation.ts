/**
 * Cuts an operation down to some of its root fields, keeping only the
 * fragments and variable definitions those fields use (GraphQL rejects unused ones).
 */
import {
  Kind, print, visit,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionNode,
} from 'graphql';

function usedNames(nodes: readonly SelectionNode[], fragments: Map<string, FragmentDefinitionNode>) {
  const vars = new Set<string>();
  const frags = new Set<string>();
  const pending = [...nodes];
  while (pending.length) {
    const node = pending.pop()!;
    visit(node, {
      Variable: (v) => {
        vars.add(v.name.value);
      },
      FragmentSpread: (s) => {
        const name = s.name.value;
        if (!frags.has(name) && fragments.has(name)) {
          frags.add(name);
          pending.push(...fragments.get(name)!.selectionSet.selections);
        }
      },
    });
  }
  return { vars, frags };
}

export function subOperation(
  op: OperationDefinitionNode,
  fields: readonly FieldNode[],
  fragments: Map<string, FragmentDefinitionNode>,
): string {
  const { vars, frags } = usedNames(fields, fragments);
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...op,
        variableDefinitions: (op.variableDefinitions ?? []).filter((d) => vars.has(d.variable.name.value)),
        selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
      },
      ...[...frags].map((name) => fragments.get(name)!),
    ],
  };
  return print(document);
}

export function pickVariables(variables: Record<string, unknown>, query: string, op: OperationDefinitionNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of op.variableDefinitions ?? []) {
    const name = d.variable.name.value;
    if (name in variables && query.includes(`$${name}`)) out[name] = variables[name];
  }
  return out;
}
