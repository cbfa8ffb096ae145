import type { StoreSchema } from '@enlace/common';

/** The secretariat's own store: the member directory, JITs and confirmed links (ids of member records, never copies). */
export const secretariatStoreSchema: StoreSchema = {
  nodes: [
    { label: 'MemberState', key: 'country', properties: { country: 'STRING', name: 'STRING', contactPoint: 'STRING' } },
    {
      label: 'Jit',
      key: 'id',
      properties: { id: 'STRING', seq: 'INT64', name: 'STRING', purpose: 'STRING', memberCountries: 'STRING', startsOn: 'STRING', endsOn: 'STRING', caseIds: 'STRING' },
    },
    {
      label: 'PersonLink',
      key: 'id',
      properties: { id: 'STRING', seq: 'INT64', leftId: 'STRING', rightId: 'STRING', basis: 'STRING', confirmedOn: 'STRING' },
    },
    { label: 'Counter', key: 'name', properties: { name: 'STRING', value: 'INT64' } },
  ],
  rels: [],
};

/** The secretariat's id prefix: XS is user-assigned in ISO 3166, so never a member's code. */
export const SECRETARIAT_CODE = 'XS';
