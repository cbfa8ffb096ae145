/**
 * A route on an offline world map: the countries from world-atlas's TopoJSON (countries-110m,
 * emitted into the build by Vite and fetched from the gateway, never from the internet),
 * projected by d3-geo, with the route's places (origin ●, transit ○, destination ■) and legs
 * (colour and dash by transport mode, arrow towards the next stop). Loaded on demand by RoutePage.
 */
import { useEffect, useMemo, useState } from 'react';
import { geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { FeatureCollection } from 'geojson';
import atlasUrl from 'world-atlas/countries-110m.json?url';
import { MODE_STYLES, modeStyle } from '../colours';
import { useT } from '../i18n';
import { useWords } from '../words/words';
import { routeGeometry, viewArea, type MapPlace, type RouteObservationShape } from './routeGeometry';

const WIDTH = 960;
const HEIGHT = 560;

let atlas: Promise<FeatureCollection> | null = null;
/** The atlas, read once per page load. */
function loadAtlas(): Promise<FeatureCollection> {
  atlas ??= fetch(atlasUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`${atlasUrl}: HTTP ${r.status}`);
      return r.json() as Promise<Topology<{ countries: GeometryCollection }>>;
    })
    .then((topology) => feature(topology, topology.objects.countries) as FeatureCollection);
  atlas.catch(() => (atlas = null));
  return atlas;
}

/**
 * Each place projected, with its label moved down a line while it would overprint an earlier one
 * (twin border towns such as Villazón and La Quiaca are a few pixels apart).
 */
function placeLabels(places: readonly MapPlace[], projection: (at: [number, number]) => [number, number] | null) {
  const taken: { x: number; y: number; w: number }[] = [];
  const out: { p: MapPlace; x: number; y: number; labelY: number }[] = [];
  for (const p of places) {
    const xy = projection(p.at);
    if (!xy) continue;
    const [x, y] = xy;
    const w = p.locality.length * 7.5;
    let labelY = y + 4;
    while (taken.some((o) => Math.abs(o.y - labelY) < 15 && x + 9 < o.x + o.w && o.x < x + 9 + w)) labelY += 15;
    taken.push({ x: x + 9, y: labelY, w });
    out.push({ p, x, y, labelY });
  }
  return out;
}

export default function RouteMap({ code, observations }: { code: string; observations: readonly RouteObservationShape[] }) {
  const t = useT();
  const w = useWords();
  const [countries, setCountries] = useState<FeatureCollection | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    loadAtlas().then((c) => current && setCountries(c), (err: unknown) => current && setFailure(String((err as Error)?.message ?? err)));
    return () => {
      current = false;
    };
  }, []);

  const { places, legs, unplaced } = useMemo(() => routeGeometry(observations), [observations]);
  const projection = useMemo(() => geoNaturalEarth1().fitExtent([[24, 24], [WIDTH - 24, HEIGHT - 24]], viewArea(places)), [places]);
  const path = geoPath(projection);
  const modes = [...new Set(legs.map((l) => l.mode))];

  return (
    <section className="panel" aria-labelledby="route-map-title">
      <h2 id="route-map-title">{t('routeMap')}</h2>
      {failure && <p role="alert" className="error">{t('failed', { reason: failure })}</p>}
      <svg className="route-map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="route-map-desc" data-testid="route-map">
        <desc id="route-map-desc">{t('routeMapLabel', { code, places: places.length, legs: legs.length })}</desc>
        <defs>
          {Object.entries(MODE_STYLES).map(([mode, s]) => (
            <marker key={mode} id={`arrow-${mode}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={s.colour} />
            </marker>
          ))}
        </defs>
        <rect className="sea" width={WIDTH} height={HEIGHT} />
        <path className="graticule" d={path(geoGraticule10()) ?? undefined} />
        {countries?.features.map((f, i) => <path key={String(f.id ?? i)} className="country" d={path(f) ?? undefined} />)}
        {legs.map((l, i) => {
          const s = modeStyle(l.mode);
          return (
            <path key={i} className="leg" data-mode={l.mode} d={path({ type: 'LineString', coordinates: [l.from.at, l.to.at] }) ?? undefined}
              stroke={s.colour} strokeDasharray={s.dash || undefined} strokeWidth={2 + Math.min(3, l.observedBy.length - 1)}
              markerEnd={MODE_STYLES[l.mode] ? `url(#arrow-${l.mode})` : undefined} />
          );
        })}
        {placeLabels(places, projection).map(({ p, x, y, labelY }) => (
          <g key={p.key} className={`place ${p.role}`} data-role={p.role}>
            {p.role === 'destination' ? <rect x={x - 6} y={y - 6} width="12" height="12" /> : <circle cx={x} cy={y} r={p.role === 'origin' ? 7 : 5} />}
            <text x={x + 9} y={labelY}>{p.locality}</text>
          </g>
        ))}
      </svg>
      <ul className="legend">
        <li><svg width="14" height="14" aria-hidden="true" focusable="false" className="place origin"><circle cx="7" cy="7" r="6" /></svg> {t('origin')}</li>
        <li><svg width="14" height="14" aria-hidden="true" focusable="false" className="place transit"><circle cx="7" cy="7" r="5" /></svg> {t('transit')}</li>
        <li><svg width="14" height="14" aria-hidden="true" focusable="false" className="place destination"><rect x="1" y="1" width="12" height="12" /></svg> {t('destination')}</li>
        {modes.map((m) => {
          const s = modeStyle(m);
          return <li key={m}><svg width="30" height="10" aria-hidden="true" focusable="false"><line x1="0" y1="5" x2="30" y2="5" stroke={s.colour} strokeWidth="3" strokeDasharray={s.dash || undefined} /></svg> {w.enumValue('TransportMode', m)}</li>;
        })}
      </ul>
      {unplaced.length > 0 && <p className="muted">{t('notOnMap', { places: unplaced.join(' · ') })}</p>}
    </section>
  );
}
