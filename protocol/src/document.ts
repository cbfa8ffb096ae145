/**
 * The one reader of the protocol document (schema/protocol/v<N>.json): the file
 * is read once per process, checked against its JSON Schema
 * (schema/protocol/v<N>.schema.json) with ajv, and handed to the member's and
 * the secretariat's readers of their sections (member/model.ts,
 * secretariat/model.ts), which check what a shape cannot say (that a field
 * names a rule that exists, that a rule's subject fits its field).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { PROTOCOL_VERSION, protocolPath, protocolSchemaPath } from '@enlace/schema';
import { ProtocolError } from './schemaFields';

export { PROTOCOL_VERSION, protocolPath, protocolSchemaPath };

const validators = new Map<number, ValidateFunction>();

function validatorFor(version: number): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    const schema = JSON.parse(readFileSync(protocolSchemaPath(version), 'utf8')) as object;
    validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    validators.set(version, validate);
  }
  return validate;
}

/** One line per problem, naming where in the document it is: "/rules/person.known/anyOf/0: has an unknown key "adultt"". */
function describe(errors: readonly ErrorObject[]): string {
  const lines = errors.map((e) => {
    const where = e.instancePath || '(the document)';
    if (e.keyword === 'additionalProperties') return `${where}: has an unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'enum') return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    if (e.keyword === 'const') return `${where}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    return `${where}: ${e.message ?? e.keyword}`;
  });
  return [...new Set(lines)].slice(0, 10).join('; ');
}

/**
 * Checks a protocol document against the JSON Schema of its version; throws a
 * ProtocolError that names each problem's place in the document (the process
 * then does not start).
 */
export function checkProtocolDocument(raw: unknown, source = 'the protocol document'): void {
  const version = (raw as { version?: unknown } | null)?.version;
  if (!raw || typeof raw !== 'object' || !Number.isInteger(version)) {
    throw new ProtocolError(`${source} is not an Enlace sharing protocol document (expected "protocol": "enlace-sharing-protocol" and an integer "version")`);
  }
  let validate: ValidateFunction;
  try {
    validate = validatorFor(version as number);
  } catch (err) {
    throw new ProtocolError(`${source} says it is version ${String(version)}, which has no JSON Schema here (${(err as Error).message})`);
  }
  if (!validate(raw)) throw new ProtocolError(`${source} does not match the JSON Schema of protocol v${String(version)}: ${describe(validate.errors ?? [])}`);
}

const documents = new Map<number, unknown>();

/** The network's protocol document of a version, as committed, checked against its JSON Schema (read once per process). */
export function protocolDocument(version = PROTOCOL_VERSION): unknown {
  let raw = documents.get(version);
  if (raw === undefined) {
    const path = protocolPath(version);
    raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    checkProtocolDocument(raw, path);
    if ((raw as { version: number }).version !== version) throw new ProtocolError(`${path} says it is version ${(raw as { version: number }).version}`);
    documents.set(version, raw);
  }
  // Each reader gets its own copy: a caller changing what it was given changes nothing for the next.
  return structuredClone(raw);
}
