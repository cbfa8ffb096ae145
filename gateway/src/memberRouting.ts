/**
 * Which members a request to the "members" subgraph goes to (DESIGN.md,
 * "Topology"): a by-id root field to the owner named by the id's prefix, a
 * mutation to the caller's own member (or, when its input names an owner — a
 * cooperation request — to that owner), a list to the members its `countries`
 * names (all when none; a search by document number only those it names), an entity reference to its owner, and a globally keyed
 * one (a route code) to every member; the next page of a paged list to the
 * members its cursor names (and `countries`, when given, names too), each with
 * its own position. Pure: no I/O.
 */
import { GraphQLError, Kind, valueFromASTUntyped, type FieldNode, type GraphQLFormattedError } from 'graphql';
import { badInput, ownerOf, validate } from '@enlace/platform';
import type { Json } from './merge';
import { decodeGatewayCursor, type PageStart } from './gatewayCursor';

export interface RootFieldGroup {
  /** The members asked, in directory order. */
  countries: string[];
  fields: FieldNode[];
}

export interface RootFieldPlan {
  /** Fields that go to the same members travel together: one request per member per group. */
  groups: RootFieldGroup[];
  /** Fields no member is asked about, with the error when there is one. */
  unrouted: Array<{ field: FieldNode; error?: GraphQLFormattedError }>;
  /** Paged fields asked for a next page (`after`): each member's own cursor (null: its first page). */
  starts: Map<FieldNode, PageStart>;
}

export interface EntityPlan {
  /** Per member, the positions in the planner's list of the representations it is asked about. */
  batches: Map<string, number[]>;
  errors: GraphQLFormattedError[];
}

export const responseKey = (field: FieldNode): string => field.alias?.value ?? field.name.value;

export class MemberRouting {
  private readonly members: readonly string[];

  /**
   * `members`: the directory's countries, in its order; `globalKeys`: entity types keyed network-wide (Route → code);
   * `pagedFields`: the Query fields that answer a page spanning members (personsPage).
   */
  constructor(members: Iterable<string>, private readonly globalKeys: ReadonlyMap<string, string>, private readonly pagedFields: ReadonlySet<string> = new Set()) {
    this.members = [...members];
  }

  /** Routes the root fields of one operation (no `__typename`: the data source answers that itself). */
  rootFields(
    /** 'query' or 'mutation'. */
    operation: string,
    fields: readonly FieldNode[],
    variables: Record<string, unknown>,
    callerCountry: string | undefined,
  ): RootFieldPlan {
    const groups = new Map<string, RootFieldGroup>();
    const unrouted: RootFieldPlan['unrouted'] = [];
    const starts = new Map<FieldNode, PageStart>();
    for (const field of fields) {
      const key = responseKey(field);
      let countries: string[];
      try {
        countries = this.rootFieldTargets(operation, field, variables, callerCountry);
        const start = this.pageStart(operation, field, variables);
        if (start) {
          countries = countries.filter((c) => start.has(c));
          starts.set(field, start);
        }
      } catch (err) {
        if (!(err instanceof GraphQLError)) throw err;
        unrouted.push({ field, error: { message: err.message, path: [key], extensions: err.extensions } });
        continue;
      }
      if (!countries.length) {
        unrouted.push({ field });
        continue;
      }
      const groupKey = countries.join(',');
      const group = groups.get(groupKey) ?? groups.set(groupKey, { countries, fields: [] }).get(groupKey)!;
      group.fields.push(field);
    }
    return { groups: [...groups.values()], unrouted, starts };
  }

  /** Where each member's next page starts, from a paged field's `after` (none: the first page). */
  private pageStart(operation: string, field: FieldNode, variables: Record<string, unknown>): PageStart | null {
    if (operation !== 'query' || !this.pagedFields.has(field.name.value)) return null;
    const after = argument(field, 'after', variables);
    return after === undefined || after === null ? null : decodeGatewayCursor(after, field.name.value, this.members);
  }

  /** The members one root field goes to; throws a GraphQLError (BAD_USER_INPUT, NOT_FOUND) the caller should see. */
  private rootFieldTargets(
    operation: string,
    field: FieldNode,
    variables: Record<string, unknown>,
    callerCountry: string | undefined,
  ): string[] {
    if (operation === 'mutation') {
      const input = argument(field, 'input', variables) as { owner?: unknown } | null | undefined;
      return [input && typeof input === 'object' && 'owner' in input ? this.owner('input.owner', input.owner) : this.member(callerCountry)];
    }
    const id = argument(field, 'id', variables);
    if (typeof id === 'string') {
      const owner = ownerOf(id);
      // Not an id at all: nobody owns it, so the answer is null (as for an id nobody has).
      return owner ? [this.member(owner)] : [];
    }
    const named = argument(field, 'countries', variables);
    if (named === undefined || named === null) {
      const filter = argument(field, 'filter', variables) as { documentNumber?: unknown } | null | undefined;
      // A number in clear reaches every member asked (issue 22): only those the caller names, never all by default.
      if (filter && typeof filter === 'object' && filter.documentNumber !== undefined && filter.documentNumber !== null) {
        throw badInput('countries', 'a search by filter.documentNumber goes only to the members named in `countries` (the number travels to them in clear): '
          + 'name them, or find who holds it with documentHits, which carries only the number\'s pseudonym');
      }
      return [...this.members];
    }
    return this.namedMembers(named);
  }

  /** Routes `_entities` representations: each to its owner, a globally keyed one to every member. */
  entities(representations: ReadonlyArray<Record<string, Json>>): EntityPlan {
    const batches = new Map<string, number[]>();
    const errors: GraphQLFormattedError[] = [];
    representations.forEach((rep, i) => {
      const owner = ownerOf(rep.id);
      const targets = this.globalKeys.has(String(rep.__typename)) ? this.members : owner && this.members.includes(owner) ? [owner] : [];
      if (!targets.length) errors.push({ message: `No member state owns ${String(rep.id).slice(0, 40)}`, path: ['_entities', i], extensions: { code: 'NOT_FOUND' } });
      for (const c of targets) (batches.get(c) ?? batches.set(c, []).get(c)!).push(i);
    });
    return { batches, errors };
  }

  private member(country: string | null | undefined): string {
    if (country && this.members.includes(country)) return country;
    throw new GraphQLError(`No member state ${country ?? '?'} in the directory`, { extensions: { code: 'NOT_FOUND' } });
  }

  /** A member state named as a record owner: BAD_USER_INPUT naming `field` unless it is one of the directory. */
  private owner(field: string, value: unknown): string {
    const code = validate.country(field, value);
    if (!this.members.includes(code)) throw badInput(field, `${JSON.stringify(code)} is not a member state of the network`);
    return code;
  }

  /** The `countries` argument, checked with the shared validation, then against the directory; directory order. */
  private namedMembers(value: unknown): string[] {
    const list = Array.isArray(value) ? value : [value];
    let codes: string[];
    try {
      codes = validate.countries('countries', list);
    } catch (err) {
      throw namingTheValue(err, list);
    }
    const strangers = codes.filter((c) => !this.members.includes(c));
    if (strangers.length) {
      const field = `countries[${list.findIndex((v) => String(v).trim().toUpperCase() === strangers[0])}]`;
      throw badInput(field, `${strangers.map((c) => JSON.stringify(c)).join(', ')} ${strangers.length > 1 ? 'are not member states' : 'is not a member state'} of the network`);
    }
    return this.members.filter((c) => codes.includes(c));
  }
}

function argument(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  // An absent variable is an absent argument.
  if (arg.value.kind === Kind.VARIABLE && !(arg.value.name.value in variables)) return undefined;
  return valueFromASTUntyped(arg.value, variables);
}

/** The shared validation names the entry (`countries[1]`); the caller also gets the value it sent, shortened. */
function namingTheValue(err: unknown, list: unknown[]): unknown {
  if (!(err instanceof GraphQLError)) return err;
  const field = String(err.extensions.field ?? '');
  const index = /\[(\d+)\]$/.exec(field)?.[1];
  if (index === undefined) return err;
  const shown = JSON.stringify(String(list[Number(index)] ?? '').slice(0, 20));
  return badInput(field, `${shown} ${err.message.slice(field.length + 2)}`);
}
