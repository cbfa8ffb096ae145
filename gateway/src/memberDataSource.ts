/**
 * The data source for the one logical subgraph "members" that every member
 * state serves (see DESIGN.md, "Topology"). It knows the member directory and:
 * - fans root fields out to every member (or to those `countries` names) in
 *   parallel and merges their answers, tagged by owner;
 * - routes by-id root fields and `_entities` to the owner read from the id
 *   prefix; globally keyed entities (routes by code) fan out and merge;
 * - keeps `_entities` order, answers null plus MEMBER_UNAVAILABLE where a member
 *   failed, timed out or answered garbage;
 * - drops any record a member returns that it does not own.
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
import {
  getOperationAST, Kind, parse, valueFromASTUntyped,
  type FieldNode, type FragmentDefinitionNode, type GraphQLFormattedError, type OperationDefinitionNode,
} from 'graphql';
import { CASE_REF_HEADER, HOP_HEADER, ownerOf, PURPOSE_HEADER, type HopSigner, type RequestIdentity } from '@enlace/common';
import { dropForeignRecords, mergeByKey, mergeEntity, type Json } from './merge';
import type { MemberSchemaInfo } from './memberSchemaInfo';
import { pickVariables, subOperation } from './subOperation';
import { withheldOf } from './withheldReferences';

export type MemberDirectory = ReadonlyMap<string, string>;

export interface MemberDataSourceOptions {
  directory: MemberDirectory;
  schema: MemberSchemaInfo;
  /** Per-member timeout for one request, in ms. */
  timeoutMs: number;
  /** Headers to send downstream for a request (the caller's token, purpose, case reference). */
  headersFor: (context: Record<string, unknown>) => Record<string, string>;
  /** Signs, per member request, the assertion binding it to that member, body and token (header x-enlace-hop). */
  hop?: HopSigner;
}

interface MemberAnswer {
  country: string;
  data: Record<string, Json> | null;
  errors: GraphQLFormattedError[];
  /** Set when the member could not be used at all. */
  unavailable?: string;
}

type Errors = GraphQLFormattedError[];

const unavailable = (country: string, reason: string, path?: ReadonlyArray<string | number>): GraphQLFormattedError => ({
  message: `Member state ${country} is unavailable: ${reason}`,
  path,
  extensions: { code: 'MEMBER_UNAVAILABLE', country },
});

const foreignRecords = (country: string, ids: string[], path?: ReadonlyArray<string | number>): GraphQLFormattedError => ({
  message: `Member state ${country} answered about records it does not own (${ids.slice(0, 5).join(', ')}); they were dropped`,
  path,
  extensions: { code: 'FOREIGN_RECORD', country },
});

export class MemberFanOutDataSource implements GraphQLDataSource<Record<string, unknown>> {
  constructor(private readonly options: MemberDataSourceOptions) {}

  async process(request: GraphQLDataSourceProcessOptions<Record<string, unknown>>): Promise<GatewayGraphQLResponse> {
    const query = request.request.query;
    if (!query) return { errors: [{ message: 'No query to send to the members' }] };
    const document = parse(query);
    const op = getOperationAST(document, request.request.operationName);
    if (!op) return { errors: [{ message: 'No operation to send to the members' }] };
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f] as const),
    );
    const variables = (request.request.variables ?? {}) as Record<string, unknown>;
    const headers = this.options.headersFor(request.context);
    const fields = op.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
    if (fields.length === 1 && fields[0].name.value === '_entities') {
      return this.entities(query, variables, headers, withheldOf(request.context));
    }
    const identity = request.context.identity as RequestIdentity | undefined;
    return this.rootFields(op, fields, fragments, variables, headers, identity);
  }

  // ---- root fields --------------------------------------------------------

  private async rootFields(
    op: OperationDefinitionNode,
    fields: FieldNode[],
    fragments: Map<string, FragmentDefinitionNode>,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
    identity: RequestIdentity | undefined,
  ): Promise<GatewayGraphQLResponse> {
    const rootType = op.operation === 'mutation' ? 'Mutation' : 'Query';
    const data: Record<string, Json> = {};
    const errors: Errors = [];

    // Group fields that go to the same members into one request per member.
    const groups = new Map<string, { countries: string[]; fields: FieldNode[] }>();
    for (const field of fields) {
      const key = field.alias?.value ?? field.name.value;
      if (field.name.value === '__typename') {
        data[key] = rootType;
        continue;
      }
      const targets = this.targetsOf(op, field, variables, identity, errors);
      const groupKey = targets.join(',');
      (groups.get(groupKey) ?? groups.set(groupKey, { countries: targets, fields: [] }).get(groupKey)!).fields.push(field);
    }

    await Promise.all(
      [...groups.values()].map(async (group) => {
        const query = subOperation(op, group.fields, fragments);
        const vars = pickVariables(variables, query, op);
        const answers = await Promise.all(group.countries.map((c) => this.send(c, query, vars, headers)));
        for (const field of group.fields) {
          const key = field.alias?.value ?? field.name.value;
          const name = `${rootType}.${field.name.value}`;
          data[key] = this.mergeField(key, name, answers, errors);
        }
        // Errors not tied to a field (rare) are kept once per member.
        for (const a of answers) for (const e of a.errors) if (!e.path) errors.push({ ...e, extensions: { ...e.extensions, country: a.country } });
      }),
    );
    return { data, errors: errors.length ? errors : undefined };
  }

  /** Which members a root field goes to: the owner of an `id`, the caller's own member for a mutation, or the named/all members. */
  private targetsOf(
    op: OperationDefinitionNode,
    field: FieldNode,
    variables: Record<string, unknown>,
    identity: RequestIdentity | undefined,
    errors: Errors,
  ): string[] {
    const { directory } = this.options;
    const args = Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
    const key = field.alias?.value ?? field.name.value;
    const known = (country: string | null | undefined): string[] => {
      if (country && directory.has(country)) return [country];
      errors.push({ message: `No member state ${country ?? '?'} in the directory`, path: [key], extensions: { code: 'NOT_FOUND' } });
      return [];
    };
    if (op.operation === 'mutation') return known(identity?.caller.country);
    if (typeof args.id === 'string') return ownerOf(args.id) ? known(ownerOf(args.id)) : [];
    if (Array.isArray(args.countries)) {
      const named = new Set(args.countries.map((c) => String(c).toUpperCase()));
      return [...directory.keys()].filter((c) => named.has(c));
    }
    return [...directory.keys()];
  }

  private mergeField(key: string, rootField: string, answers: MemberAnswer[], errors: Errors): Json {
    const { schema } = this.options;
    const returnType = schema.rootFieldType.get(rootField);
    const globalKey = returnType ? schema.globalKeys.get(returnType) : undefined;
    const isList = schema.listRootFields.has(rootField);
    let merged: Json = isList ? [] : null;
    for (const answer of answers) {
      if (answer.unavailable) {
        errors.push(unavailable(answer.country, answer.unavailable, [key]));
        continue;
      }
      const offset = Array.isArray(merged) ? merged.length : 0;
      for (const e of answer.errors) {
        if (e.path?.[0] !== key) continue;
        const path = [...e.path];
        if (typeof path[1] === 'number') path[1] += offset;
        errors.push({ ...e, path, extensions: { ...e.extensions, country: answer.country } });
      }
      const value = answer.data?.[key] ?? null;
      const dropped: string[] = [];
      const clean = value === null ? null : dropForeignRecords(isForeignRoot(value, answer.country) ? null : value, answer.country, ownerOf, dropped);
      if (value !== null && clean === null) dropped.push(String((value as { id?: Json }).id));
      if (dropped.length) errors.push(foreignRecords(answer.country, dropped, [key]));
      if (isList) {
        if (Array.isArray(clean)) (merged as Json[]).push(...clean);
      } else if (clean !== null) {
        merged = globalKey ? mergeEntity(merged, clean) : (merged ?? clean);
      }
    }
    return isList && globalKey ? mergeByKey(merged as Json[], globalKey) : merged;
  }

  // ---- entities -----------------------------------------------------------

  private async entities(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
    withheld: Set<string>,
  ): Promise<GatewayGraphQLResponse> {
    const reps = (variables.representations ?? []) as Array<Record<string, Json>>;
    const { directory, schema } = this.options;
    const result: Json[] = reps.map(() => null);
    const errors: Errors = [];
    // Per member: the positions of the representations it is asked about.
    const positions = new Map<string, number[]>();
    reps.forEach((rep, i) => {
      const typename = String(rep.__typename);
      const targets = schema.globalKeys.has(typename) ? [...directory.keys()] : [ownerOf(rep.id)].filter((c): c is string => !!c && directory.has(c));
      if (!targets.length) {
        errors.push({ message: `No member state owns ${String(rep.id)}`, path: ['_entities', i], extensions: { code: 'NOT_FOUND' } });
      }
      for (const c of targets) (positions.get(c) ?? positions.set(c, []).get(c)!).push(i);
    });

    const answers = await Promise.all(
      [...positions].map(async ([country, idx]) => ({
        idx,
        answer: await this.send(country, query, { ...variables, representations: idx.map((i) => reps[i]) }, headers),
      })),
    );
    for (const { idx, answer } of answers) {
      const { country } = answer;
      if (answer.unavailable) {
        errors.push(unavailable(country, answer.unavailable, ['_entities', idx[0]]));
        continue;
      }
      const entities = Array.isArray(answer.data?._entities) ? (answer.data!._entities as Json[]) : [];
      const dropped: string[] = [];
      idx.forEach((pos, j) => {
        const entity = entities[j] ?? null;
        const rep = reps[pos];
        const typename = String(rep.__typename);
        if (entity && typeof entity === 'object' && !Array.isArray(entity) && entity.id !== undefined && entity.id !== rep.id) {
          dropped.push(String(entity.id));
          return;
        }
        // The owner answered null: a reference the caller may not know of (or a record that does not exist).
        if (entity === null && !schema.globalKeys.has(typename) && typeof rep.id === 'string') withheld.add(rep.id);
        const clean = dropForeignRecords(entity, country, ownerOf, dropped);
        result[pos] = schema.globalKeys.has(typename) ? mergeEntity(result[pos], clean) : clean;
      });
      if (dropped.length) errors.push(foreignRecords(country, dropped, ['_entities', idx[0]]));
      for (const e of answer.errors) {
        const path = e.path ? [...e.path] : undefined;
        if (path && path[0] === '_entities' && typeof path[1] === 'number') path[1] = idx[path[1]] ?? path[1];
        errors.push({ ...e, path, extensions: { ...e.extensions, country } });
      }
    }
    return { data: { _entities: result }, errors: errors.length ? errors : undefined };
  }

  // ---- transport ----------------------------------------------------------

  private async send(country: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<MemberAnswer> {
    const url = this.options.directory.get(country)!;
    // The assertion covers these exact bytes: sign what is sent.
    const payload = JSON.stringify({ query, variables });
    const token = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
    const hop: Record<string, string> = this.options.hop && token
      ? { [HOP_HEADER]: await this.options.hop.sign({ member: country, body: payload, token, purpose: headers[PURPOSE_HEADER] ?? null, caseRef: headers[CASE_REF_HEADER] ?? null }) }
      : {};
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, ...hop },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const name = (err as Error).name;
      const reason = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.options.timeoutMs} ms` : 'cannot be reached';
      return { country, data: null, errors: [], unavailable: reason };
    }
    let body: { data?: unknown; errors?: GraphQLFormattedError[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      return { country, data: null, errors: [], unavailable: `answered HTTP ${response.status} with a body that is not JSON` };
    }
    const data = body?.data;
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    // Execution errors that nulled the whole answer (bad arguments, say) are the member's answer, not an outage.
    if (data === null && errors.length && response.ok) return { country, data: {}, errors };
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      // A request-level error (bad token, say) is the member's answer, not an outage.
      if (Array.isArray(body?.errors) && body.errors.length && response.status < 500) {
        return { country, data: null, errors: [], unavailable: `refused the request: ${String(body.errors[0]?.message ?? 'unknown error').slice(0, 200)}` };
      }
      return { country, data: null, errors: [], unavailable: `answered HTTP ${response.status} without data` };
    }
    return { country, data: data as Record<string, Json>, errors };
  }
}

/** A single-object root answer whose own id names another owner. */
function isForeignRoot(value: Json, country: string): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const owner = ownerOf(value.id);
  return owner !== null && owner !== country;
}
