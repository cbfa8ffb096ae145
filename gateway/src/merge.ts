/**
 * Merging members' answers. Lists concatenate (in directory order); objects of a
 * globally keyed type merge field by field (their lists concatenate); for any
 * other object the first non-null answer stands.
 */
export type Json = null | string | number | boolean | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merges objects that describe the same global entity. */
export function mergeEntity(a: Json, b: Json): Json {
  if (a === null || a === undefined) return b;
  if (b === null || b === undefined) return a;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (isObject(a) && isObject(b)) {
    const out: { [key: string]: Json } = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergeEntity(out[k], v) : v;
    return out;
  }
  return a;
}

/** Merges list items of a globally keyed type by their key, keeping first-seen order. */
export function mergeByKey(items: Json[], key: string): Json[] {
  const byKey = new Map<string, Json>();
  const loose: Json[] = [];
  for (const item of items) {
    const k = isObject(item) ? item[key] : undefined;
    if (typeof k !== 'string') {
      loose.push(item);
      continue;
    }
    byKey.set(k, byKey.has(k) ? mergeEntity(byKey.get(k)!, item) : item);
  }
  return [...byKey.values(), ...loose];
}

/**
 * Removes objects a member has no business answering about: any object whose
 * owner-prefixed `id` names another country. Returns the ids dropped.
 */
export function dropForeignRecords(value: Json, country: string, ownerOf: (id: unknown) => string | null, dropped: string[] = []): Json {
  if (Array.isArray(value)) {
    const kept: Json[] = [];
    for (const item of value) {
      if (isForeign(item, country, ownerOf)) dropped.push(String((item as { id: Json }).id));
      else kept.push(dropForeignRecords(item, country, ownerOf, dropped));
    }
    value.splice(0, value.length, ...kept);
    return value;
  }
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (isForeign(v, country, ownerOf)) {
        dropped.push(String((v as { id: Json }).id));
        value[k] = null;
      } else dropForeignRecords(v, country, ownerOf, dropped);
    }
  }
  return value;
}

function isForeign(v: Json, country: string, ownerOf: (id: unknown) => string | null): boolean {
  if (!isObject(v)) return false;
  const owner = ownerOf(v.id);
  return owner !== null && owner !== country;
}
