/**
 * What the member data source needs to know of the member schema, read from
 * its SDL: the named return type of each root field, and which entity types
 * have a global key (no owner prefix, e.g. Route by code) and so fan out and merge.
 */
import { Kind, parse, type TypeNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode, type StringValueNode } from 'graphql';

export interface MemberSchemaInfo {
  /** `Query.persons` → `Person`, `Mutation.createCase` → `Case`. */
  rootFieldType: Map<string, string>;
  /** Root fields that return lists (`Query.persons`). */
  listRootFields: Set<string>;
  /** Entity type → its key field, for keys that are global rather than owner-prefixed ids. */
  globalKeys: Map<string, string>;
  /** Root fields that answer a page spanning members (`Query.personsPage`), with their items' type (`Person`). */
  pagedRootFields: Map<string, string>;
}

/** A page type (PersonPage): items, one entry per member, and the cursor of the next page. */
const PAGE_FIELDS = ['items', 'members', 'hasNextPage', 'endCursor'];

function namedType(t: TypeNode): string {
  return t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type);
}

function isList(t: TypeNode): boolean {
  return t.kind === Kind.LIST_TYPE || (t.kind === Kind.NON_NULL_TYPE && isList(t.type));
}

export function readMemberSchema(sdl: string): MemberSchemaInfo {
  const rootFieldType = new Map<string, string>();
  const listRootFields = new Set<string>();
  const globalKeys = new Map<string, string>();
  const pageItems = new Map<string, string>();
  const definitions = parse(sdl).definitions;
  for (const def of definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const names = new Map((def.fields ?? []).map((f) => [f.name.value, f.type] as const));
    if (PAGE_FIELDS.every((n) => names.has(n))) pageItems.set(def.name.value, namedType(names.get('items')!));
  }
  for (const def of definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = def as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
    if (type.name.value === 'Query' || type.name.value === 'Mutation') {
      for (const f of type.fields ?? []) {
        const name = `${type.name.value}.${f.name.value}`;
        rootFieldType.set(name, namedType(f.type));
        if (isList(f.type)) listRootFields.add(name);
      }
    }
    for (const d of type.directives ?? []) {
      if (d.name.value !== 'key') continue;
      const fields = (d.arguments?.find((a) => a.name.value === 'fields')?.value as StringValueNode | undefined)?.value.trim();
      if (fields && fields !== 'id') globalKeys.set(type.name.value, fields);
    }
  }
  const pagedRootFields = new Map([...rootFieldType].filter(([, type]) => pageItems.has(type)).map(([field, type]) => [field, pageItems.get(type)!] as const));
  return { rootFieldType, listRootFields, globalKeys, pagedRootFields };
}
