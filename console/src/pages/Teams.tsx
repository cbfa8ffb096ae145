/**
 * The JIT workspace: the caller's joint investigation teams, and one team's cases with their
 * persons. A team's cases are read with the team's id as the case reference (the owners check
 * that the team is active and holds the case and the caller's country), so working in a team
 * states that case reference for the session, visibly in the header, as the purpose page would.
 */
import { Errors, Failure, Loading } from '../components/States';
import { Field, WithheldProvider } from '../components/Withheld';
import { Owner } from '../components/Owner';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { useT } from '../i18n';
import { otherErrors, withheldFields } from '../outcome';
import { go, href } from '../router';
import { useSession } from '../session';
import { useGql } from '../useGql';
import { useWords } from '../words/words';

interface Team {
  id: string;
  name: string | null;
  status: string | null;
  purpose: string | null;
  memberCountries: string[] | null;
  startsOn: string | null;
  endsOn: string | null;
}

interface TeamCase {
  id: string;
  country: string;
  reference: string | null;
  offences: string[] | null;
  status: string | null;
  involved: { category: string | null; person: { id: string; country: string; fullName: string | null; ageBand: string | null } | null }[] | null;
}

const TEAM_FIELDS = 'id name status purpose memberCountries startsOn endsOn';

/** Makes the team's id the session's case reference (keeping the purpose) and opens its workspace. */
function useWorkInTeam(): (id: string) => void {
  const session = useSession();
  return (id) => {
    session.statePurpose(session.purpose, id);
    go(href('team', id));
  };
}

export function TeamsPage() {
  const t = useT();
  const w = useWords();
  const work = useWorkInTeam();
  const read = useGql<{ jointInvestigationTeams: Team[] | null }>(`query Teams { jointInvestigationTeams { ${TEAM_FIELDS} } }`);
  if (read.loading) return <Loading />;
  if (read.failure) return <Failure reason={read.failure} retry={read.reload} />;
  const teams = read.result?.data?.jointInvestigationTeams ?? [];
  return (
    <>
      <PageTitle>{t('teamsTitle')}</PageTitle>
      <Errors errors={otherErrors(read.result?.errors ?? [])} />
      <p className="muted">{t('workInTeamHint')}</p>
      {teams.length === 0 ? <p>{t('noTeams')}</p> : (
        <ul className="results">
          {teams.map((j) => (
            <li key={j.id} className="card" data-id={j.id}>
              <h2><a href={href('team', j.id)}>{j.name ?? j.id}</a></h2>
              <p className="muted"><code>{j.id}</code> · {w.enumValue('JitStatus', j.status)} · {t('memberCountries')}: {(j.memberCountries ?? []).join(', ')} · {t('period')}: {w.date(j.startsOn)} – {w.date(j.endsOn)}</p>
              {j.purpose && <p>{j.purpose}</p>}
              <button type="button" onClick={() => work(j.id)} aria-label={`${t('workInTeam')}: ${j.name ?? j.id}`}>{t('workInTeam')}</button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function TeamPage({ id }: { id: string }) {
  const t = useT();
  const w = useWords();
  const { caseRef } = useSession();
  const work = useWorkInTeam();
  const inTeam = caseRef === id;
  // Read only under the team's case reference: the same page under another reference would show less and mislead.
  const read = useGql<{ jointInvestigationTeam: (Team & { cases: (TeamCase | null)[] | null }) | null }>(
    `query Team($id: ID!) { jointInvestigationTeam(id: $id) { ${TEAM_FIELDS}
      cases { id country reference offences status involved { category person { id country fullName ageBand } } } } }`,
    { id },
    !inTeam,
  );
  if (!inTeam) {
    return (
      <>
        <PageTitle>{t('teamTitle', { name: id })}</PageTitle>
        <p>{t('teamCaseRefNeeded')}</p>
        <p className="muted">{t('workInTeamHint')}</p>
        <button type="button" onClick={() => work(id)}>{t('workInTeam')}</button>
      </>
    );
  }
  if (read.loading) return <Loading />;
  if (read.failure) return <Failure reason={read.failure} retry={read.reload} />;
  const team = read.result?.data?.jointInvestigationTeam;
  const errors = read.result?.errors ?? [];
  if (!team) {
    return (
      <>
        <PageTitle>{t('teamTitle', { name: id })}</PageTitle>
        <Errors errors={otherErrors(errors)} />
        <p>{t('notFound')}</p>
      </>
    );
  }
  const at = (...path: (string | number)[]) => ['jointInvestigationTeam', ...path];
  return (
    <WithheldProvider withheld={withheldFields(errors)}>
      <PageTitle>{t('teamTitle', { name: team.name ?? team.id })}</PageTitle>
      <p className="record-id"><code>{team.id}</code> · {w.enumValue('JitStatus', team.status)} · {t('memberCountries')}: {(team.memberCountries ?? []).map((c, i) => <span key={c}>{i > 0 && ' '}<Owner country={c} compact /></span>)} · {t('period')}: {w.date(team.startsOn)} – {w.date(team.endsOn)}</p>
      {team.purpose && <p>{team.purpose}</p>}
      <Errors errors={otherErrors(errors)} />
      <section className="panel" aria-labelledby="team-cases">
        <h2 id="team-cases">{t('cases')}</h2>
        <TableWrap label={t('cases')}>
          <table data-testid="team-cases">
            <thead><tr><th scope="col">{t('caseTitle')}</th><th scope="col">{t('owner')}</th><th scope="col">{t('offences')}</th><th scope="col">{t('status')}</th><th scope="col">{t('involved')}</th></tr></thead>
            <tbody>
              {(team.cases ?? []).map((c, i) => c ? (
                <tr key={c.id} data-id={c.id} data-country={c.country}>
                  <td><a href={href('case', c.id)}><Field at={at('cases', i, 'reference')} value={c.reference ?? c.id} /></a><br /><a href={href('network', c.id)} className="small">{t('networkView')}</a></td>
                  <td><Owner country={c.country} compact /></td>
                  <td><Field at={at('cases', i, 'offences')} value={c.offences?.map((o) => w.enumValue('Offence', o))} /></td>
                  <td><Field at={at('cases', i, 'status')} value={c.status} show={(v) => w.enumValue('CaseStatus', String(v))} /></td>
                  <td>{c.involved === null ? <Field at={at('cases', i, 'involved')} value={null} /> : (
                    <ul className="plain">
                      {c.involved.map((inv, k) => (
                        <li key={inv.person?.id ?? k}>{w.enumValue('PersonCategory', inv.category)}: {inv.person
                          ? <a href={href('person', inv.person.id)}><Field at={at('cases', i, 'involved', k, 'person', 'fullName')} value={inv.person.fullName} /></a>
                          : <Field at={at('cases', i, 'involved', k, 'person')} value={null} />}</li>
                      ))}
                    </ul>
                  )}</td>
                </tr>
              ) : (
                <tr key={`withheld-${i}`}><td colSpan={5}><Field at={at('cases', i)} value={null} /></td></tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </WithheldProvider>
  );
}
