/**
 * The network drawn by cytoscape.js on a canvas: shape by kind (person ●, case ■, route observation ◆),
 * fill by owner country, links coloured by the person's role; withheld persons dashed and labelled
 * "withheld by AR". Selecting a record expands it. The canvas is for the eye: the lists beside it
 * (NetworkPage) carry the same nodes and links for keyboards and screen readers.
 */
import { useEffect, useRef } from 'react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { categoryColour, countryColour } from '../colours';
import type { Graph, GraphNode } from './graph';

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
    core.elements().remove();
    core.add(elements(graph, label, edgeLabel));
    // Rings by hop around the starting record, each record beside the one it was reached from.
    core.layout({ name: 'breadthfirst', roots: core.nodes('.start').map((n) => n.id()), circle: true, directed: false, spacingFactor: 1.1, avoidOverlap: true, animate: false, padding: 24 }).run();
  }, [graph, label, edgeLabel]);

  return <div ref={container} className="network-diagram" role="img" aria-label={summary} aria-describedby={describedBy} data-testid="network-diagram" />;
}
