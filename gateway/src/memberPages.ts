/**
 * A page that spans members (personsPage and the like; DESIGN.md, "Paging"):
 * each member answers its own page (its items, its entry in `members`, its own
 * cursor), and the gateway makes one of them: items concatenate in directory
 * order (merge by key for a globally keyed type: routes), `members` concatenate,
 * and every cursor becomes a gateway cursor (gatewayCursor.ts): a member's entry
 * carries one for that member alone, the page's one for every member holding
 * more, and for a member that could not answer, the place it had, so that its
 * records are not skipped. Members' errors move with their values, as for lists.
 */
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';
import { encodeGatewayCursor, type PageStart } from './gatewayCursor';
import { concatenate, isObject, mergeByKey, type Json, type Path, type Relocate } from './merge';
import { cleanAnswer, memberUnavailable, relocated, type MemberAnswer } from './memberMerging';
import { responseKey } from './memberRouting';

/** What a paged root field is, for merging: read from the member schema. */
export interface PageShape {
  /** The response key (alias or name). */
  key: string;
  /** The root field's name (personsPage): gateway cursors are valid for it only. */
  field: string;
  /** The page type's name, for `__typename` of a page no member answered. */
  typeName: string;
  /** The items' key field when they are globally keyed (Route: code) and so merge. */
  itemsGlobalKey?: string;
}

/** The page's selected fields by response key (aliases included), and in `members`, the response keys of `endCursor`. */
export interface PageSelection {
  fields: Map<string, string>;
  memberCursorKeys: Map<string, string[]>;
}

/** Reads what a paged field selects, through inline fragments and fragment spreads. */
export function pageSelection(field: FieldNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): PageSelection {
  const fields = new Map<string, string>();
  const memberCursorKeys = new Map<string, string[]>();
  for (const f of fieldsOf(field.selectionSet, fragments)) {
    const key = responseKey(f);
    fields.set(key, f.name.value);
    if (f.name.value === 'members') {
      const cursors = fieldsOf(f.selectionSet, fragments).filter((m) => m.name.value === 'endCursor').map(responseKey);
      memberCursorKeys.set(key, [...new Set([...(memberCursorKeys.get(key) ?? []), ...cursors])]);
    }
  }
  return { fields, memberCursorKeys };
}

function fieldsOf(set: SelectionSetNode | undefined, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(s.selectionSet, fragments, seen));
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      out.push(...fieldsOf(fragments.get(s.name.value)?.selectionSet, fragments, seen));
    }
  }
  return out;
}

type PageObject = { [key: string]: Json };

/** A member's own cursor in its answer: the page's endCursor, or its entry's in `members` (null: it holds no more, or none was selected). */
function ownCursor(value: PageObject, selection: PageSelection): string | null {
  for (const [key, name] of selection.fields) if (name === 'endCursor' && typeof value[key] === 'string') return value[key] as string;
  for (const [key, cursorKeys] of selection.memberCursorKeys) {
    const entries = Array.isArray(value[key]) ? (value[key] as Json[]) : [];
    for (const entry of entries) for (const k of cursorKeys) if (isObject(entry) && typeof entry[k] === 'string') return entry[k] as string;
  }
  return null;
}

/**
 * Merges one paged root field across the members asked (`answers`, in directory order).
 * `start`: where each member's page started (from the request's cursor; none for a first page).
 */
export function mergePage(
  shape: PageShape,
  selection: PageSelection,
  answers: readonly MemberAnswer[],
  start: PageStart | undefined,
): { value: Json; errors: GraphQLFormattedError[] } {
  const { key } = shape;
  const errors: GraphQLFormattedError[] = [];
  const parts: Array<{ answer: MemberAnswer; value: PageObject; relocate: Relocate }> = [];
  /** The members the next page asks, with their cursors, in directory order. */
  const next = new Map<string, string | null>();
  let unanswered = false;
  for (const answer of answers) {
    if (answer.unavailable) {
      errors.push(memberUnavailable(answer, [key]));
      // Its place is kept: the next page asks it again from there.
      next.set(answer.country, start?.get(answer.country) ?? null);
      unanswered = true;
      continue;
    }
    const clean = cleanAnswer(answer, key, errors);
    if (!isObject(clean.value)) {
      parts.push({ answer, value: {}, relocate: clean.relocate });
      continue;
    }
    parts.push({ answer, value: clean.value, relocate: clean.relocate });
    const cursor = ownCursor(clean.value, selection);
    if (cursor) next.set(answer.country, cursor);
  }
  // Every member asked answered null (a refusal: its error says why): so is the page.
  const refused = answers.length > 0 && !unanswered && parts.every((p) => !isObject(p.answer.data?.[key]));

  const value: PageObject = {};
  const moves = new Map<string, Relocate[]>();
  for (const [k, name] of selection.fields) {
    const here = parts.map((p) => p.value[k]);
    if (name === 'items' || name === 'members') {
      const lists = here.map((v) => (Array.isArray(v) ? v : []));
      const merged = name === 'items' && shape.itemsGlobalKey ? mergeByKey(lists, shape.itemsGlobalKey) : concatenate(lists);
      value[k] = merged.value;
      moves.set(k, merged.relocate);
      if (name === 'members') {
        // Each member's entry gets a gateway cursor for that member alone.
        lists.forEach((list, i) => list.forEach((entry) => {
          if (!isObject(entry)) return;
          for (const ck of selection.memberCursorKeys.get(k) ?? []) {
            const own = entry[ck];
            entry[ck] = typeof own === 'string' ? encodeGatewayCursor(shape.field, new Map([[parts[i].answer.country, own]])) : null;
          }
        }));
      }
    } else if (name === 'hasNextPage') value[k] = unanswered || here.some((v) => v === true);
    else if (name === 'endCursor') value[k] = encodeGatewayCursor(shape.field, next);
    else if (name === '__typename') value[k] = shape.typeName;
    else value[k] = here.find((v) => v !== undefined && v !== null) ?? null;
  }

  parts.forEach(({ answer, relocate }, i) => {
    const inPage: Relocate = (p: Path) => {
      const list = typeof p[0] === 'string' ? moves.get(p[0]) : undefined;
      if (!list) return p;
      const rest = list[i](p.slice(1));
      return rest && [p[0], ...rest];
    };
    for (const e of answer.errors) {
      if (e.path?.[0] !== key) continue;
      const cleaned = relocate(e.path.slice(1));
      const inside = cleaned && inPage(cleaned);
      if (inside) errors.push(relocated(e, answer.country, [key, ...inside]));
    }
  });
  return { value: refused ? null : value, errors };
}
