/** The audit log's hash chain as the console can check it: each entry's `prev` is the hash of the entry before it. */
export interface ChainLink {
  seq: number;
  prev: string;
  hash: string;
}

/** Entries whose predecessor is among those given but whose `prev` is not its hash: broken links. */
export function brokenLinks(entries: readonly ChainLink[]): number[] {
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  return entries.filter((e) => bySeq.has(e.seq - 1) && bySeq.get(e.seq - 1)!.hash !== e.prev).map((e) => e.seq);
}
