import type { StoreSchema } from '@enlace/store';
import { MODUS_OPERANDI_FIELDS } from './modusOperandi';

/** The coded modus operandi, one string column per dimension, on cases and route observations. */
const MODUS_OPERANDI_COLUMNS = Object.fromEntries(MODUS_OPERANDI_FIELDS.map((f) => [f, 'STRING'] as const));

/**
 * What a member's store holds. Lists are encoded strings (codec.ts); `seq` is
 * the local number of an id, for stable ordering; `flaggedForPartners` is 0 or 1
 * (the store holds strings and integers only); `searchText` holds the
 * words of the names and aliases (search.ts), each also a `NameWord` linked to the person (the
 * name index, nameIndex.ts); `places` the normalised places of a route; `caseCategories` and
 * `caseHandling` a person's cases' facts (caseFactColumns.ts).
 */
export const memberStoreSchema: StoreSchema = {
  nodes: [
    {
      label: 'Person',
      key: 'id',
      properties: {
        id: 'STRING', seq: 'INT64', country: 'STRING', givenNames: 'STRING', familyNames: 'STRING',
        aliases: 'STRING', searchText: 'STRING', sex: 'STRING', dateOfBirth: 'STRING', nationalities: 'STRING', flaggedForPartners: 'INT64',
        // Last: added to older stores' tables (ALTER TABLE … ADD appends), and a bulk load lists columns in the table's order.
        // A string: Kùzu types a list parameter's column of nulls as STRING, which an INT64 column refuses.
        birthYear: 'STRING',
        // The distinct categories of the person's involvements and handling codes of the person's cases, encoded lists
        // ('' in no case), kept by every write path (caseFactColumns.ts): what a foreign caller's record conditions test,
        // as column tests instead of subqueries over the involvements. Null: not filled in yet (no such clause holds).
        caseCategories: 'STRING', caseHandling: 'STRING',
        // The pseudonym key id the person's hit/no-hit entries were made with; null: due (pseudonymIndex.ts).
        pseudonymsKey: 'STRING',
      },
    },
    {
      label: 'Document',
      key: 'id',
      properties: { id: 'STRING', type: 'STRING', number: 'STRING', numberNormalised: 'STRING', issuingCountry: 'STRING' },
    },
    {
      label: 'Case',
      key: 'id',
      properties: {
        id: 'STRING', seq: 'INT64', country: 'STRING', reference: 'STRING', offences: 'STRING', status: 'STRING',
        openedOn: 'STRING', closedOn: 'STRING', summary: 'STRING', handlingCode: 'STRING', handlingConditions: 'STRING',
        sourceReliability: 'STRING', informationAccuracy: 'INT64',
        ...MODUS_OPERANDI_COLUMNS,
      },
    },
    {
      label: 'RouteObservation',
      key: 'id',
      properties: {
        id: 'STRING', seq: 'INT64', country: 'STRING', routeCode: 'STRING', legs: 'STRING', places: 'STRING',
        modes: 'STRING', modusOperandi: 'STRING', activeFrom: 'STRING', activeTo: 'STRING',
        ...MODUS_OPERANDI_COLUMNS,
      },
    },
    // Financial flows: `identifierNormalised` is what hit/no-hit matches on (letters and digits, upper case).
    {
      label: 'Account',
      key: 'id',
      properties: {
        id: 'STRING', seq: 'INT64', country: 'STRING', institution: 'STRING', institutionCountry: 'STRING',
        identifierType: 'STRING', identifier: 'STRING', identifierNormalised: 'STRING',
      },
    },
    {
      label: 'Transfer',
      key: 'id',
      properties: { id: 'STRING', seq: 'INT64', country: 'STRING', amount: 'STRING', currency: 'STRING', date: 'STRING', channel: 'STRING' },
    },
    // An owner's national references (imports match on them): key `P:<national person id>` or `C:<case file number>`.
    { label: 'NationalReference', key: 'key', properties: { key: 'STRING', record: 'STRING', hash: 'STRING' } },
    { label: 'Counter', key: 'name', properties: { name: 'STRING', value: 'INT64' } },
    // The name index (nameIndex.ts): one node per word of any person's names and aliases.
    { label: 'NameWord', key: 'word', properties: { word: 'STRING' } },
    // The pseudonym index (pseudonymIndex.ts): one node per pseudonym of any person's documents, accounts or name keys.
    { label: 'Pseudonym', key: 'value', properties: { value: 'STRING', kind: 'STRING' } },
  ],
  rels: [
    { type: 'HOLDS', from: 'Person', to: 'Document' },
    { type: 'INVOLVED', from: 'Person', to: 'Case', properties: { category: 'STRING' } },
    { type: 'USED', from: 'Case', to: 'RouteObservation' },
    { type: 'HOLDS_ACCOUNT', from: 'Person', to: 'Account' },
    { type: 'DEBITED', from: 'Transfer', to: 'Account' },
    { type: 'CREDITED', from: 'Transfer', to: 'Account' },
    { type: 'RECORDED_IN', from: 'Transfer', to: 'Case' },
    { type: 'NAMES', from: 'NameWord', to: 'Person' },
    { type: 'PSEUDONYM_OF', from: 'Pseudonym', to: 'Person' },
  ],
};
