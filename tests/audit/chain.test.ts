/**
 * The hash chain and the file log under every audit log, without a network:
 * canonical hashing, verification failing on a changed byte, a removed or
 * reordered entry, group commit, restart, a broken tail, and heads.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  auditDecision, canonicalJson, chainEntry, ChainLog, entryHash, GENESIS, verifyAuditLog, verifyChain, type ChainHead, type HeadRecord,
} from '@enlace/common';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'enlace-audit-unit-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** n chained lines of small entries. */
function lines(n: number): string[] {
  let head: ChainHead = { seq: 0, hash: GENESIS };
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const { entry, line } = chainEntry({ note: `entry ${i}`, reads: ['AR:P:x', i] }, head);
    head = { seq: entry.seq, hash: entry.hash };
    out.push(line);
  }
  return out;
}

describe('canonical serialisation', () => {
  test('does not depend on the order fields were built in, and leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[1,{"e":null,"f":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  test('sorts keys as strings, integer-like ones and __proto__ included, and writes undefined in lists as null', () => {
    // JSON.stringify alone would write "2" before "10": the serialisation must not depend on it.
    expect(canonicalJson({ b: { 10: 'x', 2: 'y', a: [undefined, 1] }, a: true })).toBe('{"a":true,"b":{"10":"x","2":"y","a":[null,1]}}');
    expect(canonicalJson(JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}'))).toBe('{"__proto__":{"a":1,"b":2},"z":1}');
    expect(canonicalJson([{ b: '\u2028"', a: -0.5 }, 'é'])).toBe('[{"a":-0.5,"b":"\u2028\\""},"é"]');
    expect(() => canonicalJson({ a: [Number.NaN] })).toThrow(/finite/);
  });

  test('an entry is stored as the canonical JSON of itself, hashed over its canonical content without the hash', () => {
    // Keys on both sides of "hash" in sort order, and a body that brings a stale hash of its own.
    const body = { zone: 'after', also: { y: 2, x: [1, 'two'] }, hash: 'stale', gone: undefined };
    const { entry, line } = chainEntry(body, { seq: 4, hash: 'f'.repeat(64) });
    expect(line).toBe(canonicalJson(entry));
    expect(JSON.parse(line)).toEqual({ zone: 'after', also: { x: [1, 'two'], y: 2 }, seq: 5, prev: 'f'.repeat(64), hash: entry.hash });
    expect(entry.hash).not.toBe('stale');
    expect(entry.hash).toBe(entryHash(entry));
  });

  test('each entry names the previous one, and its hash covers its content', () => {
    const [first, second] = lines(2).map((l) => JSON.parse(l));
    expect(first).toMatchObject({ seq: 1, prev: GENESIS });
    expect(second).toMatchObject({ seq: 2, prev: first.hash });
    const { entry } = chainEntry({ note: 'entry 1', reads: ['AR:P:x', 2] }, { seq: 0, hash: GENESIS });
    expect(entry.hash).not.toBe(first.hash);
  });
});

describe('verifying a chain', () => {
  test('an intact chain passes, with every hash known by sequence number', async () => {
    const result = await verifyChain(lines(5));
    expect(result).toMatchObject({ ok: true, checked: 5, head: { seq: 5 } });
    expect(result.hashes.size).toBe(5);
  });

  test('one changed byte fails at that entry', async () => {
    const l = lines(5);
    l[2] = l[2].replace('entry 3', 'entry 9');
    expect((await verifyChain(l)).problem).toMatchObject({ line: 3, message: expect.stringContaining('does not match its hash') });
    const spaced = lines(5);
    spaced[3] = spaced[3].replace(':', ': ');
    expect((await verifyChain(spaced)).problem).toMatchObject({ line: 4, message: expect.stringContaining('bytes were changed') });
  });

  test('a removed entry fails at the entry after the gap', async () => {
    const l = lines(5);
    l.splice(1, 1);
    expect((await verifyChain(l)).problem).toMatchObject({ line: 2, seq: 3, message: expect.stringContaining('entries 2–2 were removed') });
  });

  test('reordered entries fail where the order breaks', async () => {
    const l = lines(5);
    [l[2], l[3]] = [l[3], l[2]];
    expect((await verifyChain(l)).problem).toMatchObject({ line: 3, seq: 4 });
  });

  test('a consistently rewritten chain passes on its own: only the heads held elsewhere catch it', async () => {
    const rewritten: string[] = [];
    let head: ChainHead = { seq: 0, hash: GENESIS };
    for (const l of lines(3)) {
      const { seq: _s, prev: _p, hash: _h, ...body } = JSON.parse(l);
      const { entry, line } = chainEntry({ ...body, note: 'nothing to see' }, head);
      head = entry;
      rewritten.push(line);
    }
    expect((await verifyChain(rewritten)).ok).toBe(true);
  });
});

describe('the file log', () => {
  test('appends in batches off the request path, loses nothing on close, and continues its chain after a restart', async () => {
    const path = join(dir, 'ar', 'audit.log');
    const log = await ChainLog.open<{ n: number }>(path);
    for (let n = 1; n <= 250; n++) log.append({ n });
    expect(log.pending).toBe(250); // nothing written yet: appending is only queueing
    await log.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(250);

    const reopened = await ChainLog.open<{ n: number }>(path);
    expect(reopened.lastHead.seq).toBe(250);
    reopened.append({ n: 251 });
    await reopened.close();
    const all = readFileSync(path, 'utf8').trim().split('\n');
    expect(JSON.parse(all[250])).toMatchObject({ seq: 251, prev: JSON.parse(all[249]).hash, n: 251 });
    expect(await verifyChain(all)).toMatchObject({ ok: true, checked: 251 });
  });

  test('refuses to start on a broken tail, saying why', async () => {
    const path = join(dir, 'audit.log');
    writeFileSync(path, `${lines(3).join('\n')}\n`);
    appendFileSync(path, '{"seq":4,"pre');
    await expect(ChainLog.open(path)).rejects.toThrow(/ends with an incomplete entry.*Refusing to continue/);
    const changed = lines(3);
    changed[2] = changed[2].replace('entry 3', 'entry 0');
    writeFileSync(path, `${changed.join('\n')}\n`);
    await expect(ChainLog.open(path)).rejects.toThrow(/last entry that does not match its hash/);
  });
});

describe('checking a log against the heads the secretariat holds', () => {
  async function withHeads(logLines: string[], heads: Array<[number, string]>) {
    const logPath = join(dir, 'audit.log');
    const headsPath = join(dir, 'audit-heads.jsonl');
    writeFileSync(logPath, `${logLines.join('\n')}\n`);
    const register = await ChainLog.open<HeadRecord>(headsPath);
    for (const [headSeq, headHash] of heads) register.append({ country: 'AR', headSeq, headHash, at: new Date().toISOString(), by: 'service@ar' });
    register.append({ country: 'CO', headSeq: 99, headHash: 'f'.repeat(64), at: new Date().toISOString(), by: 'service@co' });
    await register.close();
    return verifyAuditLog({ country: 'AR', logPath, headsPath });
  }
  const hashOf = (l: string) => JSON.parse(l).hash as string;

  test('passes when every head is an entry of the chain', async () => {
    const l = lines(6);
    const result = await withHeads(l, [[2, hashOf(l[1])], [5, hashOf(l[4])]]);
    expect(result).toMatchObject({ ok: true, headsChecked: 2 });
    expect(result.report.join('\n')).toMatch(/entries 6–6 are newer than the last head/);
  });

  test('fails on a chain rewritten from its first entry', async () => {
    const original = lines(4);
    // The same four entries but the second, chained again from the first: consistent in itself.
    const rewritten: string[] = [];
    let head: ChainHead = { seq: 0, hash: GENESIS };
    for (let i = 0; i < 4; i++) {
      const { entry, line } = chainEntry({ note: i === 1 ? 'altered' : `entry ${i + 1}`, reads: ['AR:P:x', i + 1] }, head);
      head = entry;
      rewritten.push(line);
    }
    expect((await verifyChain(rewritten)).ok).toBe(true);
    const result = await withHeads(rewritten, [[3, hashOf(original[2])]]);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/^entry 3 does not match the head the secretariat received/);
  });

  test('fails when entries a head covered were cut off the end', async () => {
    const l = lines(5);
    const result = await withHeads(l.slice(0, 3), [[5, hashOf(l[4])]]);
    expect(result.problem).toMatch(/^entry 5 is missing/);
  });
});

test('the decision of a request', () => {
  const base = { delivered: [], withheld: [], hits: null, wrote: [], failures: false, refusedAtRoot: false, hasData: false };
  expect(auditDecision({ ...base, delivered: [{}], hasData: true })).toBe('ALLOWED');
  expect(auditDecision({ ...base, delivered: [{}], withheld: [{ record: 'x', field: 'f', rule: 'r' }], hasData: true })).toBe('PARTIAL');
  expect(auditDecision({ ...base, withheld: [{ record: 'x', field: 'f', rule: 'r' }] })).toBe('DENIED');
  expect(auditDecision({ ...base, withheld: [{ record: null, field: 'Query.persons', rule: 'r' }], refusedAtRoot: true })).toBe('REFUSED');
  expect(auditDecision({ ...base, failures: true })).toBe('ERROR');
});
