/**
 * The network view around a record (#/network/AR:C:…; a route observation also names its route:
 * #/network/AR:R:…?route=RT-0001): grown hop by hop through the GraphQL API, drawn by cytoscape.js,
 * and listed for keyboard and screen-reader users, who expand records from the list. Loaded on
 * demand (App.tsx), so cytoscape does not weigh on the first page.
 */
import { useCallback, useEffect, useState } from 'react';
import { categoryColour, countryColour } from '../colours';
import { Errors } from '../components/States';
import { Owner } from '../components/Owner';
import { WithheldMark } from '../components/Withheld';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { gql, type GqlError } from '../graphql';
import { useT } from '../i18n';
import { href } from '../router';
import { useSession } from '../session';
import { useWords } from '../words/words';
import { Diagram } from './Diagram';
import { emptyGraph, expand, kindOfId, NEIGHBOURHOOD_QUERIES, neighbourhoodVariables, readNeighbourhood, type Graph, type GraphNode, type NeighbourhoodData } from './graph';

/** Where a record's own page is (route observations: their route's page). */
const recordHref = (n: GraphNode): string | undefined =>
  n.kind === 'observation' ? href('route', n.routeCode) : n.expandable ? href(n.kind, n.id) : undefined;

export default function NetworkPage({ id, routeCode }: { id: string; routeCode?: string }) {
  const t = useT();
  const w = useWords();
  const { credentials, lang } = useSession();
  const kind = kindOfId(id);
  const [graph, setGraph] = useState<Graph>(emptyGraph);
  const [busy, setBusy] = useState<string | null>(null);
  const [problems, setProblems] = useState<GqlError[]>([]);
  const [omitted, setOmitted] = useState<{ record: string; n: number }[]>([]);

  const edgeLabel = useCallback((category: string) => w.enumValue('PersonCategory', category), [w]);
  const label = useCallback((n: GraphNode) => (n.withheld ? t('withheldShort', { country: n.withheld.country }) : n.label ?? n.id), [lang]);

  const grow = useCallback(async (node: Pick<GraphNode, 'id' | 'kind' | 'routeCode'>) => {
    setBusy(node.id);
    try {
      const answer = await gql<NeighbourhoodData>(credentials, NEIGHBOURHOOD_QUERIES[node.kind], neighbourhoodVariables(node));
      const found = readNeighbourhood(node, answer.data, answer.errors);
      // Withheld fields are drawn as such; anything else (a member unavailable, a bad id) is said above the picture.
      setProblems(answer.errors.filter((e) => e.extensions?.code !== 'FORBIDDEN'));
      if (!found) {
        if (!answer.errors.length) setProblems([{ message: t('notFound'), extensions: { code: 'NOT_FOUND' } }]);
        return;
      }
      setGraph((g) => expand(g, found));
      if (found.omitted) setOmitted((o) => [...o, { record: found.centre.label ?? found.centre.id, n: found.omitted }]);
    } catch (err) {
      setProblems([{ message: t('failed', { reason: String((err as Error)?.message ?? err) }), extensions: { code: 'NETWORK' } }]);
    } finally {
      setBusy(null);
    }
  }, [credentials, t]);

  useEffect(() => {
    if (kind) void grow({ id, kind, routeCode });
  }, [id, kind, routeCode]);

  const start = graph.nodes.get(id);
  const nodes = [...graph.nodes.values()].sort((a, b) => a.hop - b.hop);
  const onSelect = (nodeId: string) => {
    const node = graph.nodes.get(nodeId);
    if (node && node.expandable && !node.expanded && !busy) void grow(node);
  };
  const nameOf = (nodeId: string) => {
    const n = graph.nodes.get(nodeId);
    return n ? label(n) : nodeId;
  };

  return (
    <>
      <PageTitle>{t('networkTitle', { record: start ? label(start) : id })}</PageTitle>
      <p id="network-hint" className="muted">{t('networkHint')}</p>
      {!kind && <Errors errors={[{ message: t('notFound'), extensions: { code: 'BAD_USER_INPUT', field: 'id' } }]} />}
      <Errors errors={problems} />
      {busy && <p role="status" className="muted">{t('loading')}</p>}
      <Diagram graph={graph} label={label} edgeLabel={edgeLabel} describedBy="network-hint" summary={t('networkDiagram', { nodes: graph.nodes.size, edges: graph.edges.size })} onSelect={onSelect} />
      <NetworkLegend graph={graph} />
      {omitted.map((o, i) => <p key={i} className="muted">{t('omitted', { n: o.n, record: o.record })}</p>)}
      <section className="panel" aria-labelledby="network-records">
        <h2 id="network-records">{t('networkRecords')}</h2>
        <TableWrap label={t('networkRecords')}>
          <table data-testid="network-nodes">
            <thead><tr><th scope="col">{t('hop')}</th><th scope="col">{t('recordKind')}</th><th scope="col">{t('fullName')} / {t('reference')}</th><th scope="col">{t('owner')}</th><th scope="col"><span className="visually-hidden">{t('expand')}</span></th></tr></thead>
            <tbody>
              {nodes.map((n) => {
                const target = recordHref(n);
                return (
                  <tr key={n.id} data-id={n.id} data-kind={n.kind} data-withheld={n.withheld ? 'true' : undefined}>
                    <td>{n.hop}</td>
                    <td>{t(`kind_${n.kind}`)}</td>
                    <td>{n.withheld ? <WithheldMark withholding={n.withheld} /> : target ? <a href={target}>{label(n)}</a> : label(n)}</td>
                    <td><Owner country={n.country} compact /></td>
                    <td>{n.expanded ? <span className="muted">{t('expanded')}</span> : n.expandable && (
                      <button type="button" className="secondary small" disabled={Boolean(busy)} onClick={() => void grow(n)} aria-label={t('expandRecord', { record: label(n) })}>{t('expand')}</button>
                    )}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section className="panel" aria-labelledby="network-links">
        <h2 id="network-links">{t('networkLinks')}</h2>
        <ul data-testid="network-edges">
          {[...graph.edges.values()].map((e) => (
            <li key={e.id}>{nameOf(e.source)} — {e.category ? w.enumValue('PersonCategory', e.category) : t(`edge_${e.kind}`)} — {nameOf(e.target)}</li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** What the colours mean: the owners in the picture, and the roles of its links. */
function NetworkLegend({ graph }: { graph: Graph }) {
  const t = useT();
  const w = useWords();
  const countries = [...new Set([...graph.nodes.values()].map((n) => n.country))].sort();
  const categories = [...new Set([...graph.edges.values()].map((e) => e.category).filter((c): c is string => Boolean(c)))].sort();
  return (
    <section aria-label={t('legend')} className="legend">
      <ul>
        {countries.map((c) => <li key={c}><Swatch colour={countryColour(c)} round /> <Owner country={c} compact /></li>)}
        {categories.map((c) => <li key={c}><Swatch colour={categoryColour(c)} /> {w.enumValue('PersonCategory', c)}</li>)}
        <li><Swatch colour="#1b1f24" dashed /> {t('edge_linked')}</li>
      </ul>
    </section>
  );
}

function Swatch({ colour, round = false, dashed = false }: { colour: string; round?: boolean; dashed?: boolean }) {
  return (
    <svg width="22" height="12" aria-hidden="true" focusable="false">
      {round ? <circle cx="6" cy="6" r="5" fill={colour} stroke="#1b1f24" /> : <line x1="0" y1="6" x2="22" y2="6" stroke={colour} strokeWidth="3" strokeDasharray={dashed ? '5 3' : undefined} />}
    </svg>
  );
}
