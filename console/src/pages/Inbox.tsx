/**
 * The cooperation inbox: the caller's requests as requester and its country's as owner, by state, overdue ones
 * flagged; earliest deadline first, a page at a time; each with its subjects as the caller may see them and its
 * case reference. Opening it marks what it holds as seen (the header's badge of new requests clears).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useAttention } from '../attention';
import { LoadMore } from '../components/LoadMore';
import { Errors, Empty, Failure, Loading } from '../components/States';
import { Owner } from '../components/Owner';
import { Subject, type RequestSubject } from '../components/Subject';
import { Field, WithheldProvider } from '../components/Withheld';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { useT } from '../i18n';
import { otherErrors, withheldFields, withheldSubjects } from '../outcome';
import { go, href, type Route } from '../router';
import { usePages } from '../usePages';
import { valuesOf } from '../words/enums';
import { useWords } from '../words/words';

const QUERY = `query Inbox($filter: CooperationFilter, $after: String) { cooperationRequestsPage(filter: $filter, first: 50, after: $after) {
  items { id state overdue requesterCountry owner urgency legalBasis filedAt deadline scope caseRef
  subjects { given kind person { id fullName } case { id reference } } } count countCapped hasNextPage endCursor } }`;

interface Request {
  id: string;
  state: string | null;
  overdue: boolean | null;
  requesterCountry: string | null;
  owner: string | null;
  urgency: string | null;
  legalBasis: string | null;
  filedAt: string | null;
  deadline: string | null;
  scope: string[] | null;
  caseRef: string | null;
  subjects: RequestSubject[] | null;
}

export function Inbox({ route }: { route: Route }) {
  const t = useT();
  const w = useWords();
  const role = route.query.get('role') ?? '';
  const state = route.query.get('state') ?? '';
  const overdue = route.query.get('overdue') === '1';
  const filter = { ...(role ? { role } : {}), ...(state ? { state } : {}), ...(overdue ? { overdue: true } : {}) };
  const read = usePages<Request>(QUERY, 'cooperationRequestsPage', 'cooperationRequests', { filter });
  const [draft, setDraft] = useState({ role, state, overdue });
  const { markSeen } = useAttention();
  useEffect(markSeen, [markSeen]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    go(href('cooperation', undefined, { ...(draft.role ? { role: draft.role } : {}), ...(draft.state ? { state: draft.state } : {}), ...(draft.overdue ? { overdue: '1' } : {}) }));
  };
  const requests = read.items;
  // Withheld fields of the owners' records (FORBIDDEN at their paths), each by its owner; the secretariat's own (cooperation.detail) by XS.
  const withheld = withheldFields(read.errors, (path) => (path[2] === 'subjects' && path.length > 4 ? requests?.[Number(path[1])]?.owner ?? undefined : 'XS'));
  const errors = otherErrors(read.errors);
  // An owner that did not answer for a subject's record (MEMBER_UNAVAILABLE at or under its path).
  const unavailableAt = (at: readonly (string | number)[]) =>
    read.errors.some((e) => e.extensions?.code === 'MEMBER_UNAVAILABLE' && at.every((part, n) => e.path?.[n] === part));

  return (
    <>
      <PageTitle>{t('inboxTitle')}</PageTitle>
      <p><a className="button" href={href('cooperation', 'new')}>{t('newRequest')}</a></p>
      <form onSubmit={submit} className="panel grid">
        <div className="control">
          <label htmlFor="role">{t('role')}</label>
          <select id="role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
            <option value="">{t('any')}</option>
            {valuesOf('CooperationRole').map((r) => <option key={r} value={r}>{w.enumValue('CooperationRole', r)}</option>)}
          </select>
        </div>
        <div className="control">
          <label htmlFor="state">{t('state')}</label>
          <select id="state" value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })}>
            <option value="">{t('any')}</option>
            {valuesOf('CooperationState').map((s) => <option key={s} value={s}>{w.enumValue('CooperationState', s)}</option>)}
          </select>
        </div>
        <div className="control checkbox">
          <input id="overdue" type="checkbox" checked={draft.overdue} onChange={(e) => setDraft({ ...draft, overdue: e.target.checked })} />
          <label htmlFor="overdue">{t('overdueOnly')}</label>
        </div>
        <div className="control"><button type="submit">{t('search')}</button></div>
      </form>
      {read.loading && <Loading />}
      {read.failure && <Failure reason={read.failure} retry={read.reload} />}
      {!read.loading && !read.failure && (
        <>
          <Errors errors={errors} />
          {requests?.length === 0 && <Empty />}
          {requests && requests.length > 0 && (
            <WithheldProvider withheld={withheld}>
            <TableWrap label={t('inboxTitle')}>
              <table className="inbox">
                <thead><tr><th scope="col">Id</th><th scope="col">{t('state')}</th><th scope="col">{t('requester')}</th><th scope="col">{t('owner')}</th><th scope="col">{t('subjects')}</th><th scope="col">{t('caseRef')}</th><th scope="col">{t('urgency')}</th><th scope="col">{t('scope')}</th><th scope="col">{t('filedAt')}</th><th scope="col">{t('deadline')}</th></tr></thead>
                <tbody>
                  {requests.map((r, i) => (
                    <tr key={r.id} data-id={r.id} className={r.overdue ? 'overdue' : undefined}>
                      <td><a href={href('cooperation', r.id)}>{r.id}</a></td>
                      <td>{w.enumValue('CooperationState', r.state)}{r.overdue && r.state !== 'OVERDUE' ? <strong className="warning-text"> · {t('overdue')}</strong> : null}</td>
                      <td>{r.requesterCountry && <Owner country={r.requesterCountry} compact />}</td>
                      <td>{r.owner && <Owner country={r.owner} compact />}</td>
                      <td data-testid="subjects">
                        {r.subjects ? (
                          <ul className="plain">
                            {r.subjects.map((s, j) => (
                              <li key={s.given}>
                                <Subject subject={s} owner={r.owner} at={['cooperationRequests', i, 'subjects', j]}
                                  reason={withheldSubjects(read.errors, ['cooperationRequests', i]).get(j)} unavailable={unavailableAt(['cooperationRequests', i, 'subjects', j])} />
                              </li>
                            ))}
                          </ul>
                        ) : <Field at={['cooperationRequests', i, 'subjects']} value={null} />}
                      </td>
                      <td data-testid="case-ref"><Field at={['cooperationRequests', i, 'caseRef']} value={r.caseRef} /></td>
                      <td>{w.enumValue('CooperationUrgency', r.urgency)}</td>
                      <td>{r.scope?.map((s) => w.rule(s).title).join('; ')}</td>
                      <td>{w.dateTime(r.filedAt)}</td>
                      <td>{w.dateTime(r.deadline)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            </WithheldProvider>
          )}
          <LoadMore pages={read} />
        </>
      )}
    </>
  );
}
