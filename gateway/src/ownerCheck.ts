/**
 * Every member record in an answer is one its owner answered for. The secretariat points at
 * member records by id (a person's confirmed links); asked for the id alone, or __typename, the
 * query planner answers from the pointer without asking the owner, so `linkedRecords { id }` told
 * a caller of records their owner withholds from it (a minor victim abroad). So each selection of
 * member records that another subgraph gives also asks, under aliases of its own, the record's id
 * and its owner country, a field only members answer: the owner is always asked; a record it withholds
 * comes back null, is noted by the member data source and pruned (withheldReferences.ts), which
 * also removes the aliases before the answer leaves.
 */
import type { ApolloGateway } from '@apollo/gateway';
import {
  Kind, parse, TypeInfo, visit, visitWithTypeInfo,
  type ConstDirectiveNode, type DocumentNode, type FieldNode, type GraphQLSchema, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode,
  type SelectionSetNode, type TypeNode,
} from 'graphql';

/** The aliases the gateway adds: the record's id (what pruning matches) and its owner country (which only the owner answers). */
export const OWNER_REF = '_enlaceOwnerRef';
export const OWNER_COUNTRY = '_enlaceOwnerCountry';
export const OWNER_ALIASES: ReadonlySet<string> = new Set([OWNER_REF, OWNER_COUNTRY]);

const aliased = (alias: string, field: string): FieldNode => ({
  kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: field },
});
const CHECK = [aliased(OWNER_REF, 'id'), aliased(OWNER_COUNTRY, 'country')];

/** Where the owner must be asked: the other subgraph's fields that give member records (`Person.linkedRecords`, `PersonLink.records`). */
export interface PointedAt {
  /** `Type.field` of the other subgraph whose values are member records. */
  fields: Set<string>;
}

const objectTypes = (sdl: string) => parse(sdl).definitions.filter((def) => def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) as Array<ObjectTypeDefinitionNode | ObjectTypeExtensionNode>;

/**
 * The fields of another subgraph (the secretariat) that give records members own: their type has a
 * key the members resolve (Person, Case; not a stub such as CooperationRequest, which is the
 * secretariat's own record).
 */
export function pointedAt(memberSdl: string, otherSdl: string): PointedAt {
  const resolvable = (d: ConstDirectiveNode) => !d.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value);
  const owned = new Set(objectTypes(memberSdl).filter((t) => t.directives?.some((d) => d.name.value === 'key' && resolvable(d))).map((t) => t.name.value));
  const fields = new Set<string>();
  for (const type of objectTypes(otherSdl)) {
    for (const field of type.fields ?? []) {
      let t: TypeNode = field.type;
      while (t.kind !== Kind.NAMED_TYPE) t = t.type;
      if (owned.has(t.name.value)) fields.add(`${type.name.value}.${field.name.value}`);
    }
  }
  return { fields };
}

/**
 * The operation with the owner check added to the selections of member records that another
 * subgraph gives (a member's own fields are answered by the owner anyway, and a member limits the
 * aliases a request may use: the check is added only where it is needed).
 */
export function ownerCheckedDocument(document: DocumentNode, schema: GraphQLSchema, pointed: PointedAt): DocumentNode {
  // Found first, changed after: a visitor that replaces nodes while TypeInfo tracks types gets them out of step.
  const typeInfo = new TypeInfo(schema);
  const sets = new Set<SelectionSetNode>();
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (node.selectionSet && parent && pointed.fields.has(`${parent.name}.${node.name.value}`)) sets.add(node.selectionSet);
    },
  }));
  if (!sets.size) return document;
  return visit(document, {
    SelectionSet: (node) => (sets.has(node) ? { ...node, selections: [...node.selections, ...CHECK] } : undefined),
  });
}

/** Marks a request whose operation the check added to: only its answer has aliases to remove. */
const CHECKED = Symbol.for('enlace.gateway.ownerChecked');

/** Whether the owner check added to this request's operation (withheldReferences.ts then walks the answer). */
export const ownerChecked = (context: object): boolean => (context as { [CHECKED]?: boolean })[CHECKED] === true;

type Executor = NonNullable<Awaited<ReturnType<ApolloGateway['load']>>['executor']>;
type RequestContext = Parameters<Executor>[0];

/** The gateway with the owner check on every operation it runs (each document rewritten once: Apollo Server reuses parsed documents). */
export function withOwnerCheck(gateway: ApolloGateway, pointed: PointedAt): Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'> {
  const checked = new WeakMap<DocumentNode, DocumentNode>();
  const wrap = (executor: Executor): Executor => (requestContext: RequestContext) => {
    let document = checked.get(requestContext.document);
    if (!document) checked.set(requestContext.document, (document = ownerCheckedDocument(requestContext.document, requestContext.schema, pointed)));
    if (document === requestContext.document) return executor(requestContext);
    (requestContext.context as { [CHECKED]?: boolean })[CHECKED] = true; // the same object as the plugins' contextValue
    // The same request, its document checked: the planner's cache keys on the query's hash, and the rewrite is the same for the same query.
    return executor(Object.create(requestContext, { document: { value: document, enumerable: true } }) as RequestContext);
  };
  return {
    load: async (options?) => {
      const loaded = await gateway.load(options);
      return { schema: loaded.schema, executor: wrap(loaded.executor) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}
