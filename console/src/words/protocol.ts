/**
 * The sharing protocol's words as the console uses them, from schema/protocol/v<N>.json: every rule
 * of both sections with its title in every language and its description, which rule guards which
 * field ("Person.fullName" → "person.identity"), and the rules a cooperation request can ask to open.
 * Pure: the console's build (vite.config.ts, `virtual:enlace-protocol`) and the tests read the file
 * and hand it here, so there is no second copy of the protocol's words.
 */
type Titles = Record<string, string>;
interface Rule { description: string; title: Titles; anyOf: { caller: string }[] }
interface Section { rules: Record<string, Rule>; fields: Record<string, Record<string, string>> }
export interface ProtocolDocument extends Section {
  version: number;
  secretariat: Section;
  visibility: Record<string, string>;
}

export interface ProtocolModule {
  PROTOCOL_VERSION: number;
  RULES: Record<string, { title: Titles; description: string }>;
  FIELD_RULES: Record<string, string>;
  GRANTABLE_RULES: string[];
}

export function protocolModule(doc: ProtocolDocument): ProtocolModule {
  const rules: ProtocolModule['RULES'] = {};
  const fields: Record<string, string> = {};
  for (const section of [doc.secretariat, doc]) {
    for (const [name, r] of Object.entries(section.rules)) rules[name] = { title: r.title, description: r.description };
    for (const [type, byField] of Object.entries(section.fields)) for (const [field, rule] of Object.entries(byField)) fields[`${type}.${field}`] = rule;
  }
  // What a cooperation request can ask to open: the rules with a grantee clause, less those that only make a record known (a grant on it does).
  const visibility = new Set(Object.values(doc.visibility));
  const grantable = Object.entries(doc.rules).filter(([name, r]) => !visibility.has(name) && r.anyOf.some((c) => c.caller === 'grantee')).map(([name]) => name);
  return { PROTOCOL_VERSION: doc.version, RULES: rules, FIELD_RULES: fields, GRANTABLE_RULES: grantable };
}
