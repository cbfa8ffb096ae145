/**
 * Merging the members' answers to one sub-request into the one answer the query
 * planner sees: a root field's values (lists concatenate tagged by owner,
 * globally keyed entities merge), `_entities` back in the planner's order, the
 * ownership check (a record a member does not own is dropped with
 * FOREIGN_RECORD), and each member's errors moved to where its values went.
 */
import type { GraphQLFormattedError } from 'graphql';
import { ownerOf, SECRETARIAT_COUNTRY } from '@enlace/platform';
import { concatenate, dropForeignRecords, isObject, mergeByKey, mergeEntity, chain, unmoved, type Json, type Path, type Relocate } from './merge';

/** One member's answer, as read by the transport. */
export interface MemberAnswer {
  country: string;
  data: Record<string, Json> | null;
  errors: GraphQLFormattedError[];
  /** Set when the member could not be used at all: why, in words safe to show. */
  unavailable?: string;
  /** With `unavailable`: which kind of failure, for clients to tell apart without reading the message. */
  unavailableReason?: UnavailableReason;
}

/** Given up on after the timeout, not reached at all, or answered something that is not a GraphQL answer. */
/** `not-ready`: the member answered that it cannot serve now (its /ready is 503: its audit log cannot be written, say). */
export type UnavailableReason = 'timeout' | 'unreachable' | 'bad-answer' | 'not-ready';

export const memberUnavailable = (answer: MemberAnswer, path?: Path): GraphQLFormattedError => ({
  message: `Member state ${answer.country} is unavailable: ${answer.unavailable}`,
  path,
  extensions: { code: 'MEMBER_UNAVAILABLE', country: answer.country, reason: answer.unavailableReason ?? 'bad-answer' },
});

const foreignRecords = (country: string, ids: string[], path: Path): GraphQLFormattedError => ({
  message: `Member state ${country} answered about records it does not own (${ids.slice(0, 5).join(', ')}); they were dropped`,
  path,
  extensions: { code: 'FOREIGN_RECORD', country },
});

/**
 * Whose record an id is, for the ownership check: a member's, or null for a
 * reference to the secretariat's own records (a cooperation request a member
 * has just filed), which the secretariat answers itself under its own rules.
 */
const memberOwnerOf = (id: unknown): string | null => {
  const owner = ownerOf(id);
  return owner === SECRETARIAT_COUNTRY ? null : owner;
};

/**
 * A member's error, tagged with the member, at its path in the merged answer (or dropped with what it
 * was about). Changed in place: it was parsed from this member's answer for this request alone, and a
 * list of foreign persons brings thousands of denials (two objects fewer to make and collect for each).
 */
export function relocated(error: GraphQLFormattedError, country: string, path: Path | undefined): GraphQLFormattedError {
  const e = error as { -readonly [K in keyof GraphQLFormattedError]: GraphQLFormattedError[K] };
  e.path = path;
  if (e.extensions && typeof e.extensions === 'object') (e.extensions as Record<string, unknown>).country = country;
  else e.extensions = { country };
  return e;
}

/** A member's value for a root field without the records it does not own (FOREIGN_RECORD, added to `errors`). */
export function cleanAnswer(answer: MemberAnswer, key: string, errors: GraphQLFormattedError[]): { value: Json; relocate: Relocate } {
  const clean = dropForeignRecords(answer.data?.[key] ?? null, answer.country, memberOwnerOf);
  if (clean.dropped.length) errors.push(foreignRecords(answer.country, clean.dropped, [key]));
  return clean;
}

/** How a root field's answers combine: read from the member schema. */
export interface RootFieldShape {
  /** The response key (alias or name). */
  key: string;
  list: boolean;
  /** The key field of a globally keyed return type (Route: code), whose answers merge. */
  globalKey?: string;
}

/** Merges one root field across the members' answers, with the members' errors about it. */
export function mergeRootField(shape: RootFieldShape, answers: readonly MemberAnswer[]): { value: Json; errors: GraphQLFormattedError[] } {
  const { key } = shape;
  const errors: GraphQLFormattedError[] = [];
  const parts: Array<{ answer: MemberAnswer; value: Json; relocate: Relocate }> = [];
  for (const answer of answers) {
    if (answer.unavailable) {
      errors.push(memberUnavailable(answer, [key]));
      continue;
    }
    const clean = cleanAnswer(answer, key, errors);
    parts.push({ answer, value: clean.value, relocate: clean.relocate });
  }

  let value: Json;
  let moves: Relocate[];
  if (shape.list) {
    const lists = parts.map((p) => (Array.isArray(p.value) ? p.value : []));
    ({ value, relocate: moves } = shape.globalKey ? mergeByKey(lists, shape.globalKey) : concatenate(lists));
  } else if (shape.globalKey) {
    value = null;
    moves = parts.map((p) => {
      const merged = mergeEntity(value, p.value);
      value = merged.value;
      return merged.relocate;
    });
  } else {
    // Any other object has one owner: the first answer stands; another's errors stay on the field, not inside it.
    const first = parts.findIndex((p) => p.value !== null);
    value = first < 0 ? null : parts[first].value;
    moves = parts.map((_, i) => (i === first || first < 0 ? unmoved : () => []));
  }

  parts.forEach(({ answer, relocate }, i) => {
    const move = chain(relocate, moves[i]);
    for (const e of answer.errors) {
      if (e.path?.[0] !== key) continue;
      const inside = move(e.path.slice(1));
      if (inside) errors.push(relocated(e, answer.country, [key, ...inside]));
    }
  });
  return { value, errors };
}

/** Errors not tied to a field (rare), once per member. */
export function pathlessErrors(answers: readonly MemberAnswer[]): GraphQLFormattedError[] {
  return answers.flatMap((a) => a.errors.filter((e) => !e.path).map((e) => relocated(e, a.country, undefined)));
}

/** One member's answer about some of the representations: those at `positions` of the planner's list, in order. */
export interface EntityBatch {
  positions: readonly number[];
  answer: MemberAnswer;
}

export interface MergedEntities {
  entities: Json[];
  errors: GraphQLFormattedError[];
  /** Ids of references the owner answered null for: the caller may not know of them. */
  withheld: string[];
}

/** Puts the members' `_entities` answers back in the planner's order, merging globally keyed entities. */
export function mergeEntities(
  representations: ReadonlyArray<Record<string, Json>>,
  batches: readonly EntityBatch[],
  globalKeys: ReadonlyMap<string, string>,
): MergedEntities {
  const entities: Json[] = representations.map(() => null);
  const errors: GraphQLFormattedError[] = [];
  const withheld: string[] = [];
  // A reference the owner did not vouch for is withheld, never shown as a stub: fail closed.
  const withhold = (rep: Record<string, Json>) => {
    if (!globalKeys.has(String(rep.__typename)) && typeof rep.id === 'string') withheld.push(rep.id);
  };
  for (const { positions, answer } of batches) {
    const { country } = answer;
    if (answer.unavailable) {
      errors.push(memberUnavailable(answer, ['_entities', positions[0]]));
      for (const pos of positions) withhold(representations[pos]);
      continue;
    }
    const answered = Array.isArray(answer.data?._entities) ? (answer.data!._entities as Json[]) : [];
    const dropped: string[] = [];
    // Per item of the member's list: where its insides went, or null when it was dropped.
    const moves = positions.map((pos, j): Relocate | null => {
      const entity = answered[j] ?? null;
      const rep = representations[pos];
      const global = globalKeys.has(String(rep.__typename));
      // An answer about another record than the one asked for is not the owner's to give.
      if (isObject(entity) && entity.id !== undefined && entity.id !== rep.id) {
        dropped.push(String(entity.id));
        withhold(rep);
        return null;
      }
      // The owner answered null: a reference the caller may not know of (or a record that does not exist).
      if (entity === null) withhold(rep);
      const clean = dropForeignRecords(entity, country, memberOwnerOf);
      dropped.push(...clean.dropped);
      if (!global) {
        entities[pos] = clean.value;
        return clean.relocate;
      }
      const merged = mergeEntity(entities[pos], clean.value);
      entities[pos] = merged.value;
      return chain(clean.relocate, merged.relocate);
    });
    if (dropped.length) errors.push(foreignRecords(country, dropped, ['_entities', positions[0]]));
    for (const e of answer.errors) {
      const j = e.path?.[1];
      if (e.path?.[0] !== '_entities' || typeof j !== 'number') {
        errors.push(relocated(e, country, e.path));
        continue;
      }
      const move = moves[j];
      const inside = move === undefined ? [] : move && move(e.path.slice(2));
      // Errors inside a dropped record go with it; an index the member made up keeps the error, without a place.
      if (inside) errors.push(relocated(e, country, move === undefined ? undefined : ['_entities', positions[j], ...inside]));
    }
  }
  return { entities, errors, withheld };
}

