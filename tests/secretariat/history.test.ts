/**
 * A cooperation request's history is appended, one event per step, and a step writes only the
 * request's columns it changes: a growing text rewritten at every step swelled Kùzu's file and
 * filled its buffer pool (docs/kuzu/README.md, "Rewriting a text column"). A store from before
 * has its histories moved into events when it is opened.
 */
import { KuzuStore, type Store, type Transaction } from '@enlace/store';
import { prepareSecretariatStore, type CooperationRecord } from '@enlace/secretariat';
import { insertRequests, requestById, updateRequest } from '../../subgraphs/secretariat/src/cooperation/repository';

const NOW = '2026-11-30T10:00:00.000Z';
const request: CooperationRecord = {
  id: 'XS:R:0a1b2c3', seq: 1, state: 'FILED', requester: { issuer: 'https://idp.co.test', subject: 'fiscal@co', country: 'CO' }, owner: 'AR',
  legalBasis: 'DIRECT_COOPERATION', legalInstrument: null, urgency: 'URGENT', filedAt: NOW, deadline: '2026-11-30T18:00:00.000Z', decidedAt: null,
  subjects: [{ given: 'AR:P:0aa79jf', kind: 'PERSON', recordId: 'AR:P:0aa79jf' }], scope: ['person.identity'],
  purpose: 'Investigation of a trafficking network', caseRef: 'CO-2026-17', reason: 'A suspect travelled through Buenos Aires',
  decision: null, decisionReason: null, grant: null, history: [{ at: NOW, by: 'CO', kind: 'FILED', text: null }],
};
const GRANT = { id: 'XS:G:1', scope: ['person.identity'], subjects: ['AR:P:0aa79jf'], expiresOn: '2026-12-30', conditions: null, handlingCode: 'H1', revokedAt: null, revokedBy: null };

let store: Store;
beforeEach(async () => {
  store = new KuzuStore({ path: ':memory:', bufferPoolBytes: 64 * 1024 * 1024, readConnections: 1 });
  await prepareSecretariatStore(store);
});
afterEach(() => store.close());

/** Runs `work` in a write transaction, keeping the text of every statement it sends. */
async function recorded(work: (tx: Transaction) => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  await store.write((tx) => work({ ...tx, run: (cypher, params) => (sent.push(cypher), tx.run(cypher, params)) }));
  return sent;
}

test('each step appends its event and sets only what it changed; the history reads back in order', async () => {
  await store.write((tx) => insertRequests(tx, [request]));
  const decided = { ...request, state: 'GRANTED' as const, decision: 'GRANT' as const, decidedAt: NOW, grant: GRANT, history: [...request.history, { at: NOW, by: 'AR', kind: 'DECISION' as const, text: 'GRANT' }] };
  const sent = await recorded((tx) => updateRequest(tx, request, decided));
  const set = sent.find((c) => c.includes(' SET '))!;
  expect(set).toMatch(/r\.state = \$state/);
  expect(set).toMatch(/r\.grant = \$grant/);
  expect(set).not.toMatch(/subjects|reason = |purpose|history/);
  const revokedAt = '2026-12-01T08:00:00.000Z';
  const revoked = { ...decided, state: 'REVOKED' as const, grant: { ...GRANT, revokedAt, revokedBy: 'AR' }, history: [...decided.history, { at: revokedAt, by: 'AR', kind: 'REVOKED' as const, text: null }] };
  // A revocation writes the state and its event: the grant reads its revocation from the event.
  const revocation = (await recorded((tx) => updateRequest(tx, decided, revoked))).find((c) => c.includes(' SET '))!;
  expect(revocation).toMatch(/SET r\.state = \$state$/);
  expect(await store.write((tx) => requestById(tx, request.id))).toEqual(revoked);
  const [row] = await store.read('MATCH (r:CooperationRequest) RETURN r.history AS history, r.grant AS grant');
  expect(row.history).toBe('');
  expect(JSON.parse(String(row.grant))).toMatchObject({ revokedAt: null });
  expect(await store.read('MATCH (e:CooperationEvent) RETURN e.kind AS kind ORDER BY e.seq')).toEqual([{ kind: 'FILED' }, { kind: 'DECISION' }, { kind: 'REVOKED' }]);
});

test('a store from before the events has its histories moved into events when opened, once', async () => {
  const legacy = { ...request, state: 'GRANTED', decision: 'GRANT', decidedAt: NOW, history: [...request.history, { at: NOW, by: 'AR', kind: 'DECISION', text: 'GRANT' }] };
  await store.write((tx) => tx.insertNodes('CooperationRequest', [{
    id: legacy.id, seq: 1, state: legacy.state, requesterIssuer: legacy.requester.issuer, requesterSubject: legacy.requester.subject, requesterCountry: 'CO',
    owner: 'AR', legalBasis: legacy.legalBasis, legalInstrument: '', urgency: legacy.urgency, filedAt: NOW, deadline: legacy.deadline, decidedAt: NOW,
    subjects: JSON.stringify(legacy.subjects), scope: JSON.stringify(legacy.scope), purpose: legacy.purpose, caseRef: legacy.caseRef, reason: legacy.reason,
    decision: 'GRANT', decisionReason: '', grant: '', grantExpiresOn: '', history: JSON.stringify(legacy.history),
  }]));
  const log: string[] = [];
  await prepareSecretariatStore(store, (m) => log.push(m));
  expect(log).toEqual(['store: moved the histories of 1 cooperation requests into their own records (a store from an earlier version)']);
  expect((await store.write((tx) => requestById(tx, legacy.id)))?.history).toEqual(legacy.history);
  await prepareSecretariatStore(store, (m) => log.push(m));
  expect(log).toHaveLength(1);
  expect(await store.read('MATCH (e:CooperationEvent) RETURN count(e) AS n')).toEqual([{ n: 2 }]);
});
