/**
 * The README's example queries, in one place: the explorer opens each as a tab,
 * named after its operation (GraphiQL titles a tab so; an anonymous one is `<untitled>`).
 * Ids are the seeded anchors of `npm start` (README, "An example").
 */
export interface ExampleQuery {
  title: string;
  /** A named operation: its name is the tab's title. */
  query: string;
}

const persons: ExampleQuery = {
  title: 'Persons named Quispe, with their cases, from every member',
  query: 'query PersonsNamedQuispe {\n  persons(filter: {name: "Quispe"}, first: 1) {\n    id country fullName\n    cases { id offences }\n  }\n}',
};
const route: ExampleQuery = {
  title: "One route, every member's observations",
  query: 'query RouteObservations {\n  route(code: "RT-0001") {\n    observations {\n      country\n      origin { locality }\n      destination { locality }\n      modusOperandi\n    }\n  }\n}',
};
const documentHits: ExampleQuery = {
  title: 'Hit/no-hit: who holds a record with this document',
  query: '# Only the document\'s pseudonym travels: obtain it blinded from POST /pseudonyms/evaluate (docs/PSEUDONYMS.md;\n' +
    '# the console\'s check and scripts/examples/pseudonyms.mjs do it), then give it as $pseudonym.\n' +
    'query DocumentHitNoHit($pseudonym: String!) {\n  documentHits(pseudonym: $pseudonym) {\n    country hit reference contactPoint\n  }\n}',
};

export const GATEWAY_EXAMPLES: readonly ExampleQuery[] = [
  persons,
  route,
  {
    title: 'A joint investigation team over cases of two members',
    query: 'query JointInvestigationTeam {\n  jointInvestigationTeam(id: "XS:J:0oq2dni") {\n    name status\n    cases { id country summary }\n  }\n}',
  },
  {
    title: "The secretariat's confirmed links to the same person elsewhere",
    query: 'query LinkedRecords {\n  person(id: "AR:P:0aa79jf") {\n    linkedRecords { id country }\n  }\n}',
  },
  documentHits,
];

/** A member answers for its own records only. */
export const MEMBER_EXAMPLES: readonly ExampleQuery[] = [persons, route, documentHits];

/** The secretariat holds JITs and links; records stay references (`{ id }`). */
export const SECRETARIAT_EXAMPLES: readonly ExampleQuery[] = [
  { title: 'A joint investigation team', query: 'query JointInvestigationTeam {\n  jointInvestigationTeam(id: "XS:J:0oq2dni") {\n    name status\n    cases { id }\n  }\n}' },
  { title: 'Confirmed links of a person', query: 'query PersonLinks {\n  personLinks(personId: "AR:P:0aa79jf") {\n    id status\n    records { id }\n  }\n}' },
];
