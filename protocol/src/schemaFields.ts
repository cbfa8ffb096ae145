/** What the members and the secretariat read of their schema, and the error a protocol document that cannot be enforced raises. */
import { isIntrospectionType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';

/** A protocol document, or a member's tightening of it, that cannot be enforced: the process does not start. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export interface SchemaField {
  /** "Type.field" */
  coordinate: string;
  type: string;
  field: string;
  nonNull: boolean;
}

/** Every object field of the schema, as "Type.field", with whether it is non-null: every one needs a rule. */
export function schemaFields(schema: GraphQLSchema): SchemaField[] {
  const out: SchemaField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      out.push({ coordinate: `${type.name}.${field.name}`, type: type.name, field: field.name, nonNull: isNonNullType(field.type) });
    }
  }
  return out;
}
