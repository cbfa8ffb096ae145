/** One network-wide route: every member's observation of it, with its legs, and the route on a map. */
import { lazy, Suspense } from 'react';
import { Errors, Failure, Loading } from '../components/States';
import { MemberStrip } from '../components/MemberStrip';
import { useMembers } from '../components/Members';
import { Owner } from '../components/Owner';
import { PageTitle } from '../components/PageTitle';
import { place, type Place } from '../format';
import { useT } from '../i18n';
import { countByCountry, memberOutcomes, otherErrors } from '../outcome';
import { href } from '../router';
import { useGql } from '../useGql';
import { useWords } from '../words/words';

// d3-geo, topojson and the atlas are loaded with the map, not with the console's first page.
const RouteMap = lazy(() => import('../map/RouteMap'));

const QUERY = `query Route($code: ID!) { route(code: $code) { code observations {
  id country origin { country locality } transit { country locality } destination { country locality }
  legs { sequence from { country locality } to { country locality } mode } modusOperandi activeFrom activeTo cases { id country } } } }`;

interface Observation {
  id: string;
  country: string;
  origin: Place | null;
  transit: Place[] | null;
  destination: Place | null;
  legs: { sequence: number | null; from: Place | null; to: Place | null; mode: string | null }[] | null;
  modusOperandi: string | null;
  activeFrom: string | null;
  activeTo: string | null;
  cases: { id: string; country: string }[] | null;
}

export function RoutePage({ code }: { code: string }) {
  const t = useT();
  const w = useWords();
  const members = useMembers();
  const read = useGql<{ route: { code: string; observations: Observation[] | null } | null }>(QUERY, { code });
  if (read.loading) return <Loading />;
  if (read.failure) return <Failure reason={read.failure} retry={read.reload} />;
  const route = read.result?.data?.route;
  const errors = read.result?.errors ?? [];
  return (
    <>
      <PageTitle>{t('routeTitle', { code })}</PageTitle>
      <MemberStrip outcomes={memberOutcomes(members.map((m) => m.country), errors, countByCountry(route?.observations))} />
      <Errors errors={otherErrors(errors)} />
      {!route && <p>{t('notFound')}</p>}
      {route?.observations?.length ? <Suspense fallback={<Loading />}><RouteMap code={code} observations={route.observations} /></Suspense> : null}
      {(route?.observations ?? []).map((o) => (
        <section key={o.id} className="panel" aria-label={`${code} — ${o.country}`}>
          <h2><Owner country={o.country} /></h2>
          <p><a href={href('network', o.id, { route: code })}>{t('networkView')}</a></p>
          <dl className="facts">
            <dt>{t('origin')}</dt><dd>{place(o.origin)}</dd>
            <dt>{t('transit')}</dt><dd>{(o.transit ?? []).map(place).join(' · ')}</dd>
            <dt>{t('destination')}</dt><dd>{place(o.destination)}</dd>
            <dt>{t('modusOperandi')}</dt><dd>{o.modusOperandi}</dd>
            <dt>{t('activeFrom')}</dt><dd>{w.date(o.activeFrom)} – {w.date(o.activeTo)}</dd>
            <dt>{t('cases')}</dt><dd>{(o.cases ?? []).map((c, i) => <span key={c.id}>{i > 0 && ', '}<a href={href('case', c.id)}>{c.id}</a></span>)}</dd>
          </dl>
          <h3>{t('legs')}</h3>
          <ol>
            {(o.legs ?? []).map((l, i) => <li key={i}>{place(l.from)} → {place(l.to)} ({w.enumValue('TransportMode', l.mode)})</li>)}
          </ol>
        </section>
      ))}
    </>
  );
}
