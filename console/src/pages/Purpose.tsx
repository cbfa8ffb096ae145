/**
 * The purpose and case reference of this session, asked before any protected read; a JIT can be the case reference.
 * The purpose is picked from the network's catalogue (purposeCatalogue), "other" with a reason in words; while the
 * catalogue cannot be read (the secretariat down), it is typed.
 */
import { useState, type FormEvent } from 'react';
import { PageTitle } from '../components/PageTitle';
import { useT } from '../i18n';
import { useSession } from '../session';
import { useGql } from '../useGql';
import { labelOf, purposeText, readPurpose, type PurposeCatalogue } from '../purposeCatalogue';
import { usePurposeCatalogue } from '../purposes';

interface Team {
  id: string;
  name: string | null;
  memberCountries: string[] | null;
}

export function Purpose({ onDone }: { onDone: () => void }) {
  const t = useT();
  const session = useSession();
  const { catalogue, loading } = usePurposeCatalogue();
  const [purpose, setPurpose] = useState(session.purpose);
  // The picker's choice and the reason "other" needs; a purpose stated before in other words is shown as other.
  const [picked, setPicked] = useState<{ id: string; reason: string } | null>(null);
  const choice = picked ?? (catalogue ? pickedFrom(catalogue, session.purpose) : null);
  const [caseRef, setCaseRef] = useState(session.caseRef);
  const [problem, setProblem] = useState<string | null>(null);
  // A protected read like any other: asked only under a purpose already stated.
  const stated = Boolean(session.purpose && session.caseRef);
  const teams = useGql<{ jointInvestigationTeams: Team[] | null }>('query Teams { jointInvestigationTeams(status: ACTIVE) { id name memberCountries } }', {}, !stated);
  const activeTeams = teams.result?.data?.jointInvestigationTeams ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const c = caseRef.trim();
    if (catalogue && choice) {
      if (!choice.id || !c) return setProblem(t('purposeRequired'));
      if (choice.id === catalogue.other.id && choice.reason.trim().length < catalogue.minReasonLength) return setProblem(t('purposeReasonTooShort', { n: catalogue.minReasonLength }));
      session.statePurpose(purposeText(catalogue, choice.id, choice.reason), c);
      return onDone();
    }
    const p = purpose.trim();
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
        {catalogue && choice ? (
          <>
            <select id="purpose" value={choice.id} onChange={(e) => setPicked({ ...choice, id: e.target.value })} required>
              <option value="">{t('pickPurpose')}</option>
              {catalogue.purposes.map((p) => <option key={p.id} value={p.id}>{labelOf(p, session.lang)}</option>)}
              <option value={catalogue.other.id}>{labelOf(catalogue.other, session.lang)}</option>
            </select>
            {choice.id === catalogue.other.id && (
              <>
                <label htmlFor="purpose-reason">{t('purposeReason')}</label>
                <input id="purpose-reason" value={choice.reason} onChange={(e) => setPicked({ ...choice, reason: e.target.value })} required
                  maxLength={200 - catalogue.otherPrefix.length} aria-describedby="purpose-reason-hint" />
                <p id="purpose-reason-hint" className="muted">{t('purposeReasonHint', { n: catalogue.minReasonLength })}</p>
              </>
            )}
          </>
        ) : (
          <input id="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} required maxLength={200} disabled={loading} />
        )}
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

/** The picker's state for a purpose stated before: its id, or other with the text as the reason. */
function pickedFrom(catalogue: PurposeCatalogue, stated: string): { id: string; reason: string } {
  if (!stated) return { id: '', reason: '' };
  const read = readPurpose(catalogue, stated);
  if (read.kind === 'catalogue') return { id: read.purpose.id, reason: '' };
  return { id: catalogue.other.id, reason: read.kind === 'other' ? read.reason : read.text };
}
