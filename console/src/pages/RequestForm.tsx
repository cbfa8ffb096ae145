/** A new cooperation request, prefilled from a hit or a record (owner, subject, scope) and the session's purpose and case reference. */
import { useState, type FormEvent } from 'react';
import { gql, type GqlError } from '../graphql';
import { Errors } from '../components/States';
import { useMembers } from '../components/Members';
import { PageTitle } from '../components/PageTitle';
import { useT } from '../i18n';
import { go, href, type Route } from '../router';
import { useSession } from '../session';
import { GRANTABLE_RULES } from 'virtual:enlace-protocol';
import { valuesOf } from '../words/enums';
import { useWords } from '../words/words';

const FILE = 'mutation File($input: CooperationRequestInput!) { requestCooperation(input: $input) { id state deadline } }';

export function RequestForm({ route }: { route: Route }) {
  const t = useT();
  const w = useWords();
  const session = useSession();
  const members = useMembers().filter((m) => m.country !== session.who?.country);
  const [form, setForm] = useState({
    owner: route.query.get('owner') ?? '',
    subjects: route.query.get('subject') ?? '',
    scope: (route.query.get('scope') ?? 'person.identity').split(',').filter(Boolean),
    purpose: session.purpose,
    caseRef: session.caseRef,
    legalBasis: 'DIRECT_COOPERATION',
    legalInstrument: '',
    urgency: 'NORMAL',
    reason: '',
  });
  const [errors, setErrors] = useState<GqlError[]>([]);
  const [sending, setSending] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    const input = {
      owner: form.owner,
      subjects: form.subjects.split('\n').map((s) => s.trim()).filter(Boolean),
      scope: form.scope,
      purpose: form.purpose.trim(),
      caseRef: form.caseRef.trim(),
      legalBasis: form.legalBasis,
      ...(form.legalBasis === 'OTHER_INSTRUMENT' ? { legalInstrument: form.legalInstrument.trim() } : {}),
      urgency: form.urgency,
      reason: form.reason.trim(),
    };
    try {
      const result = await gql<{ requestCooperation: { id: string } | null }>(session.credentials, FILE, { input });
      const filed = result.data?.requestCooperation;
      if (filed) go(href('cooperation', filed.id));
      else setErrors(result.errors.length ? result.errors : [{ message: 'No request was filed' }]);
    } catch (err) {
      setErrors([{ message: String((err as Error).message ?? err) }]);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <PageTitle>{t('formTitle')}</PageTitle>
      <form onSubmit={submit} className="panel" aria-busy={sending}>
        <Errors errors={errors} />
        <label htmlFor="owner">{t('owner')}</label>
        <select id="owner" value={form.owner} onChange={(e) => set({ owner: e.target.value })} required>
          <option value="" />
          {members.map((m) => <option key={m.country} value={m.country}>{m.country} — {m.name}</option>)}
        </select>
        <label htmlFor="subjects">{t('subjects')}</label>
        <textarea id="subjects" rows={3} value={form.subjects} onChange={(e) => set({ subjects: e.target.value })} required aria-describedby="subjects-hint" spellCheck={false} />
        <p id="subjects-hint" className="muted">{t('subjectsHint')}</p>
        <fieldset>
          <legend>{t('scope')}</legend>
          {GRANTABLE_RULES.map((rule) => (
            <label key={rule} className="radio" title={w.rule(rule).description ?? undefined}>
              <input type="checkbox" value={rule} checked={form.scope.includes(rule)} onChange={(e) => set({ scope: e.target.checked ? [...form.scope, rule] : form.scope.filter((s) => s !== rule) })} /> {w.rule(rule).title}
            </label>
          ))}
        </fieldset>
        <label htmlFor="req-purpose">{t('purpose')}</label>
        <input id="req-purpose" value={form.purpose} onChange={(e) => set({ purpose: e.target.value })} required />
        <label htmlFor="req-case-ref">{t('caseRef')}</label>
        <input id="req-case-ref" value={form.caseRef} onChange={(e) => set({ caseRef: e.target.value })} required />
        <label htmlFor="legal-basis">{t('legalBasis')}</label>
        <select id="legal-basis" value={form.legalBasis} onChange={(e) => set({ legalBasis: e.target.value })}>
          {valuesOf('LegalBasis').map((b) => <option key={b} value={b}>{w.enumValue('LegalBasis', b)}</option>)}
        </select>
        {form.legalBasis === 'OTHER_INSTRUMENT' && (
          <>
            <label htmlFor="legal-instrument">{t('legalInstrument')}</label>
            <input id="legal-instrument" value={form.legalInstrument} onChange={(e) => set({ legalInstrument: e.target.value })} required />
          </>
        )}
        <label htmlFor="urgency">{t('urgency')}</label>
        <select id="urgency" value={form.urgency} onChange={(e) => set({ urgency: e.target.value })}>
          {valuesOf('CooperationUrgency').map((u) => <option key={u} value={u}>{w.enumValue('CooperationUrgency', u)}</option>)}
        </select>
        <label htmlFor="req-reason">{t('reason')}</label>
        <textarea id="req-reason" rows={3} value={form.reason} onChange={(e) => set({ reason: e.target.value })} required />
        <button type="submit" disabled={sending}>{t('file')}</button>
      </form>
    </>
  );
}
