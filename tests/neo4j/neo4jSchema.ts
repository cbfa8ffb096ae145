/**
 * Neo4j's own Cypher analyser (npm `@neo4j-cypher/language-support`) over the
 * statements the adapter sends: a database schema declaring the labels,
 * relationship types and property keys of our store schemas, Neo4j 5's built-in
 * functions and procedures, and each statement's parameters.
 */
import { lintCypherQuery, testData, type DbSchema } from '@neo4j-cypher/language-support';
import type { StoreSchema } from '@enlace/store';

/**
 * The package ships the function and procedure catalogue of a Neo4j server (with
 * APOC and GDS installed) as `testData.mockSchema`; a member runs Neo4j community
 * without plugins, so only the built-in functions and the db./dbms./tx. procedures are declared.
 */
const CYPHER = 'CYPHER 5';
const catalogue = testData.mockSchema;
const BUILT_IN_FUNCTIONS = Object.fromEntries(Object.entries(catalogue.functions?.[CYPHER] ?? {}).filter(([, f]) => f.isBuiltIn));
const BUILT_IN_PROCEDURES = Object.fromEntries(Object.entries(catalogue.procedures?.[CYPHER] ?? {}).filter(([name]) => /^(db|dbms|tx)\./.test(name)));

export const builtInCounts = { functions: Object.keys(BUILT_IN_FUNCTIONS).length, procedures: Object.keys(BUILT_IN_PROCEDURES).length };

/** The labels, relationship types and property keys the store schemas declare. */
export function dbSchemaOf(schemas: readonly StoreSchema[]): DbSchema {
  const labels = new Set<string>();
  const relationshipTypes = new Set<string>();
  const propertyKeys = new Set<string>();
  for (const s of schemas) {
    for (const n of s.nodes) {
      labels.add(n.label);
      for (const p of Object.keys(n.properties)) propertyKeys.add(p);
    }
    for (const r of s.rels) {
      relationshipTypes.add(r.type);
      for (const p of Object.keys(r.properties ?? {})) propertyKeys.add(p);
    }
  }
  return {
    labels: [...labels],
    relationshipTypes: [...relationshipTypes],
    propertyKeys: [...propertyKeys],
    functions: { [CYPHER]: BUILT_IN_FUNCTIONS },
    procedures: { [CYPHER]: BUILT_IN_PROCEDURES },
    defaultLanguage: CYPHER,
  };
}

/**
 * What Neo4j's analyser finds wrong with one statement sent with `params`: every
 * error, and every warning (unknown label, relationship type, property, function or
 * procedure; a deprecation), each as one line.
 */
export function lintStatement(schema: DbSchema, cypher: string, params: Record<string, unknown>): string[] {
  // Keys of the maps a statement is sent (`UNWIND $rows AS r … r.from`) are property keys of that statement too.
  const propertyKeys = [...(schema.propertyKeys ?? []), ...mapKeys(Object.values(params))];
  const { diagnostics } = lintCypherQuery(cypher, { ...schema, propertyKeys, parameters: params });
  return diagnostics.map((d) => `${d.severity === 1 ? 'error' : 'warning'} at ${d.offsets.start}: ${d.message}`);
}

/** The keys of every map among `values`, through lists and nested maps. */
function mapKeys(values: readonly unknown[]): string[] {
  return values.flatMap((v) => {
    if (Array.isArray(v)) return mapKeys(v);
    if (v !== null && typeof v === 'object') return [...Object.keys(v), ...mapKeys(Object.values(v))];
    return [];
  });
}
