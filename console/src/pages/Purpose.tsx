/** The purpose and case reference of this session, asked before any protected read; a JIT can be the case reference. */
import { useState, type FormEvent } from 'react';
import { PageTitle } from '../components/PageTitle';
import { useT } from '../i18n';
import { useSession } from '../session';
import { useGql } from '../useGql';

interface Team {
  id: string;
  name: string | null;
  memberCountries: string[] | null;
}

export function Purpose({ onDone }: { onDone: () => void }) {
  const t = useT();
  const session = useSession();
  const [purpose, setPurpose] = useState(session.purpose);
  const [caseRef, setCaseRef] = useState(session.caseRef);
  const [problem, setProblem] = useState<string | null>(null);
  // A protected read like any other: asked only under a purpose already stated.
  const stated = Boolean(session.purpose && session.caseRef);
  const teams = useGql<{ jointInvestigationTeams: Team[] | null }>('query Teams { jointInvestigationTeams(status: ACTIVE) { id name memberCountries } }', {}, !stated);
  const activeTeams = teams.result?.data?.jointInvestigationTeams ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const p = purpose.trim();
    const c = caseRef.trim();
    if (!p || !c) return setProblem(t('purposeRequired'));
    session.statePurpose(p, c);
    onDone();
  };

  return (
    <>
      <PageTitle>{t('purposeTitle')}</PageTitle>
      <p className="muted">{t('purposeHint')}</p>
      <form onSubmit={submit} className="panel" noValidate>
        {problem && <p role="alert" className="error">{problem}</p>}
        <label htmlFor="purpose">{t('purpose')}</label>
        <input id="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} required maxLength={200} />
        <label htmlFor="case-ref">{t('caseRef')}</label>
        <input id="case-ref" value={caseRef} onChange={(e) => setCaseRef(e.target.value)} required maxLength={100} />
        {activeTeams.length > 0 && (
          <>
            <label htmlFor="jit">{t('jit')}</label>
            <select id="jit" value={activeTeams.some((j) => j.id === caseRef) ? caseRef : ''} onChange={(e) => e.target.value && setCaseRef(e.target.value)} aria-describedby="jit-hint">
              <option value="">{t('noJit')}</option>
              {activeTeams.map((j) => <option key={j.id} value={j.id}>{j.name ?? j.id} ({(j.memberCountries ?? []).join(', ')})</option>)}
            </select>
            <p id="jit-hint" className="muted">{t('jitHint')}</p>
          </>
        )}
        {!stated && <p className="muted">{t('jitLater')}</p>}
        <button type="submit">{t('statePurpose')}</button>
      </form>
    </>
  );
}
