/**
 * Merging members' answers, value by value. Lists concatenate (in directory
 * order); objects of a globally keyed type merge field by field (their lists
 * concatenate); for any other object the first non-null answer stands.
 *
 * Every step that moves or drops part of a member's answer also says where each
 * path into that answer went (a `Relocate`), so the member's errors still point
 * at the value they explain after merging: CO's error on its first observation
 * of a route must not land on AR's first observation.
 */
export type Json = null | string | number | boolean | Json[] | { [key: string]: Json };
export type Path = ReadonlyArray<string | number>;

/** Maps a path into one member's answer to the same place in the result; null when that place was dropped. */
export type Relocate = (path: Path) => Path | null;
export const unmoved: Relocate = (path) => path;

/** First one relocation, then the other. */
export const chain = (first: Relocate, second: Relocate): Relocate =>
  first === unmoved ? second : second === unmoved ? first : (path) => {
    const moved = first(path);
    return moved && second(moved);
  };

export const isObject = (v: unknown): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value merged from an earlier one (whose paths do not move) and an incoming one (whose paths move by `relocate`). */
export interface Merged {
  value: Json;
  relocate: Relocate;
}

/** Deep-merges objects that describe the same global entity. */
export function mergeEntity(a: Json, b: Json): Merged {
  if (a === null || a === undefined) return { value: b, relocate: unmoved };
  if (b === null || b === undefined) return { value: a, relocate: unmoved };
  if (Array.isArray(a) && Array.isArray(b)) {
    const offset = a.length;
    return { value: [...a, ...b], relocate: (p) => (typeof p[0] === 'number' ? [p[0] + offset, ...p.slice(1)] : p) };
  }
  if (isObject(a) && isObject(b)) {
    const value: { [key: string]: Json } = { ...a };
    const inner = new Map<string, Relocate>();
    for (const [k, v] of Object.entries(b)) {
      if (!(k in value)) {
        value[k] = v;
        continue;
      }
      const merged = mergeEntity(value[k], v);
      value[k] = merged.value;
      if (merged.relocate !== unmoved) inner.set(k, merged.relocate);
    }
    if (!inner.size) return { value, relocate: unmoved };
    return {
      value,
      relocate: (p) => {
        const r = p.length ? inner.get(String(p[0])) : undefined;
        if (!r) return p;
        const rest = r(p.slice(1));
        return rest && [p[0], ...rest];
      },
    };
  }
  // Two scalars: the first stands (a global entity's scalars, its key, agree).
  return { value: a, relocate: unmoved };
}

/** Concatenates lists; list i's paths move by the length of the lists before it. */
export function concatenate(lists: Json[][]): { value: Json[]; relocate: Relocate[] } {
  const value: Json[] = [];
  const relocate = lists.map((list) => {
    const offset = value.length;
    for (const item of list) value.push(item);
    return offset === 0 ? unmoved : (p: Path) => (typeof p[0] === 'number' ? [p[0] + offset, ...p.slice(1)] : p);
  });
  return { value, relocate };
}

/**
 * Merges lists of a globally keyed type from several members by their key,
 * keeping first-seen order; items without the key follow, in order.
 */
export function mergeByKey(lists: Json[][], key: string): { value: Json[]; relocate: Relocate[] } {
  const keyed: Json[] = [];
  const slot = new Map<string, number>();
  const loose: Json[] = [];
  // Per list, per item: where it went (a keyed slot, or a loose position placed after every keyed one) and how its insides moved.
  const placements = lists.map((list) =>
    list.map((item) => {
      const k = isObject(item) ? item[key] : undefined;
      if (typeof k !== 'string') return { loose: loose.push(item) - 1, inner: unmoved };
      const at = slot.get(k);
      if (at === undefined) {
        slot.set(k, keyed.push(item) - 1);
        return { index: keyed.length - 1, inner: unmoved };
      }
      const merged = mergeEntity(keyed[at], item);
      keyed[at] = merged.value;
      return { index: at, inner: merged.relocate };
    }),
  );
  const relocate = placements.map((places): Relocate => (p) => {
    if (typeof p[0] !== 'number') return p;
    const place = places[p[0]];
    if (!place) return null;
    const rest = place.inner(p.slice(1));
    return rest && ['index' in place ? place.index! : keyed.length + place.loose!, ...rest];
  });
  return { value: [...keyed, ...loose], relocate };
}

/** What `dropForeignRecords` kept, which ids it dropped, and where the kept parts moved. */
export interface Cleaned {
  value: Json;
  dropped: string[];
  relocate: Relocate;
}

/**
 * Removes objects a member has no business answering about: any object whose
 * owner-prefixed `id` names another country (the value itself included). List
 * items are removed, fields are nulled. Works in place.
 */
export function dropForeignRecords(value: Json, country: string, ownerOf: (id: unknown) => string | null): Cleaned {
  const dropped: string[] = [];
  // Where things were dropped, in the answer's own coordinates: removed list items by list, and nulled fields.
  const removed: Array<{ at: Path; indices: number[] }> = [];
  const nulled: Path[] = [];
  const path: Array<string | number> = [];
  const foreign = (v: Json): v is { [key: string]: Json } => {
    if (!isObject(v)) return false;
    const owner = ownerOf(v.id);
    return owner !== null && owner !== country;
  };
  const walk = (v: Json): void => {
    if (Array.isArray(v)) {
      let indices: number[] | undefined;
      const kept: Json[] = [];
      v.forEach((item, i) => {
        if (foreign(item)) {
          dropped.push(String(item.id));
          (indices ??= []).push(i);
          return;
        }
        path.push(i);
        walk(item);
        path.pop();
        kept.push(item);
      });
      if (indices) {
        removed.push({ at: [...path], indices });
        v.splice(0, v.length, ...kept);
      }
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) {
        path.push(k);
        if (foreign(v[k])) {
          dropped.push(String((v[k] as { id: Json }).id));
          nulled.push([...path]);
          v[k] = null;
        } else walk(v[k]);
        path.pop();
      }
    }
  };
  if (foreign(value)) return { value: null, dropped: [String(value.id)], relocate: (p) => (p.length ? null : p) };
  walk(value);
  if (!dropped.length) return { value, dropped, relocate: unmoved };
  return {
    value,
    dropped,
    relocate: (p) => {
      if (nulled.some((n) => p.length > n.length && startsWith(p, n))) return null;
      const out = [...p];
      for (const { at, indices } of removed) {
        const i = p[at.length];
        if (typeof i !== 'number' || !startsWith(p, at)) continue;
        if (indices.includes(i)) return null;
        out[at.length] = i - indices.filter((d) => d < i).length;
      }
      return out;
    },
  };
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => path[i] === part);
}
