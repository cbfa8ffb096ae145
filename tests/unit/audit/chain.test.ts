/**
 * The hash chain and the file log under every audit log, without a network:
 * canonical hashing, verification failing on a changed byte, a removed or
 * reordered entry, group commit, restart, a torn or broken tail, writes that
 * fail part-way (an injected file whose disk fills up), and heads: verification
 * against them, and a log that refuses to open behind the last one held.
 */
import fc from 'fast-check';
import { appendFileSync, constants, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  anchorProblem, auditDecision, AuditLogUnavailable, canonicalJson, chainEntry, ChainLog, entryHash, GENESIS, openBeatingLog, startHeadBeat, verifyAuditLog, verifyChain,
  type ChainHead, type HeadRecord, type HeadSender, type HeldHead,
} from '@enlace/platform';
import { FillingFile } from '../../support/fillingFile';

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

  test('an object already in key order is written as it is, and the same as one built in another order', () => {
    // The collector builds its lists in key order, so they are serialised without a copy: same bytes either way.
    const inOrder = { delivered: [{ fields: ['Person.fullName'], record: 'AR:P:1' }], withheld: [{ field: 'Person.dateOfBirth', record: 'AR:P:1', rule: 'person.identity' }] };
    const reordered = { withheld: [{ rule: 'person.identity', record: 'AR:P:1', field: 'Person.dateOfBirth' }], delivered: [{ record: 'AR:P:1', fields: ['Person.fullName'] }] };
    expect(canonicalJson(inOrder)).toBe(canonicalJson(reordered));
    expect(canonicalJson(inOrder)).toBe(JSON.stringify(inOrder));
    // In order but not plain, or holding what JSON.stringify would write otherwise: copied as before.
    expect(canonicalJson({ a: new Date(0), b: [() => 1], c: { f: () => 1 }, d: { u: undefined, v: 1 } })).toBe('{"a":{},"b":[null],"c":{"f":null},"d":{"v":1}}');
  });

  test('matches a member-by-member serialisation for any JSON value', () => {
    const reference = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : reference(x))).join(',')}]`;
      if (v === null || typeof v !== 'object') return JSON.stringify(v);
      return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`).join(',')}}`;
    };
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(value) === reference(value)), { numRuns: 500 });
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

  test('a last line cut off by a crash (no newline) is cut off, kept aside and reported; the chain continues from the last whole entry', async () => {
    const path = join(dir, 'audit.log');
    const three = lines(3);
    writeFileSync(path, `${three.join('\n')}\n`);
    appendFileSync(path, '{"seq":4,"pre');
    const reports: string[] = [];
    const log = await ChainLog.open<{ n: number }>(path, { log: (m) => reports.push(m) });
    expect(log.lastHead).toEqual({ seq: 3, hash: JSON.parse(three[2]).hash });
    expect(reports.join('\n')).toMatch(/ended with an unfinished entry \(13 bytes .*a write cut off by a crash\): cut off and kept in .*audit\.log\.torn-/);
    const aside = readdirSync(dir).find((f) => f.startsWith('audit.log.torn-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"seq":4,"pre');
    await log.append({ n: 4 });
    await log.close();
    expect(await verifyChain(readFileSync(path, 'utf8').trim().split('\n'))).toMatchObject({ ok: true, checked: 4 });
  });

  test('anything else at the end is refused, saying why: a whole last line that does not check', async () => {
    const path = join(dir, 'audit.log');
    const changed = lines(3);
    changed[2] = changed[2].replace('entry 3', 'entry 0');
    writeFileSync(path, `${changed.join('\n')}\n`);
    await expect(ChainLog.open(path)).rejects.toThrow(/last entry that does not match its hash.*Refusing to continue/);
    writeFileSync(path, `${lines(3).join('\n')}\n{"seq":4}\n`);
    await expect(ChainLog.open(path)).rejects.toThrow(/last entry that has no valid hashes/);
  });

  test('an entry is read back by its number, checked', async () => {
    const path = join(dir, 'audit.log');
    const log = await ChainLog.open<{ n: number }>(path);
    for (let n = 1; n <= 5; n++) void log.append({ n });
    await log.flush();
    expect(log.entryAt(2)).toMatchObject({ seq: 2, n: 2 });
    expect(log.entryAt(5)).toMatchObject({ seq: 5, n: 5 });
    expect(log.entryAt(6)).toBeNull();
    await log.close();
    // An entry removed before it: the line where the chain puts entry 2 is another.
    const l = readFileSync(path, 'utf8').trim().split('\n');
    writeFileSync(path, `${[l[0], l[2], l[3], l[4]].join('\n')}\n`);
    const reopened = await ChainLog.open<{ n: number }>(path);
    expect(reopened.entryAt(2)).toBeNull();
    expect(reopened.entryAt(5)).toMatchObject({ n: 5 });
    await reopened.close();
  });
});

describe('a write that fails part-way (a full disk)', () => {
  let path: string;
  let file: FillingFile;
  let reports: string[];
  const openLog = () => {
    reports = [];
    return ChainLog.open<{ n: number; kept?: true }>(path, {
      retryMs: 20, retryMaxMs: 40, log: (m) => reports.push(m),
      openFile: async (p) => (file = await FillingFile.open(p)),
    });
  };
  const stored = () => readFileSync(path, 'utf8');
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(done()).toBe(true);
  };
  beforeEach(() => (path = join(dir, 'audit.log')));

  test('a short write then ENOSPC: the file is cut back to whole entries, the callers are refused, the entries kept and written by a retry once there is room', async () => {
    const log = await openLog();
    await Promise.all([1, 2, 3].map((n) => log.append({ n })));
    const before = stored();

    file.room = 50; // part of the next batch fits, then the disk is full
    const kept = (body: { n: number }) => ({ ...body, kept: true as const });
    const failing = [log.append({ n: 4 }, { ifNotWritten: kept }), log.append({ n: 5 }, { ifNotWritten: kept })];
    for (const f of failing) await expect(f).rejects.toBeInstanceOf(AuditLogUnavailable);
    expect(stored()).toBe(before); // the 50 bytes that made it were cut off: whole entries only
    expect(log.trouble()).toMatchObject({ reason: expect.stringMatching(/^the audit log \(AUDIT_PATH\) cannot be written \(ENOSPC\): free space/) });
    expect(reports.join('\n')).toMatch(/cannot write 2 entries \(ENOSPC/);

    // Known to fail: a new entry is refused at once, without waiting for a retry, and kept too.
    const writes = file.writes.length;
    await expect(log.append({ n: 6 }, { ifNotWritten: kept })).rejects.toBeInstanceOf(AuditLogUnavailable);
    expect(file.writes.length).toBeLessThanOrEqual(writes + 1); // at most a retry on its own schedule
    expect(log.lastHead.seq).toBe(3);

    file.room = null; // space freed
    await until(() => log.trouble() === null);
    expect(reports.join('\n')).toMatch(/written again \(3 entries that waited\)/);
    await log.close();
    const all = stored().trim().split('\n');
    expect(await verifyChain(all)).toMatchObject({ ok: true, checked: 6 });
    expect(all.map((l) => JSON.parse(l))).toEqual([1, 2, 3, 4, 5, 6].map((n) => expect.objectContaining({ seq: n, n, ...(n > 3 ? { kept: true } : {}) })));
  });

  test('an fdatasync that fails: the batch written is cut off and written again', async () => {
    const log = await openLog();
    await log.append({ n: 1 });
    file.failSync = 1;
    await expect(log.append({ n: 2 })).rejects.toBeInstanceOf(AuditLogUnavailable);
    expect(stored().trim().split('\n')).toHaveLength(1);
    await until(() => log.trouble() === null);
    await log.close();
    expect(await verifyChain(stored().trim().split('\n'))).toMatchObject({ ok: true, checked: 2 });
  });

  test('when even the cut fails, the next write cuts back first: never an entry after a partial one', async () => {
    const log = await openLog();
    await log.append({ n: 1 });
    file.room = 30;
    file.failTruncate = 1;
    await expect(log.append({ n: 2 })).rejects.toBeInstanceOf(AuditLogUnavailable);
    expect(stored().endsWith('\n')).toBe(false); // 30 bytes of entry 2 left for now
    file.room = null;
    await until(() => log.trouble() === null);
    await log.append({ n: 3 });
    await log.close();
    expect(await verifyChain(stored().split('\n').filter(Boolean))).toMatchObject({ ok: true, checked: 3 });
  });

  test('an entry that cannot be serialised is refused to its caller, never left waiting; the others are written', async () => {
    const log = await openLog();
    const bad = log.append({ n: Number.NaN });
    const good = log.append({ n: 2 });
    await expect(bad).rejects.toBeInstanceOf(AuditLogUnavailable);
    await good;
    expect(log.trouble()).toBeNull();
    expect(reports.join('\n')).toMatch(/an entry cannot be serialised \(canonicalJson: numbers must be finite\)/);
    await log.close();
    expect(stored().trim().split('\n').map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ seq: 1, n: 2 })]);
  });

  test('group commit with no fixed delay: the first entry is written at once, those arriving meanwhile together in the next write', async () => {
    const log = await openLog();
    let release!: () => void;
    file.gate = new Promise((r) => (release = r));
    const first = log.append({ n: 1 });
    await new Promise((r) => setImmediate(r)); // the batch starts on the next turn of the event loop, no timer
    expect(log.pending).toBe(0);
    const more = [2, 3, 4].map((n) => log.append({ n }));
    expect(log.pending).toBe(3);
    release();
    file.gate = null;
    await Promise.all([first, ...more]);
    expect(file.writes).toEqual([1, 3]);
    await log.close();
  });
});

describe('a log against the last head held elsewhere', () => {
  const sender = (held: HeldHead | null | Error, sent: ChainHead[] = [], refuse = false): HeadSender => ({
    holder: 'the secretariat',
    held: async () => {
      if (held instanceof Error) throw held;
      return held;
    },
    send: async (head) => {
      if (refuse) throw new Error('the secretariat answered: goes back on the head already held');
      sent.push(head);
    },
  });
  const written = async (path: string, n: number) => {
    const log = await ChainLog.open<{ n: number }>(path);
    for (let i = 1; i <= n; i++) void log.append({ n: i });
    await log.close();
    return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string });
  };
  const at = (e: { seq: number; hash: string }): HeldHead => ({ seq: e.seq, hash: e.hash, receivedAt: '2026-01-01T00:00:00.000Z' });

  test('in line with it (or none held): opens, and sends its head', async () => {
    const path = join(dir, 'audit.log');
    const entries = await written(path, 4);
    const sent: ChainHead[] = [];
    const opened = await openBeatingLog(path, { country: 'AR', report: () => undefined, sender: sender(at(entries[2]), sent) });
    expect(opened.trouble()).toBeNull();
    await opened.close();
    expect(sent.at(-1)).toMatchObject({ seq: 4 });
    expect(anchorProblem(await ChainLog.open(null), null, 'the secretariat')).toBeNull();
  });

  test('behind it (a cut tail): refuses to open, saying what was cut and what to do', async () => {
    const path = join(dir, 'audit.log');
    const entries = await written(path, 6);
    writeFileSync(path, `${readFileSync(path, 'utf8').trim().split('\n').slice(0, 4).join('\n')}\n`);
    await expect(openBeatingLog(path, { country: 'AR', report: () => undefined, sender: sender(at(entries[5])) })).rejects.toThrow(
      /^AR's audit log .*: the log ends at entry 4, but the secretariat holds its head at entry 6 \(received 2026-01-01T00:00:00.000Z\): entries 5–6 were cut off\. Refusing to start behind a head already anchored: keep the file as evidence, restore the missing entries from a backup of the log, check it with `npm run audit -- verify --country AR`/,
    );
  });

  test('contradicting it (the history replaced): refuses to open', async () => {
    const path = join(dir, 'audit.log');
    await written(path, 3);
    const other = await written(join(dir, 'other.log'), 3);
    await expect(openBeatingLog(path, { country: 'AR', report: () => undefined, sender: sender({ ...at(other[1]), hash: 'e'.repeat(64) }) }))
      .rejects.toThrow(/entry 2 does not match the head the secretariat holds for it .*the history up to it was rewritten/);
  });

  test('the holder cannot be asked at start: opens, checks at the first beat that reaches it, and is in trouble if behind', async () => {
    const path = join(dir, 'audit.log');
    const entries = await written(path, 5);
    writeFileSync(path, `${readFileSync(path, 'utf8').trim().split('\n').slice(0, 2).join('\n')}\n`);
    const reports: string[] = [];
    let held: HeldHead | Error = new Error('connect ECONNREFUSED');
    const sent: ChainHead[] = [];
    const s: HeadSender = { ...sender(null, sent), held: async () => { if (held instanceof Error) throw held; return held; } };
    const opened = await openBeatingLog(path, { country: 'AR', report: (m) => reports.push(m), sender: s, intervalMs: 60_000 });
    expect(reports.join('\n')).toMatch(/the secretariat cannot be asked for the last head it holds \(connect ECONNREFUSED\); serving, and checking as soon as it answers/);
    expect(opened.trouble()).toBeNull();
    held = at(entries[4]);
    void opened.log.append({ n: 3 });
    await opened.close(); // the last beat: checks first, finds the log behind, sends nothing
    expect(sent).toEqual([]);
    expect(reports.join('\n')).toMatch(/the log ends at entry 3, but the secretariat holds its head at entry 5 .*entries 4–5 were cut off; refusing requests/);
  });

  test('a head refused by the holder: the log checks again and is in trouble when it contradicts the head held', async () => {
    const path = join(dir, 'audit.log');
    const entries = await written(path, 3);
    let held: HeldHead | null = null;
    const s: HeadSender = { ...sender(null, [], true), held: async () => held };
    const opened = await openBeatingLog(path, { country: 'AR', report: () => undefined, sender: s, intervalMs: 60_000 });
    held = { ...at(entries[2]), hash: 'd'.repeat(64) }; // meanwhile the secretariat holds another entry 3
    const beat = startHeadBeat(opened.log, s, { intervalMs: 60_000, report: () => undefined, checked: true });
    await beat.beat();
    beat.stop();
    expect(beat.trouble()).toMatchObject({ reason: expect.stringMatching(/^the audit log is behind the head the secretariat holds \(entry 3 does not match.*restore the missing entries from a backup of the log \(AUDIT_PATH\) and restart/) });
    await opened.close();
  });
});

describe('checking a log against the heads the secretariat holds', () => {
  /** `unfinished`: bytes after the last whole line. */
  async function withHeads(logLines: string[], heads: Array<[number, string]>, unfinished = '') {
    const logPath = join(dir, 'audit.log');
    const headsPath = join(dir, 'audit-heads.jsonl');
    writeFileSync(logPath, `${logLines.join('\n')}\n${unfinished}`);
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

  test('fails when entries a head covered were cut off the end, saying which', async () => {
    const l = lines(5);
    const result = await withHeads(l.slice(0, 3), [[2, hashOf(l[1])], [5, hashOf(l[4])]]);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/^the log was cut: it ends at entry 3, but the secretariat holds its head at entry 5 \(received [^)]+\); entries 4–5 were removed from its end/);
  });

  test('a last line left unfinished by a crash is reported, not counted, and fails nothing', async () => {
    const l = lines(4);
    const result = await withHeads(l, [[4, hashOf(l[3])]], '{"seq":5,"pr');
    expect(result).toMatchObject({ ok: true, chain: { checked: 4 } });
    expect(result.report.join('\n')).toMatch(/its last \d+ bytes are an unfinished entry \(a write cut off by a crash\): not counted/);
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

// Linux: how the process holds the file is in /proc. Written with O_DSYNC, a write returns once its
// bytes and the file's new size are on disk, as a write and an fdatasync did in two trips.
(process.platform === 'linux' ? describe : describe.skip)('the log file as opened', () => {
  /** The open flags of this process's descriptor for `path`. */
  const flagsOf = (path: string): number => {
    const fd = readdirSync('/proc/self/fd').find((n) => {
      try {
        return readlinkSync(`/proc/self/fd/${n}`) === path;
      } catch {
        return false; // closed meanwhile (the listing's own descriptor)
      }
    });
    if (!fd) throw new Error(`${path} is not open`);
    return parseInt(/^flags:\s+([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1], 8);
  };

  test.each([[undefined, true], [true, true], [false, false]])('sync %s: every write on disk when it returns: %s', async (sync, dsync) => {
    const path = join(dir, `audit-${sync}.log`);
    const log = await ChainLog.open<{ n: number }>(path, sync === undefined ? {} : { sync });
    const flags = flagsOf(path);
    expect(flags & constants.O_APPEND).toBe(constants.O_APPEND);
    expect((flags & constants.O_DSYNC) === constants.O_DSYNC).toBe(dsync);
    await log.append({ n: 1 });
    await log.close();
    expect(await verifyChain(readFileSync(path, 'utf8').trim().split('\n'))).toMatchObject({ ok: true, checked: 1 });
  });
});
