/**
 * The network drawn by cytoscape.js on a canvas: shape by kind (person ●, case ■, route observation ◆),
 * fill by owner country, links coloured by the person's role; withheld persons dashed and labelled
 * "withheld by AR". Selecting a record expands it. The canvas is for the eye: the lists beside it
 * (NetworkPage) carry the same nodes and links for keyboards and screen readers.
 * Laid out force-directed (fcose, labels counted in each record's size); records already drawn stay
 * near where they were when the picture grows, new ones start beside the record they were reached
 * from; then untangle() makes sure no labels overlap and no link runs through a record it does not join.
 */
import { useEffect, useRef } from 'react';
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { categoryColour, countryColour } from '../colours';
import type { Graph, GraphNode } from './graph';
import { untangle, type Box, type Point } from './untangle';

cytoscape.use(fcose);

// Cytoscape adds a <style> element for its container unless one with this id exists; the page's
// Content-Security-Policy refuses inline styles, so the rule (position: relative) is in styles.css.
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

function markStylesheetPresent(): void {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID)) return;
  const marker = document.createElement('meta');
  marker.id = CYTOSCAPE_STYLESHEET_ID;
  marker.name = 'cytoscape-container-style';
  marker.content = 'in styles.css';
  document.head.appendChild(marker);
}

const SHAPES = { person: 'ellipse', case: 'round-rectangle', observation: 'diamond' } as const;

function elements(graph: Graph, label: (node: GraphNode) => string, edgeLabel: (category: string) => string): ElementDefinition[] {
  const nodes = [...graph.nodes.values()].map((n): ElementDefinition => ({
    group: 'nodes',
    data: { id: n.id, label: label(n), colour: countryColour(n.country), shape: SHAPES[n.kind], hop: n.hop },
    classes: [n.withheld ? 'withheld' : '', n.expanded ? 'expanded' : '', n.hop === 0 ? 'start' : ''].filter(Boolean).join(' '),
  }));
  const edges = [...graph.edges.values()].map((e): ElementDefinition => ({
    group: 'edges',
    data: { id: e.id, source: e.source, target: e.target, label: e.category ? edgeLabel(e.category) : '', colour: categoryColour(e.category) },
    classes: e.kind,
  }));
  return [...nodes, ...edges];
}

const STYLE: cytoscape.StylesheetJson = [
  { selector: 'node', style: { 'background-color': 'data(colour)', shape: 'data(shape)' as never, label: 'data(label)', 'font-size': 10, color: '#1b1f24', 'text-valign': 'bottom', 'text-margin-y': 4, 'text-wrap': 'ellipsis', 'text-max-width': '130px', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': '1px', width: 26, height: 26, 'border-width': 2, 'border-color': '#1b1f24' } },
  { selector: 'node.start', style: { width: 38, height: 38, 'border-width': 4 } },
  { selector: 'node.withheld', style: { 'border-style': 'dashed', 'border-color': '#6b4500', 'background-opacity': 0.45, 'font-style': 'italic', color: '#6b4500' } },
  { selector: 'node:selected', style: { 'overlay-opacity': 0.15, 'overlay-color': '#f5a623' } },
  { selector: 'edge', style: { width: 2, 'line-color': 'data(colour)', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 8, color: '#4f5861', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85 } },
  { selector: 'edge.linked', style: { 'line-style': 'dashed', 'line-color': '#1b1f24', width: 3 } },
  { selector: 'edge.route', style: { 'line-color': '#8C510A' } },
  { selector: 'edge.sameRoute', style: { 'line-style': 'dotted', 'line-color': '#8C510A' } },
];

export function Diagram({ graph, label, edgeLabel, describedBy, summary, onSelect }: {
  graph: Graph;
  label: (node: GraphNode) => string;
  /** A link's role in the case, in words. */
  edgeLabel: (category: string) => string;
  /** The id of the text that says what the picture shows. */
  describedBy: string;
  summary: string;
  onSelect: (id: string) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    markStylesheetPresent();
    const core = cytoscape({ container: container.current, style: STYLE, minZoom: 0.3, maxZoom: 3, wheelSensitivity: 0.3 });
    core.on('tap', 'node', (event) => select.current(event.target.id()));
    cy.current = core;
    return () => {
      core.destroy();
      cy.current = null;
    };
  }, []);

  useEffect(() => {
    const core = cy.current;
    if (!core) return;
    const before = new Map(core.nodes().map((n) => [n.id(), { ...n.position() }] as const));
    core.elements().remove();
    core.add(elements(graph, label, edgeLabel));
    placeNewBesideKnown(core, before);
    core.layout({
      name: 'fcose', quality: 'proof', randomize: before.size === 0, animate: false, fit: false,
      // Greedy sampling, not random: the same records give the same picture.
      samplingType: false, nodeDimensionsIncludeLabels: true, nodeSeparation: 80, idealEdgeLength: 90, nodeRepulsion: 9000, padding: 24,
    } as cytoscape.LayoutOptions).run();
    const { positions } = untangle(core.nodes().map(boxOf), core.edges().map((e) => ({ source: e.source().id(), target: e.target().id() })));
    core.batch(() => core.nodes().forEach((n) => { n.position(positions.get(n.id())!); }));
    core.fit(undefined, 24);
  }, [graph, label, edgeLabel]);

  return <div ref={container} className="network-diagram" role="img" aria-label={summary} aria-describedby={describedBy} data-testid="network-diagram" />;
}

/** Records drawn before keep their place; a new one starts beside a drawn neighbour (the record it was reached from). */
function placeNewBesideKnown(core: Core, before: ReadonlyMap<string, Point>): void {
  if (!before.size) return;
  let k = 0;
  core.nodes().forEach((n) => {
    const kept = before.get(n.id());
    if (kept) {
      n.position(kept);
      return;
    }
    const anchor = n.neighborhood('node').toArray().find((m) => before.has(m.id()));
    const from = anchor ? before.get(anchor.id())! : { x: 0, y: 0 };
    // Around the anchor on a small circle, so that the new records do not start on one point.
    const angle = (k++ * 2.4) % (2 * Math.PI);
    n.position({ x: from.x + 60 * Math.cos(angle), y: from.y + 60 * Math.sin(angle) });
  });
}

/** A record's box for untangle(): its shape and label around its position, in the picture's coordinates. */
function boxOf(n: NodeSingular): Box {
  const { x, y } = n.position();
  const box = n.boundingBox({ includeLabels: true, includeOverlays: false });
  return { id: n.id(), x, y, left: box.x1 - x, right: box.x2 - x, top: box.y1 - y, bottom: box.y2 - y };
}
