/**
 * The data source for the one logical subgraph "members" that every member
 * state serves (see DESIGN.md, "Topology"). It ties three parts together:
 * routing (memberRouting: which members), transport (memberTransport: one
 * pooled connection set per member) and merging (memberMerging: one answer,
 * with the ownership check and the members' errors where they belong). Here:
 * cutting the operation per group of members, and signing each fetch's member
 * requests with one assertion (hop.ts) for the caller the gateway verified.
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  getOperationAST, Kind, parse,
  type ArgumentNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLFormattedError, type OperationDefinitionNode,
} from 'graphql';
import type { HopSigner, RequestIdentity } from '@enlace/platform';
import type { GatewayContext } from './context';
import type { Json } from './merge';
import { mergeEntities, mergeRootField, pathlessErrors, type MemberAnswer, type RootFieldShape } from './memberMerging';
import { MemberRouting, responseKey } from './memberRouting';
import { mergePage, pageSelection, type PageShape } from './memberPages';
import type { PageStart } from './gatewayCursor';
import type { MemberSchemaInfo } from './memberSchemaInfo';
import { readReply, type MemberTransport } from './memberTransport';
import { passDenials } from './passedDenials';
import { memberErrors } from './memberErrors';
import { pickVariables, subOperation } from './subOperation';
import { withheldOf } from './withheldReferences';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export type MemberDirectory = ReadonlyMap<string, string>;

export interface MemberDataSourceOptions {
  directory: MemberDirectory;
  schema: MemberSchemaInfo;
  transport: MemberTransport;
  /** Headers to send downstream for a request (the caller's token, purpose, case reference, request id). */
  headersFor: (context: GatewayContext) => Record<string, string>;
  /** Signs one assertion per fan-out binding each member request to its member, body and nonce, and all to the caller (hop.ts). */
  hop?: HopSigner;
  /** Told of every member request once it is answered or given up on (metrics, logs). */
  onMemberCall?: (call: MemberCall) => void;
}

/** One request to one member, as the gateway saw it. */
export interface MemberCall {
  country: string;
  seconds: number;
  /** Why the member's answer could not be used (it is then MEMBER_UNAVAILABLE), else null. */
  unavailable: string | null;
  /** Given up on after the member timeout. */
  timedOut: boolean;
}

/** An operation from the query planner, parsed once: the planner sends the same few strings again and again. */
interface ParsedOperation {
  op: OperationDefinitionNode;
  fields: FieldNode[];
  fragments: Map<string, FragmentDefinitionNode>;
  entities: boolean;
  /** The document holds this operation only, so it can travel as it is. */
  alone: boolean;
}

const PARSED_CACHE_SIZE = 500;

/** On whose behalf a fetch goes: the identity the gateway verified (what the assertion covers) and the headers written from it. */
interface OnBehalfOf {
  identity: RequestIdentity;
  headers: Record<string, string>;
}

/** One member request of a fetch: to whom, and the exact bytes. */
interface Outgoing {
  country: string;
  body: string;
}

export class MemberFanOutDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly routing: MemberRouting;
  private readonly parsed = new Map<string, ParsedOperation | null>();

  constructor(private readonly options: MemberDataSourceOptions) {
    const paged = [...options.schema.pagedRootFields.keys()].filter((f) => f.startsWith('Query.')).map((f) => f.slice('Query.'.length));
    this.routing = new MemberRouting(options.directory.keys(), options.schema.globalKeys, new Set(paged));
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    // Only an incoming operation has the gateway's context (and an incomingRequestContext: how TypeScript tells, as
    // Apollo does not export the kinds). Health checks and schema loading never reach the members: the supergraph is committed.
    if (!('incomingRequestContext' in options)) return { errors: [{ message: 'The members are asked only on behalf of a caller' }] };
    const { request, context } = options;
    const query = request.query;
    if (!query) return { errors: [{ message: 'No query to send to the members' }] };
    const parsed = this.parse(query, request.operationName);
    if (!parsed) return { errors: [{ message: 'No operation to send to the members' }] };
    const variables = request.variables ?? {};
    const caller: OnBehalfOf = { identity: context.identity, headers: this.options.headersFor(context) };
    if (parsed.entities) return this.entities(query, variables, caller, withheldOf(context));
    return this.rootFields(query, parsed, variables, caller, context);
  }

  private parse(query: string, operationName: string | undefined): ParsedOperation | null {
    const cacheKey = `${operationName ?? ''}\n${query}`;
    let parsed = this.parsed.get(cacheKey);
    if (parsed !== undefined) return parsed;
    parsed = parseOperation(parse(query), operationName);
    // Oldest out first: a bound on memory, not a policy worth more.
    if (this.parsed.size >= PARSED_CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value!);
    this.parsed.set(cacheKey, parsed);
    return parsed;
  }

  private async rootFields(
    query: string,
    { op, fields, fragments, alone }: ParsedOperation,
    variables: Record<string, unknown>,
    caller: OnBehalfOf,
    context: GatewayContext,
  ): Promise<GatewayGraphQLResponse> {
    const rootType = op.operation === 'mutation' ? 'Mutation' : 'Query';
    const data: Record<string, Json> = {};
    const errors: GraphQLFormattedError[] = [];
    const asked = fields.filter((f) => f.name.value !== '__typename');
    for (const f of fields) if (f.name.value === '__typename') data[responseKey(f)] = rootType;

    const plan = this.routing.rootFields(op.operation, asked, variables, caller.identity.caller.country);
    for (const { field, error } of plan.unrouted) {
      // Asked of no member: an empty list (or page), or null; with the reason when there is one.
      const page = this.pageShapeOf(rootType, field);
      data[responseKey(field)] = error ? null : page ? mergePage(page, pageSelection(field, fragments), [], undefined).value : this.shapeOf(rootType, field).list ? [] : null;
      if (error) errors.push(error);
    }
    // Every group's requests are written first, so that one assertion covers the whole fetch.
    const outgoing = plan.groups.map((group) => {
      const paging = group.fields.some((f) => plan.starts.has(f));
      // The whole operation goes as it came when every field goes to the same members (the usual case).
      const whole = !paging && alone && group.fields.length === asked.length && asked.length === fields.length;
      const bodyFor = (country: string | null) => {
        const cut = country ? group.fields.map((f) => withAfter(f, plan.starts.get(f), country)) : group.fields;
        const sub = whole ? query : subOperation(op, cut, fragments);
        return JSON.stringify({ query: sub, variables: whole ? variables : pickVariables(variables, sub, op) });
      };
      // The same bytes go to every member of the group (each with its own tag over them), unless a next
      // page is asked for: then each member gets its own cursor.
      const body = paging ? null : bodyFor(null);
      return group.countries.map((country): Outgoing => ({ country, body: body ?? bodyFor(country) }));
    });
    const answered = await this.sendAll(outgoing.flat(), caller);
    let next = 0;
    for (const [g, group] of plan.groups.entries()) {
      const answers = answered.slice(next, (next += outgoing[g].length));
      for (const field of group.fields) {
        const page = this.pageShapeOf(rootType, field);
        const merged = page
          ? mergePage(page, pageSelection(field, fragments), answers, plan.starts.get(field))
          : mergeRootField(this.shapeOf(rootType, field), answers);
        data[responseKey(field)] = merged.value;
        errors.push(...merged.errors);
      }
      errors.push(...pathlessErrors(answers));
    }
    // A root fetch's paths are the answer's: its denials need no wrapping by the executor (passedDenials.ts).
    return { data, errors: memberErrors(passDenials(context, errors) ?? []) };
  }

  /** How a paged root field's answers combine (null: the field is not a page). */
  private pageShapeOf(rootType: string, field: FieldNode): PageShape | null {
    const { schema } = this.options;
    const rootField = `${rootType}.${field.name.value}`;
    const items = schema.pagedRootFields.get(rootField);
    if (!items) return null;
    return { key: responseKey(field), field: field.name.value, typeName: schema.rootFieldType.get(rootField)!, itemsGlobalKey: schema.globalKeys.get(items) };
  }

  /** How a root field's answers combine, from the member schema. */
  private shapeOf(rootType: string, field: FieldNode): RootFieldShape {
    const { schema } = this.options;
    const rootField = `${rootType}.${field.name.value}`;
    const returnType = schema.rootFieldType.get(rootField);
    return { key: responseKey(field), list: schema.listRootFields.has(rootField), globalKey: returnType ? schema.globalKeys.get(returnType) : undefined };
  }

  private async entities(
    query: string,
    variables: Record<string, unknown>,
    caller: OnBehalfOf,
    withheld: Set<string>,
  ): Promise<GatewayGraphQLResponse> {
    const representations = (variables.representations ?? []) as Array<Record<string, Json>>;
    const plan = this.routing.entities(representations);
    const batched = [...plan.batches];
    const answers = await this.sendAll(
      batched.map(([country, positions]): Outgoing => ({
        country,
        body: JSON.stringify({ query, variables: { ...variables, representations: positions.map((i) => representations[i]) } }),
      })),
      caller,
    );
    const batches = batched.map(([, positions], i) => ({ positions, answer: answers[i] }));
    const merged = mergeEntities(representations, batches, this.options.schema.globalKeys);
    for (const id of merged.withheld) withheld.add(id);
    const errors = [...plan.errors, ...merged.errors];
    return { data: { _entities: merged.entities }, errors: memberErrors(errors) };
  }

  /**
   * Posts one fetch's requests, answers in the same order. One assertion covers them all: a tag per
   * foreign member's request over its exact bytes, and that member's nonce sent to it alone. A member
   * serves its own country's callers without the assertion (it ignores one): they get no tag.
   */
  private async sendAll(outgoing: Outgoing[], caller: OnBehalfOf): Promise<MemberAnswer[]> {
    const { hop } = this.options;
    const own = caller.identity.caller.country;
    const relayed = hop ? outgoing.filter((o) => o.country !== own) : [];
    const signed = relayed.length ? await hop!.signFanOut(caller.identity, relayed.map((o) => ({ member: o.country, body: o.body }))) : [];
    const proofs = new Map(relayed.map((o, i) => [o, signed[i]]));
    return Promise.all(outgoing.map((o) => {
      const proof = proofs.get(o);
      return this.send(o.country, o.body, proof ? { ...caller.headers, ...proof } : caller.headers);
    }));
  }

  /** Posts `body` to one member with these headers. */
  private async send(country: string, body: string, headers: Record<string, string>): Promise<MemberAnswer> {
    const started = performance.now();
    const reply = await this.options.transport.post(country, body, headers);
    const answer = readReply(country, reply);
    this.options.onMemberCall?.({
      country,
      seconds: (performance.now() - started) / 1000,
      unavailable: answer.unavailable ?? null,
      timedOut: 'timedOut' in reply && reply.timedOut === true,
    });
    return answer;
  }
}

/** A paged field as sent to one member: with that member's own cursor as `after`, or none for its first page. */
function withAfter(field: FieldNode, start: PageStart | undefined, country: string): FieldNode {
  if (!start) return field;
  const cursor = start.get(country) ?? null;
  const others = (field.arguments ?? []).filter((a) => a.name.value !== 'after');
  const after: ArgumentNode[] = cursor === null ? [] : [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: { kind: Kind.STRING, value: cursor } }];
  return { ...field, arguments: [...others, ...after] };
}

function parseOperation(document: DocumentNode, operationName: string | undefined): ParsedOperation | null {
  const op = getOperationAST(document, operationName);
  if (!op) return null;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f] as const),
  );
  const fields = op.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  const entities = fields.length === 1 && fields[0].name.value === '_entities';
  const alone = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length === 1;
  return { op, fields, fragments, entities, alone };
}
