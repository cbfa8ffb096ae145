/** The frame: header (who, purpose, case reference, language), navigation, and the page the URL names. */
import { lazy, Suspense } from 'react';
import { Loading } from './components/States';
import { MembersProvider } from './components/Members';
import { AttentionBadge, AttentionStatus } from './components/AttentionBadge';
import { AttentionProvider } from './attention';
import { describePurpose } from './purposeCatalogue';
import { PurposeCatalogueProvider, usePurposeCatalogue } from './purposes';
import { LANG_NAMES, LANGS, useT, type Lang } from './i18n';
import { go, href, useRoute } from './router';
import { useSession } from './session';
import { useWords } from './words/words';
import { SignIn } from './pages/SignIn';
import { Purpose } from './pages/Purpose';
import { Search } from './pages/Search';
import { PersonPage } from './pages/PersonPage';
import { CasePage } from './pages/CasePage';
import { RoutePage } from './pages/RoutePage';
import { Inbox } from './pages/Inbox';
import { RequestPage } from './pages/RequestPage';
import { RequestForm } from './pages/RequestForm';
import { AuditLog, ForeignAccess } from './pages/Accountability';
import { TeamPage, TeamsPage } from './pages/Teams';

// cytoscape.js comes with the network view only, so the first page stays small.
const NetworkPage = lazy(() => import('./network/NetworkPage'));
// The check's name keys and curve arithmetic likewise come with its page only.
const CheckAbroad = lazy(() => import('./pages/CheckAbroad'));

/** `signInProblem`: why a provider's sign-in just failed, shown on the sign-in page. */
export function App({ signInProblem }: { signInProblem?: string } = {}) {
  const t = useT();
  const w = useWords();
  const session = useSession();
  const route = useRoute();
  const signedIn = Boolean(session.token && session.who);
  const purposeStated = Boolean(session.purpose && session.caseRef);
  const changingPurpose = route.page === 'purpose';

  let page;
  if (!signedIn) page = <SignIn problem={signInProblem} />;
  else if (!purposeStated || changingPurpose) page = <Purpose onDone={() => go(changingPurpose ? route.query.get('back') ?? href('search') : location.hash || href('search'))} />;
  else if (route.page === 'person' && route.id) page = <PersonPage key={route.id} id={route.id} />;
  else if (route.page === 'case' && route.id) page = <CasePage key={route.id} id={route.id} />;
  else if (route.page === 'route' && route.id) page = <RoutePage key={route.id} code={route.id} />;
  else if (route.page === 'network' && route.id) page = <Suspense fallback={<Loading />}><NetworkPage key={location.hash} id={route.id} routeCode={route.query.get('route') ?? undefined} /></Suspense>;
  else if (route.page === 'teams') page = <TeamsPage />;
  else if (route.page === 'team' && route.id) page = <TeamPage key={route.id} id={route.id} />;
  // 'hits': the page's address before it checked accounts and names too (a bookmark's number is not read: nothing identifying goes in an address).
  else if (route.page === 'check' || route.page === 'hits') page = <Suspense fallback={<Loading />}><CheckAbroad /></Suspense>;
  else if (route.page === 'cooperation' && route.id === 'new') page = <RequestForm key={location.hash} route={route} />;
  else if (route.page === 'cooperation' && route.id) page = <RequestPage key={route.id} id={route.id} />;
  else if (route.page === 'cooperation') page = <Inbox key={location.hash} route={route} />;
  else if (route.page === 'foreign-access') page = <ForeignAccess />;
  else if (route.page === 'audit') page = <AuditLog key={location.hash} route={route} />;
  else page = <Search key={location.hash} route={route} />;

  const frame = (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{t('skipToContent')}</a>
      <header className="top">
        <p className="brand"><a href={href('search')}>Enlace</a></p>
        {signedIn && purposeStated && (
          <nav aria-label={t('mainNav')}>
            <ul>
              <li><a href={href('search')} aria-current={route.page === 'search' || route.page === '' ? 'page' : undefined}>{t('navSearch')}</a></li>
              <li><a href={href('check')} aria-current={route.page === 'check' || route.page === 'hits' ? 'page' : undefined}>{t('navHits')}</a></li>
              <li><a href={href('cooperation')} aria-current={route.page === 'cooperation' ? 'page' : undefined}>{t('navInbox')}<AttentionBadge /></a></li>
              <li><a href={href('teams')} aria-current={route.page === 'teams' || route.page === 'team' ? 'page' : undefined}>{t('navTeams')}</a></li>
              {session.who?.roles.includes('prosecutor') && <li><a href={href('foreign-access')} aria-current={route.page === 'foreign-access' ? 'page' : undefined}>{t('navForeign')}</a></li>}
              {session.who?.roles.includes('auditor') && <li><a href={href('audit')} aria-current={route.page === 'audit' ? 'page' : undefined}>{t('navAudit')}</a></li>}
            </ul>
          </nav>
        )}
        {signedIn && purposeStated && <AttentionStatus />}
        <div className="session">
          {signedIn && session.who && (
            <p className="who" data-testid="who">
              {t('signedInAs', { who: `${session.who.country} ${session.who.roles.map((r) => w.value('Role', r)).join(', ')}` })}
              {purposeStated && (
                <> · <span data-testid="purpose"><PurposeWords purpose={session.purpose} /></span> · <span data-testid="case-ref">{session.caseRef}</span>{' '}
                  <a href={href('purpose', undefined, { back: location.hash || href('search') })}>{t('changePurpose')}</a></>
              )}
            </p>
          )}
          <label htmlFor="lang" className="visually-hidden">{t('language')}</label>
          <select id="lang" value={session.lang} onChange={(e) => session.setLang(e.target.value as Lang)}>
            {LANGS.map((l) => <option key={l} value={l} lang={l}>{LANG_NAMES[l]}</option>)}
          </select>
          {signedIn && <button type="button" className="secondary" onClick={() => { session.signOut(); go(href('search')); }}>{t('signOut')}</button>}
        </div>
      </header>
      {/* The audit log's and the inbox's columns need the whole width of a laptop's screen. */}
      <main id="main" tabIndex={-1} className={route.page === 'audit' || (route.page === 'cooperation' && !route.id) ? 'wide' : undefined}>{page}</main>
    </>
  );
  return signedIn ? <MembersProvider key={session.token}><PurposeCatalogueProvider><AttentionProvider>{frame}</AttentionProvider></PurposeCatalogueProvider></MembersProvider> : frame;
}

/** The session's purpose in words: a catalogue id as its label in the reader's language. */
function PurposeWords({ purpose }: { purpose: string }) {
  const { catalogue } = usePurposeCatalogue();
  return <>{describePurpose(catalogue, useSession().lang, purpose)}</>;
}
