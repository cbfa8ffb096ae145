/**
 * One person across countries: national records the secretariat holds confirmed links between
 * (`Person.linkedRecords`, only links the caller may know of, each record fetched from its owner).
 * Records are grouped over those links and nothing else; each record stays its owner's, with its
 * owner's withholdings at its own path: nothing is merged from one owner's record into another's.
 * A linked record the owner withholds from the caller comes back null and is left out: a link
 * never tells of a record the caller may not know of.
 */
export type Path = readonly (string | number)[];

export interface Linkable {
  id: string;
  country: string;
  linkedRecords?: readonly (Linkable | null)[] | null;
}

/** A record and where it is in the answer (the path its fields' errors carry). */
export interface Placed<T> {
  record: T;
  at: Path;
}

/**
 * A person record and the records linked to it, as deep as the answer reaches: the record first,
 * then each further record once, nearest first (a link read back to a record already placed is not
 * repeated). `at` is the record's own path in the answer.
 */
export function linkedClosure<T extends Linkable>(record: T, at: Path): Placed<T>[] {
  const placed = new Map<string, Placed<T>>([[record.id, { record, at }]]);
  const queue: Placed<T>[] = [{ record, at }];
  while (queue.length) {
    const { record: r, at: here } = queue.shift()!;
    (r.linkedRecords ?? []).forEach((l, i) => {
      if (!l || placed.has(l.id)) return;
      const next = { record: l as T, at: [...here, 'linkedRecords', i] };
      placed.set(l.id, next);
      queue.push(next);
    });
  }
  return [...placed.values()];
}

/** The type of the records a record's links lead to. */
export type LinkedOf<T> = T extends { linkedRecords?: readonly (infer L | null)[] | null } ? NonNullable<L> : Linkable;

/** A group of search results that are one person: the results (in their order), and linked records not among them. */
export interface PersonGroup<T extends Linkable> {
  results: Placed<T>[];
  /** Confirmed records of the same person that these results do not hold (another filter, a later page). */
  elsewhere: Placed<LinkedOf<T>>[];
}

/**
 * Search results grouped by confirmed link: results joined by a link (either side may name it) are
 * one group, in the order of their first result. `at(i)` is the path of the i-th result.
 */
export function groupByLinks<T extends Linkable>(results: readonly T[], at: (index: number) => Path): PersonGroup<T>[] {
  const index = new Map(results.map((r, i) => [r.id, i] as const));
  const parent = results.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  results.forEach((r, i) => {
    for (const l of r.linkedRecords ?? []) {
      const j = l ? index.get(l.id) : undefined;
      if (j !== undefined) parent[root(j)] = root(i);
    }
  });
  const groups = new Map<number, PersonGroup<T>>();
  results.forEach((r, i) => {
    const key = root(i);
    if (!groups.has(key)) groups.set(key, { results: [], elsewhere: [] });
    groups.get(key)!.results.push({ record: r, at: at(i) });
  });
  for (const group of groups.values()) {
    const seen = new Set(group.results.map((p) => p.record.id));
    for (const { record, at: here } of group.results) {
      (record.linkedRecords ?? []).forEach((l, j) => {
        if (!l || seen.has(l.id)) return;
        seen.add(l.id);
        group.elsewhere.push({ record: l as LinkedOf<T>, at: [...here, 'linkedRecords', j] });
      });
    }
  }
  return [...groups.values()];
}
