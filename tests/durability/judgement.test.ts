/**
 * How the durability harness (scripts/src/soak/) judges what it sees: which
 * answers are failures, whether a value read back is a lost acknowledged write,
 * whether memory is flat after warm-up.
 */
import { createServer, type Server } from 'node:http';
import { Client, isAcceptable, type Caller } from '@enlace/scripts/soak/client';
import { canon, judgeRead, Ledger } from '@enlace/scripts/soak/ledger';
import { judgeMemory, type RssSample } from '@enlace/scripts/soak/memory';
import { Stats } from '@enlace/scripts/soak/stats';
import { letters } from '@enlace/scripts/soak/workload';

describe('answers: acceptable refusals apart from failures', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const answers: Record<string, [number, string]> = {
        '/refused': [200, JSON.stringify({ data: { person: null }, errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }, { message: 'busy', extensions: { code: 'STORE_BUSY' } }] })],
        '/member': [200, JSON.stringify({ data: null, errors: [{ message: 'Member state AR is unavailable', path: ['r0'], extensions: { code: 'MEMBER_UNAVAILABLE', reason: 'timeout' } }] })],
        '/proxy': [502, '<html>Bad gateway</html>'],
      };
      const [status, body] = answers[req.url ?? ''] ?? [200, '{"data":{"ok":true}}'];
      if (req.url === '/slow') return void setTimeout(() => res.end('{"data":{}}'), 1000);
      res.statusCode = status;
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  const caller = { headers: {} } as Caller;

  test('protocol refusals and STORE_BUSY are acceptable; a member unavailable keeps its reason and is not', async () => {
    expect(['FORBIDDEN', 'PURPOSE_REQUIRED', 'RATE_LIMITED', 'STORE_BUSY'].every(isAcceptable)).toBe(true);
    expect(['INTERNAL_SERVER_ERROR', 'MEMBER_UNAVAILABLE(timeout)', 'TIMEOUT', 'TRANSPORT', 'HTTP_502', 'BAD_USER_INPUT'].some(isAcceptable)).toBe(false);
    expect(await new Client(`${url}/refused`, 1000).call('k', caller, '{ x }')).toMatchObject({ codes: ['FORBIDDEN', 'STORE_BUSY'] });
    expect(await new Client(`${url}/member`, 1000).call('k', caller, '{ x }')).toMatchObject({ codes: ['MEMBER_UNAVAILABLE(timeout)'], paths: ['r0'] });
  });

  test('no answer in time, no connection, an answer that is not GraphQL', async () => {
    expect((await new Client(`${url}/slow`, 200).call('k', caller, '{ x }')).codes).toEqual(['TIMEOUT']);
    expect((await new Client('http://127.0.0.1:1/graphql', 1000).call('k', caller, '{ x }')).codes).toEqual(['TRANSPORT']);
    expect((await new Client(`${url}/proxy`, 1000).call('k', caller, '{ x }')).codes).toEqual(['HTTP_502']);
  });

  test('figures: a request counts once per code; failures apart; messages without ids and numbers', () => {
    const stats = new Stats();
    const o = (codes: string[], messages: string[]) => ({ kind: 'rename', ms: 10, data: null, codes, messages, paths: codes.map(() => null) });
    stats.record(o([], []));
    stats.record(o(['FORBIDDEN', 'FORBIDDEN'], ['a', 'b']));
    stats.record(o(['INTERNAL_SERVER_ERROR'], ['Write-write conflict on AR:P:0aa79jf at 12']));
    stats.record(o(['INTERNAL_SERVER_ERROR'], ['Write-write conflict on AR:P:1bb at 13']));
    const f = stats.figures();
    expect(f).toMatchObject({ requests: 4, failedRequests: 2, acceptable: { FORBIDDEN: 1 }, unacceptable: { INTERNAL_SERVER_ERROR: 2 } });
    expect(f.perKind.rename).toMatchObject({ requests: 4, ok: 1, failed: 2 });
    expect(f.messages.INTERNAL_SERVER_ERROR).toEqual([{ message: 'Write-write conflict on <id> at N', count: 2 }]);
  });
});

describe('a record read back, against the writes sent', () => {
  const value = (familyNames: string) => ({ familyNames });
  test('the last acknowledged value, or that of a later write in doubt; an older one is reordered; anything else is lost', () => {
    const ledger = new Ledger();
    const first = ledger.begin('person', 'AR:P:1', 'AR', value('A'));
    ledger.settle(first, 'in-doubt'); // sent before the acknowledged one
    const acked = ledger.begin('person', 'AR:P:1', 'AR', value('B'));
    ledger.settle(acked, 'acked');
    const refused = ledger.begin('person', 'AR:P:1', 'AR', value('C'));
    ledger.settle(refused, 'refused');
    const later = ledger.begin('person', 'AR:P:1', 'AR', value('D'));
    ledger.settle(later, 'in-doubt');
    const entry = acked.entry;
    expect(judgeRead(entry, canon(value('B')))).toBe('acked');
    expect(judgeRead(entry, canon(value('D')))).toBe('in-doubt');
    expect(judgeRead(entry, canon(value('A')))).toBe('reordered');
    expect(judgeRead(entry, canon(value('C')))).toBe('lost'); // refused, yet written
    expect(judgeRead(entry, 'null (no such record)')).toBe('lost');
    expect(ledger).toMatchObject({ acknowledged: 1, inDoubt: 2, refused: 1, inFlight: 0 });
    expect(ledger.checked()).toEqual([entry]);
  });

  test('a record created by an acknowledged write (a filed request) is checked; keys are compared in any order', () => {
    const ledger = new Ledger();
    ledger.created('request', 'XS:R:1', 'AR', { state: 'FILED' });
    const [entry] = ledger.checked();
    expect(judgeRead(entry, canon({ state: 'FILED' }))).toBe('acked');
    expect(judgeRead(entry, canon({ state: 'GRANTED' }))).toBe('lost');
    expect(canon({ b: 1, a: null })).toBe(canon({ a: null, b: 1 }));
  });
});

describe('memory after warm-up (the first third): the trend of the last two thirds, within the bound', () => {
  const series = (seconds: number, kb: (t: number) => number, pid = () => 1): RssSample[] =>
    Array.from({ length: seconds + 1 }, (_, t) => ({ t, pid: pid(), kb: kb(t) }));
  const MiB = 1024;

  test('a warm-up climb and a garbage collector\'s saw-tooth are flat', () => {
    const kb = (t: number) => (t < 60 ? 200 * MiB + t * MiB : 260 * MiB) + ((t % 10) * 3 * MiB);
    expect(judgeMemory(series(180, kb), 180, 32 * MiB)).toMatchObject({ verdict: 'flat', startKb: 200 * MiB });
  });

  test('a steady climb beyond the bound over the window is growing', () => {
    const v = judgeMemory(series(180, (t) => 200 * MiB + t * 0.5 * MiB), 180, 32 * MiB);
    expect(v).toMatchObject({ verdict: 'growing', slopeKbPerMin: 30 * MiB, trendGrowthKb: 60 * MiB, windowS: [60, 180] });
  });

  test('a new pid within the window is a restart; too few samples, no verdict', () => {
    expect(judgeMemory(series(180, () => 100 * MiB, () => 1), 180, 32 * MiB).verdict).toBe('flat');
    let t = 0;
    expect(judgeMemory(series(180, () => 100 * MiB, () => (t++ < 150 ? 1 : 2)), 180, 32 * MiB).verdict).toBe('restarted');
    expect(judgeMemory(series(4, () => 100 * MiB), 4, 32 * MiB).verdict).toBe('too-short');
  });
});

test('names the harness writes are words of letters, unique per number', () => {
  expect([letters(0), letters(25), letters(26), letters(3, 2)]).toEqual(['a', 'z', 'ba', 'ad']);
  expect(new Set(Array.from({ length: 2000 }, (_, i) => letters(i))).size).toBe(2000);
});
