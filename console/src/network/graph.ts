/**
 * The network view's model, kept apart from drawing so it can be tested: the records around a
 * starting one, grown hop by hop. Each hop is one GraphQL read about one record (a person's cases
 * and confirmed links abroad, a case's persons and route observations, an observation's cases and
 * the other members' observations of the same route), turned here into nodes and edges. A person
 * whose name the owner withheld, or whom the owner withheld altogether, stays in the picture as
 * withheld by that owner: never a blank, never a guess.
 */
import type { GqlError } from '../graphql';
import { ownerOfId, pathKey, withheldFields, type Withholding } from '../outcome';

export type NodeKind = 'person' | 'case' | 'observation';
export type EdgeKind = 'involved' | 'route' | 'linked' | 'sameRoute';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** The owner. */
  country: string;
  /** A name, a file number, a route code; undefined when withheld. */
  label?: string;
  /** Set when the owner withheld the person's identity (or the whole record). */
  withheld?: Withholding;
  /** Hops from the starting record. */
  hop: number;
  /** Its neighbours have been read. */
  expanded: boolean;
  /** A withheld record's stand-in cannot be read further. */
  expandable: boolean;
  /** Route observations: the network-wide route code (needed to read them). */
  routeCode?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** Involvements: the person's role in the case (VICTIM, SUSPECT…). */
  category?: string;
}

export interface Graph {
  nodes: ReadonlyMap<string, GraphNode>;
  edges: ReadonlyMap<string, GraphEdge>;
}

/** One read's findings: the record itself (with what the owner let us know) and its neighbours. */
export interface Neighbourhood {
  centre: Omit<GraphNode, 'hop' | 'expanded'>;
  neighbours: Omit<GraphNode, 'hop' | 'expanded'>[];
  edges: GraphEdge[];
  /** Neighbours left out to keep the picture readable (see MAX_NEIGHBOURS). */
  omitted: number;
}

/** More than this many neighbours of one record make an unreadable star; the rest are counted. */
export const MAX_NEIGHBOURS = 30;

/** The kind of record an Enlace id names (AR:P:… a person, AR:C:… a case, AR:R:… a route observation). */
export function kindOfId(id: string): NodeKind | undefined {
  const kind = /^[A-Z]{2}:([PCR]):/.exec(id)?.[1];
  return kind === 'P' ? 'person' : kind === 'C' ? 'case' : kind === 'R' ? 'observation' : undefined;
}

const CASE_FIELDS = 'id country reference offences';
const PERSON_FIELDS = 'id country fullName ageBand';

/** The read that expands a record of each kind. Observations are read through their route (there is no by-id read). */
export const NEIGHBOURHOOD_QUERIES: Record<NodeKind, string> = {
  person: `query PersonNeighbours($id: ID!) { person(id: $id) { ${PERSON_FIELDS}
    involvements { category case { ${CASE_FIELDS} } } linkedRecords { ${PERSON_FIELDS} } } }`,
  case: `query CaseNeighbours($id: ID!) { case(id: $id) { ${CASE_FIELDS}
    involved { category person { ${PERSON_FIELDS} } } routes { id country routeCode } } }`,
  observation: `query ObservationNeighbours($code: ID!) { route(code: $code) { code
    observations { id country routeCode cases { ${CASE_FIELDS} } } } }`,
};

export const neighbourhoodVariables = (node: Pick<GraphNode, 'id' | 'kind' | 'routeCode'>): Record<string, string> =>
  node.kind === 'observation' ? { code: node.routeCode ?? '' } : { id: node.id };

interface PersonRef { id: string; country: string; fullName: string | null }
interface CaseRef { id: string; country: string; reference: string | null }
interface ObservationRef { id: string; country: string; routeCode: string }
export interface NeighbourhoodData {
  person?: (PersonRef & { involvements: { category: string | null; case: CaseRef | null }[] | null; linkedRecords: (PersonRef | null)[] | null }) | null;
  case?: (CaseRef & { involved: { category: string | null; person: PersonRef | null }[] | null; routes: ObservationRef[] | null }) | null;
  route?: { code: string; observations: (ObservationRef & { cases: CaseRef[] | null })[] | null } | null;
}

type Found = Omit<GraphNode, 'hop' | 'expanded'>;

const caseNode = (c: CaseRef): Found => ({ id: c.id, kind: 'case', country: c.country, label: c.reference ?? c.id, expandable: true });
const observationNode = (o: ObservationRef): Found => ({ id: o.id, kind: 'observation', country: o.country, label: `${o.routeCode} (${o.country})`, routeCode: o.routeCode, expandable: true });

/**
 * A person as the answer gives it at `at` (its path): named, withheld by name (a FORBIDDEN error on
 * its fullName) or withheld altogether (null there, with the owner from the error or `fallbackOwner`).
 */
function personNode(p: PersonRef | null, at: (string | number)[], withheld: ReadonlyMap<string, Withholding>, fallbackOwner: string | undefined): Found | null {
  if (p) {
    const hidden = withheld.get(pathKey([...at, 'fullName']));
    return { id: p.id, kind: 'person', country: p.country, label: hidden ? undefined : p.fullName ?? p.id, withheld: hidden, expandable: true };
  }
  const whole = withheld.get(pathKey(at));
  const country = whole?.country ?? fallbackOwner;
  if (!country) return null;
  // A stand-in, one per place it was withheld at: the id is not ours to know.
  return { id: `withheld:${pathKey(at)}`, kind: 'person', country, withheld: whole ?? { country, rule: '?' }, expandable: false };
}

/** What one read answered about `node`: its neighbours and the edges to them (pure). */
export function readNeighbourhood(node: Pick<GraphNode, 'id' | 'kind' | 'routeCode'>, data: NeighbourhoodData | null, errors: readonly GqlError[]): Neighbourhood | null {
  const withheld = withheldFields(errors, () => ownerOfId(node.id));
  const neighbours: Found[] = [];
  const edges: GraphEdge[] = [];
  const edge = (target: string, kind: EdgeKind, category?: string) =>
    edges.push({ id: `${node.id}|${target}|${kind}${category ? `|${category}` : ''}`, source: node.id, target, kind, category });

  let centre: Found;
  if (node.kind === 'person') {
    const p = data?.person;
    if (!p) return null;
    centre = personNode(p, ['person'], withheld, undefined)!;
    (p.involvements ?? []).forEach((inv) => {
      if (!inv.case) return;
      neighbours.push(caseNode(inv.case));
      edge(inv.case.id, 'involved', inv.category ?? undefined);
    });
    (p.linkedRecords ?? []).forEach((l, i) => {
      const other = personNode(l, ['person', 'linkedRecords', i], withheld, undefined);
      if (!other) return;
      neighbours.push(other);
      edge(other.id, 'linked');
    });
  } else if (node.kind === 'case') {
    const c = data?.case;
    if (!c) return null;
    centre = caseNode(c);
    (c.involved ?? []).forEach((inv, i) => {
      const person = personNode(inv.person, ['case', 'involved', i, 'person'], withheld, c.country);
      if (!person) return;
      neighbours.push(person);
      edge(person.id, 'involved', inv.category ?? undefined);
    });
    (c.routes ?? []).forEach((o) => {
      neighbours.push(observationNode(o));
      edge(o.id, 'route');
    });
  } else {
    const observations = data?.route?.observations ?? [];
    const self = observations.find((o) => o.id === node.id);
    if (!self) return null;
    centre = observationNode(self);
    for (const c of self.cases ?? []) {
      neighbours.push(caseNode(c));
      edge(c.id, 'route');
    }
    // The same corridor as other members saw it: where a route crosses borders in the picture.
    for (const o of observations) {
      if (o.id === node.id) continue;
      neighbours.push(observationNode(o));
      edge(o.id, 'sameRoute');
    }
  }
  const shown = new Set(neighbours.slice(0, MAX_NEIGHBOURS).map((n) => n.id));
  const unique = [...new Map(neighbours.map((n) => [n.id, n])).values()];
  return {
    centre,
    neighbours: unique.filter((n) => shown.has(n.id)),
    edges: edges.filter((e) => shown.has(e.target)),
    omitted: unique.length - unique.filter((n) => shown.has(n.id)).length,
  };
}

export const emptyGraph = (): Graph => ({ nodes: new Map(), edges: new Map() });

/**
 * The graph with one more record expanded: the centre marked expanded (and updated with what was
 * read about it), new neighbours one hop further out; nodes already drawn keep their place.
 */
export function expand(graph: Graph, found: Neighbourhood): Graph {
  const nodes = new Map(graph.nodes);
  const edges = new Map(graph.edges);
  const hop = nodes.get(found.centre.id)?.hop ?? 0;
  nodes.set(found.centre.id, { ...found.centre, hop, expanded: true });
  for (const n of found.neighbours) if (!nodes.has(n.id)) nodes.set(n.id, { ...n, hop: hop + 1, expanded: false });
  for (const e of found.edges) {
    // One edge per pair and kind, whichever side read it first.
    const reverse = [...edges.values()].some((x) => x.source === e.target && x.target === e.source && x.kind === e.kind && x.category === e.category);
    if (!reverse) edges.set(e.id, e);
  }
  return { nodes, edges };
}
