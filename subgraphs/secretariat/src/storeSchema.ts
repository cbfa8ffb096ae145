import type { StoreSchema } from '@enlace/store';

/**
 * The secretariat's own store: the member directory, JITs and person links (ids
 * of member records, never copies). Lists are encoded strings (codec.ts);
 * `parties` holds the member states a record concerns, so that "the records my
 * country is party to" is one CONTAINS in the store query.
 */
export const secretariatStoreSchema: StoreSchema = {
  nodes: [
    { label: 'MemberState', key: 'country', properties: { country: 'STRING', name: 'STRING', contactPoint: 'STRING' } },
    {
      label: 'Jit',
      key: 'id',
      properties: {
        id: 'STRING', seq: 'INT64', name: 'STRING', purpose: 'STRING', memberCountries: 'STRING', startsOn: 'STRING', endsOn: 'STRING',
        caseIds: 'STRING', status: 'STRING', proposedBy: 'STRING', agreements: 'STRING', endedOn: 'STRING',
      },
    },
    {
      label: 'PersonLink',
      key: 'id',
      properties: {
        id: 'STRING', seq: 'INT64', leftId: 'STRING', rightId: 'STRING', parties: 'STRING', criteria: 'STRING', status: 'STRING',
        proposedBy: 'STRING', proposedOn: 'STRING', confirmedBy: 'STRING', confirmedOn: 'STRING',
      },
    },
    {
      // Cooperation requests (cooperation/): subjects, grant and history are JSON; the
      // requester's and owner's columns and the times the inboxes filter on are their own.
      label: 'CooperationRequest',
      key: 'id',
      properties: {
        id: 'STRING', seq: 'INT64', state: 'STRING', requesterIssuer: 'STRING', requesterSubject: 'STRING', requesterCountry: 'STRING',
        owner: 'STRING', legalBasis: 'STRING', legalInstrument: 'STRING', urgency: 'STRING', filedAt: 'STRING', deadline: 'STRING',
        decidedAt: 'STRING', subjects: 'STRING', scope: 'STRING', purpose: 'STRING', caseRef: 'STRING', reason: 'STRING',
        decision: 'STRING', decisionReason: 'STRING', grant: 'STRING', grantExpiresOn: 'STRING', history: 'STRING',
      },
    },
    { label: 'Counter', key: 'name', properties: { name: 'STRING', value: 'INT64' } },
    // One step of a request's history (cooperation/repository.ts), appended, never rewritten: a growing text
    // rewritten at every step swelled Kùzu's file and its buffer pool (docs/kuzu/README.md). Key `<request id>#<n>`.
    { label: 'CooperationEvent', key: 'id', properties: { id: 'STRING', seq: 'INT64', at: 'STRING', by: 'STRING', kind: 'STRING', text: 'STRING' } },
    // When a caller last opened its cooperation inbox (cooperation/attention.ts): key JSON [issuer, subject, country].
    { label: 'InboxSeen', key: 'key', properties: { key: 'STRING', seenAt: 'STRING' } },
  ],
  rels: [{ type: 'HAS_EVENT', from: 'CooperationRequest', to: 'CooperationEvent' }],
};

/** The secretariat's id prefix: XS is user-assigned in ISO 3166, so never a member's code. */
export const SECRETARIAT_CODE = 'XS';
