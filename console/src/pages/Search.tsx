/**
 * Search across the network: persons, cases or routes, every member asked at once, a page
 * at a time (the API's page fields). The search lives in the URL (#/search?kind=persons&name=Quispe),
 * so Back returns to it; the strip says what each member answered and how many it holds for
 * the search (or "more than N"), with more from that member on request, and "Load more" below
 * the results asks every member holding more; withheld fields say who withheld them and why.
 * Persons the secretariat confirmed to be one person (links the caller may know of) are one result,
 * each country's record beside the others under its owner's rules. Searches can be saved (this browser).
 */
import { useState, type FormEvent } from 'react';
import { Errors, Empty, Failure, Loading } from '../components/States';
import { Field, WithheldProvider } from '../components/Withheld';
import { LoadMore } from '../components/LoadMore';
import { MemberStrip } from '../components/MemberStrip';
import { useMembers } from '../components/Members';
import { Owner } from '../components/Owner';
import { PageTitle } from '../components/PageTitle';
import { SavedSearches } from '../components/SavedSearches';
import { TableWrap } from '../components/TableWrap';
import { place, type Place } from '../format';
import { useT, type Key } from '../i18n';
import { memberOutcomes, otherErrors, withheldFields } from '../outcome';
import { documentWords } from '../records/person';
import { go, href, type Route } from '../router';
import { groupByLinks, type Placed } from '../samePerson';
import { usePages } from '../usePages';
import { useSession } from '../session';
import { valuesOf, type EnumName } from '../words/enums';
import { useWords } from '../words/words';

type Kind = 'persons' | 'cases' | 'routes';
const KINDS: Kind[] = ['persons', 'cases', 'routes'];

interface FilterField {
  name: string;
  label: Key;
  /** The schema enum whose values the field offers, in words. */
  options?: EnumName;
  type?: 'date';
}

const FILTERS: Record<Kind, FilterField[]> = {
  persons: [{ name: 'name', label: 'name' }, { name: 'documentNumber', label: 'documentNumber' }, { name: 'nationality', label: 'nationality' }, { name: 'category', label: 'category', options: 'PersonCategory' }],
  cases: [{ name: 'offence', label: 'offence', options: 'Offence' }, { name: 'status', label: 'status', options: 'CaseStatus' }, { name: 'place', label: 'place' }, { name: 'openedFrom', label: 'openedFrom', type: 'date' }, { name: 'openedTo', label: 'openedTo', type: 'date' }],
  routes: [{ name: 'place', label: 'place' }, { name: 'mode', label: 'mode', options: 'TransportMode' }, { name: 'activeFrom', label: 'activeFrom', type: 'date' }, { name: 'activeTo', label: 'activeTo', type: 'date' }],
};

const PAGE = 20;
/** What every page field answers besides its items. */
const PAGING = 'members { country count countCapped returned hasNextPage endCursor } hasNextPage endCursor';

const QUERIES: Record<Kind, string> = {
  persons: `query SearchPersons($filter: PersonFilter, $countries: [String!], $after: String) { personsPage(filter: $filter, countries: $countries, first: ${PAGE}, after: $after) {
    items { id country fullName aliases dateOfBirth nationalities documents { type number issuingCountry }
    cases { id offences status involved { category person { id country fullName } } }
    linkedRecords { id country fullName } } ${PAGING} } }`,
  cases: `query SearchCases($filter: CaseFilter, $after: String) { casesPage(filter: $filter, first: ${PAGE}, after: $after) {
    items { id country reference offences status openedOn closedOn handlingCode summary } ${PAGING} } }`,
  routes: `query SearchRoutes($filter: RouteFilter, $after: String) { routesPage(filter: $filter, first: ${PAGE}, after: $after) {
    items { code observations { id country origin { country locality } destination { country locality } modusOperandi activeFrom activeTo } } ${PAGING} } }`,
};

interface PersonHit {
  id: string;
  country: string;
  fullName: string | null;
  aliases: string[] | null;
  dateOfBirth: string | null;
  nationalities: string[] | null;
  documents: { type: string | null; number: string | null; issuingCountry: string | null }[] | null;
  cases: { id: string; offences: string[] | null; status: string | null; involved: { category: string | null; person: { id: string; country: string; fullName: string | null } | null }[] | null }[] | null;
  /** Records of other members confirmed to be the same person (null: one the caller may not know of). */
  linkedRecords: ({ id: string; country: string; fullName: string | null } | null)[] | null;
}
interface CaseHit { id: string; country: string; reference: string | null; offences: string[] | null; status: string | null; openedOn: string | null; closedOn: string | null; handlingCode: string | null; summary: string | null }
interface RouteHit { code: string; observations: { id: string; country: string; origin: Place | null; destination: Place | null; modusOperandi: string | null; activeFrom: string | null; activeTo: string | null }[] | null }
type Hit = PersonHit | CaseHit | RouteHit;

export function Search({ route }: { route: Route }) {
  const t = useT();
  const w = useWords();
  const members = useMembers();
  const kind: Kind = KINDS.includes(route.query.get('kind') as Kind) ? (route.query.get('kind') as Kind) : 'persons';
  const asked = route.query.get('go') === '1';
  const filter = Object.fromEntries(FILTERS[kind].map((f) => [f.name, route.query.get(f.name)?.trim()]).filter(([, v]) => v));
  // Errors are moved under the kind's name (persons, …) at the item's place among every page read.
  // A document number in clear goes to the caller's own member alone (the gateway asks for it): abroad, "Check abroad" asks by pseudonym.
  const own = useSession().who?.country;
  const variables = kind === 'persons' && filter.documentNumber && own ? { filter, countries: [own] } : { filter };
  const read = usePages<Hit>(QUERIES[kind], `${kind}Page`, kind, variables, !asked);
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(FILTERS[kind].map((f) => [f.name, route.query.get(f.name) ?? ''])));
  const [draftKind, setDraftKind] = useState<Kind>(kind);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = Object.fromEntries(FILTERS[draftKind].map((f) => [f.name, draft[f.name] ?? '']).filter(([, v]) => v.trim()));
    go(href('search', undefined, { kind: draftKind, ...values, go: '1' }));
  };

  const records = read.items;

  return (
    <>
      <PageTitle>{t('searchTitle')}</PageTitle>
      <form onSubmit={submit} className="panel search-form" role="search">
        <fieldset className="kinds">
          <legend>{t('kind')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="radio">
              <input type="radio" name="kind" value={k} checked={draftKind === k} onChange={() => setDraftKind(k)} /> {t(k)}
            </label>
          ))}
        </fieldset>
        <div className="grid">
          {FILTERS[draftKind].map((f) => (
            <div key={`${draftKind}-${f.name}`} className="control">
              <label htmlFor={`f-${f.name}`}>{t(f.label)}</label>
              {f.options ? (
                <select id={`f-${f.name}`} value={draft[f.name] ?? ''} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })}>
                  <option value="">{t('any')}</option>
                  {valuesOf(f.options).map((o) => <option key={o} value={o}>{w.enumValue(f.options!, o)}</option>)}
                </select>
              ) : (
                <input id={`f-${f.name}`} type={f.type ?? 'search'} value={draft[f.name] ?? ''} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })} />
              )}
            </div>
          ))}
        </div>
        <button type="submit">{t('search')}</button>
      </form>
      <SavedSearches key={location.hash} current={asked ? location.hash : undefined} />
      {asked && read.loading && <Loading />}
      {asked && read.failure && <Failure reason={read.failure} retry={read.reload} />}
      {asked && !read.loading && !read.failure && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t('results')}</h2>
          <MemberStrip outcomes={memberOutcomes(members.map((m) => m.country), read.errors, new Map(), read.members)} onMore={read.loadMore} busy={read.loadingMore} />
          <Errors errors={otherErrors(read.errors)} />
          <WithheldProvider withheld={withheldFields(read.errors)}>
            {records && records.length === 0 && <Empty />}
            {kind === 'persons' && <PersonResults persons={(records as PersonHit[] | null) ?? []} />}
            {kind === 'cases' && <CaseResults cases={(records as CaseHit[] | null) ?? []} />}
            {kind === 'routes' && <RouteResults routes={(records as RouteHit[] | null) ?? []} />}
          </WithheldProvider>
          <LoadMore pages={read} />
        </section>
      )}
    </>
  );
}

function PersonResults({ persons }: { persons: PersonHit[] }) {
  const t = useT();
  const groups = groupByLinks(persons, (i) => ['persons', i]);
  return (
    <ol className="results">
      {groups.map((g) => {
        if (g.results.length === 1 && !g.elsewhere.length) {
          const [only] = g.results;
          return <li key={only.record.id} className="card record" data-id={only.record.id} data-country={only.record.country}><PersonCard hit={only} /></li>;
        }
        const countries = [...new Set([...g.results, ...g.elsewhere].map((p) => p.record.country))].sort();
        return (
          <li key={g.results[0].record.id} className="card person-group" data-group={g.results.map((p) => p.record.id).join(' ')}>
            <h3>{t('samePersonGroup', { countries: countries.join(', ') })}</h3>
            <ul className="group-records">
              {g.results.map((p) => <li key={p.record.id} className="record" data-id={p.record.id} data-country={p.record.country}><PersonCard hit={p} nested /></li>)}
            </ul>
            {g.elsewhere.length > 0 && (
              <p className="elsewhere">{t('alsoConfirmed')}{' '}
                {g.elsewhere.map((p, k) => (
                  <span key={p.record.id} data-id={p.record.id}>
                    <a href={href('person', p.record.id)}><Field at={[...p.at, 'fullName']} value={p.record.fullName ?? p.record.id} /></a> <Owner country={p.record.country} compact />
                    {k < g.elsewhere.length - 1 ? '; ' : ''}
                  </span>
                ))}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** One member's record among the results, as its owner answered. */
function PersonCard({ hit, nested = false }: { hit: Placed<PersonHit>; nested?: boolean }) {
  const t = useT();
  const w = useWords();
  const { record: p, at } = hit;
  const Heading = nested ? 'h4' : 'h3';
  return (
    <>
      <Heading><a href={href('person', p.id)}><Field at={[...at, 'fullName']} value={p.fullName} /></a> <Owner country={p.country} /></Heading>
      <dl className="facts">
        <dt>{t('aliases')}</dt><dd><Field at={[...at, 'aliases']} value={p.aliases} /></dd>
        <dt>{t('dateOfBirth')}</dt><dd><Field at={[...at, 'dateOfBirth']} value={p.dateOfBirth} show={(v) => w.date(String(v))} /></dd>
        <dt>{t('nationalities')}</dt><dd><Field at={[...at, 'nationalities']} value={p.nationalities} /></dd>
        <dt>{t('documents')}</dt><dd><Field at={[...at, 'documents']} value={p.documents?.map((d) => documentWords(w, d))} /></dd>
      </dl>
      {(p.cases ?? []).length > 0 && (
        <ul className="case-lines">
          {(p.cases ?? []).map((c, j) => (
            <li key={c.id}>
              <a href={href('case', c.id)}>{c.id}</a> {(c.offences ?? []).map((o) => w.enumValue('Offence', o)).join(', ')} · {w.enumValue('CaseStatus', c.status)} — {t('involved')}:{' '}
              {(c.involved ?? []).map((inv, k) => (
                <span key={k} className="involved">
                  {w.enumValue('PersonCategory', inv.category)}: {inv.person ? <a href={href('person', inv.person.id)}><Field at={[...at, 'cases', j, 'involved', k, 'person', 'fullName']} value={inv.person.fullName} /></a> : <Field at={[...at, 'cases', j, 'involved', k, 'person']} value={null} />}
                  {k < (c.involved ?? []).length - 1 ? '; ' : ''}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CaseResults({ cases }: { cases: CaseHit[] }) {
  const t = useT();
  const w = useWords();
  return (
    <TableWrap label={t('cases')}>
      <table>
        <thead><tr><th scope="col">{t('caseTitle')}</th><th scope="col">{t('owner')}</th><th scope="col">{t('offences')}</th><th scope="col">{t('status')}</th><th scope="col">{t('openedOn')}</th><th scope="col">{t('handling')}</th><th scope="col">{t('summary')}</th></tr></thead>
        <tbody>
          {cases.map((c, i) => (
            <tr key={c.id} data-id={c.id}>
              <td><a href={href('case', c.id)}><Field at={['cases', i, 'reference']} value={c.reference ?? c.id} /></a></td>
              <td><Owner country={c.country} compact /></td>
              <td><Field at={['cases', i, 'offences']} value={c.offences?.map((o) => w.enumValue('Offence', o))} /></td>
              <td><Field at={['cases', i, 'status']} value={c.status} show={(v) => w.enumValue('CaseStatus', String(v))} /></td>
              <td><Field at={['cases', i, 'openedOn']} value={c.openedOn} show={(v) => w.date(String(v))} /></td>
              <td><Field at={['cases', i, 'handlingCode']} value={c.handlingCode} show={(v) => w.handling(String(v))} /></td>
              <td className="summary"><Field at={['cases', i, 'summary']} value={c.summary} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function RouteResults({ routes }: { routes: RouteHit[] }) {
  const t = useT();
  const w = useWords();
  return (
    <TableWrap label={t('routes')}>
      <table>
        <thead><tr><th scope="col">{t('routeCode')}</th><th scope="col">{t('owner')}</th><th scope="col">{t('origin')}</th><th scope="col">{t('destination')}</th><th scope="col">{t('modusOperandi')}</th><th scope="col">{t('activeFrom')}</th></tr></thead>
        <tbody>
          {routes.flatMap((r) => (r.observations ?? []).map((o, j) => (
            <tr key={o.id} data-code={r.code}>
              {j === 0 && <th scope="row" rowSpan={r.observations?.length}><a href={href('route', r.code)}>{r.code}</a></th>}
              <td><Owner country={o.country} compact /></td>
              <td>{place(o.origin)}</td>
              <td>{place(o.destination)}</td>
              <td>{o.modusOperandi}</td>
              <td>{w.date(o.activeFrom)}</td>
            </tr>
          )))}
        </tbody>
      </table>
    </TableWrap>
  );
}
