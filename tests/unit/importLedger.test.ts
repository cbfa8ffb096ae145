/** What an import run remembers of what it settled, kept compact (bulkImport/ledger.ts). Pure. */
import { detached, fingerprint, PairLedger, RecordLedger } from '@enlace/member/dist/bulkImport/ledger';

test('records: each key once (the first settlement stays), found by key with id, line and whether created; content compared by fingerprint', () => {
  const ledger = new RecordLedger();
  for (let i = 0; i < 5000; i++) ledger.add(`P:AR-P-${i}`, { id: `AR:P:${i}`, line: i + 2, created: i % 2 === 0, hash: `h${String(i).padStart(7, '0')}-rest-of-the-hash` });
  ledger.add('P:AR-P-7', { id: 'other', line: 99, created: true, hash: 'other-hash-xxxxxxxxxxxxxxx' });
  expect(ledger.size).toBe(5000);
  expect(ledger.get('P:AR-P-7')).toEqual({ id: 'AR:P:7', line: 9, created: false });
  expect(ledger.get('P:AR-P-4998')).toEqual({ id: 'AR:P:4998', line: 5000, created: true });
  expect(ledger.get('P:AR-P-5000')).toBeUndefined();
  expect(ledger.sameContent('P:AR-P-7', 'h0000007-rest-of-the-hash')).toBe(true);
  expect(ledger.sameContent('P:AR-P-7', 'h0000008-rest-of-the-hash')).toBe(false);
  expect(ledger.sameContent('P:nobody', 'h0000007-rest-of-the-hash')).toBe(false);
});

test('fingerprints: 48 bits of a content hash, different for hashes that differ in their first 8 characters', () => {
  expect(fingerprint('AAAAAAAAxyz')).toBe(0);
  expect(fingerprint('________rest')).toBe(2 ** 48 - 1);
  expect(fingerprint('abcdefgh1')).toBe(fingerprint('abcdefgh2'));
  expect(fingerprint('abcdefgh')).not.toBe(fingerprint('abcdefgi'));
});

test('involvements: by their ends\' keys, with category and line; unknown ends are no involvement, and an end not yet settled is refused', () => {
  const records = new RecordLedger();
  const pairs = new PairLedger(records);
  records.add('P:1', { id: 'p1', line: 2, created: true, hash: 'h1xxxxxxxx' });
  records.add('C:1', { id: 'c1', line: 2, created: true, hash: 'h2xxxxxxxx' });
  records.add('C:2', { id: 'c2', line: 3, created: true, hash: 'h3xxxxxxxx' });
  pairs.add('P:1', 'C:1', { category: 'SUSPECT', line: 1_000_000 });
  pairs.add('P:1', 'C:2', { category: 'VICTIM', line: 3 });
  pairs.add('P:1', 'C:2', { category: 'WITNESS', line: 9 }); // the first stays
  expect(pairs.get('P:1', 'C:1')).toEqual({ category: 'SUSPECT', line: 1_000_000 });
  expect(pairs.get('P:1', 'C:2')).toEqual({ category: 'VICTIM', line: 3 });
  expect(pairs.get('C:1', 'P:1')).toBeUndefined();
  expect(pairs.get('P:2', 'C:1')).toBeUndefined();
  expect(() => pairs.add('P:2', 'C:1', { category: 'SUSPECT', line: 4 })).toThrow(/settled before its records/);
});

test('a detached string has the same text and keeps none of what it was cut from', () => {
  const chunk = `${'x'.repeat(1000)}FIS-AR-2019-0001234;${'y'.repeat(1000)}`;
  const cell = chunk.slice(1000, 1019);
  expect(detached(`C:${cell}`)).toBe('C:FIS-AR-2019-0001234');
  expect(detached('short')).toBe('short');
});
