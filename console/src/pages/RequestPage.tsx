/**
 * One cooperation request: what was asked, of whom, why, its history, and what this caller
 * may do next: the owner decides (grant, partial, refuse, ask more), the requester answers
 * or withdraws, either side revokes a grant. The secretariat decides who may do what.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { gql, type GqlError } from '../graphql';
import { Errors, Failure, Loading } from '../components/States';
import { Field, WithheldProvider } from '../components/Withheld';
import { Owner } from '../components/Owner';
import { Subject } from '../components/Subject';
import { PageTitle } from '../components/PageTitle';
import { useT } from '../i18n';
import { otherErrors, withheldFields, withheldSubjects } from '../outcome';
import { useSession } from '../session';
import { useGql } from '../useGql';
import { valuesOf } from '../words/enums';
import { useWords } from '../words/words';

const QUERY = `query Request($id: ID!) { cooperationRequest(id: $id) {
  id state overdue requesterCountry owner legalBasis legalInstrument urgency filedAt deadline decidedAt
  requester scope purpose caseRef reason decision decisionReason
  subjects { given kind person { id country fullName } case { id country reference } }
  grant { id scope subjects expiresOn conditions handlingCode revokedAt revokedBy }
  history { at by kind text } } }`;

const RESULT = 'id state';
const DECIDE = `mutation Decide($id: ID!, $decision: CooperationDecision!, $grant: CooperationGrantInput, $reason: String) { decideCooperationRequest(id: $id, decision: $decision, grant: $grant, reason: $reason) { ${RESULT} } }`;
const ANSWER = `mutation Answer($id: ID!, $answer: String!) { answerCooperationRequest(id: $id, answer: $answer) { ${RESULT} } }`;
const WITHDRAW = `mutation Withdraw($id: ID!, $reason: String) { withdrawCooperationRequest(id: $id, reason: $reason) { ${RESULT} } }`;
const REVOKE = `mutation Revoke($id: ID!, $reason: String) { revokeGrant(id: $id, reason: $reason) { ${RESULT} } }`;

const UNDECIDED = ['FILED', 'AWAITING_OWNER', 'OVERDUE'];
const GRANTED = ['GRANTED', 'PARTLY_GRANTED'];

interface Request {
  id: string;
  state: string | null;
  overdue: boolean | null;
  requesterCountry: string | null;
  owner: string | null;
  legalBasis: string | null;
  legalInstrument: string | null;
  urgency: string | null;
  filedAt: string | null;
  deadline: string | null;
  decidedAt: string | null;
  requester: string | null;
  scope: string[] | null;
  purpose: string | null;
  caseRef: string | null;
  reason: string | null;
  decision: string | null;
  decisionReason: string | null;
  subjects: { given: string; kind: string; person: { id: string; country: string; fullName: string | null } | null; case: { id: string; country: string; reference: string | null } | null }[] | null;
  grant: { id: string; scope: string[]; subjects: string[]; expiresOn: string; conditions: string | null; handlingCode: string | null; revokedAt: string | null; revokedBy: string | null } | null;
  history: { at: string; by: string; kind: string; text: string | null }[] | null;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function RequestPage({ id }: { id: string }) {
  const t = useT();
  const w = useWords();
  const { credentials, who } = useSession();
  const read = useGql<{ cooperationRequest: Request | null }>(QUERY, { id });
  const [acting, setActing] = useState<{ errors: GqlError[]; done: boolean } | null>(null);

  const act = async (mutation: string, variables: Record<string, unknown>) => {
    setActing(null);
    try {
      const result = await gql(credentials, mutation, { id, ...variables });
      setActing({ errors: result.errors, done: result.errors.length === 0 });
      read.reload();
    } catch (err) {
      setActing({ errors: [{ message: String((err as Error).message ?? err) }], done: false });
    }
  };

  if (read.loading && !read.result) return <Loading />;
  if (read.failure) return <Failure reason={read.failure} retry={read.reload} />;
  const r = read.result?.data?.cooperationRequest;
  const errors = read.result?.errors ?? [];
  if (!r) {
    return (
      <>
        <PageTitle>{t('requestTitle', { id })}</PageTitle>
        <Errors errors={otherErrors(errors)} />
        <p>{t('notFound')}</p>
      </>
    );
  }
  const mine = who?.country;
  const ownerSide = mine === r.owner;
  const requesterSide = mine === r.requesterCountry;
  const at = (...path: (string | number)[]) => ['cooperationRequest', ...path];
  const subjectsWithheld = withheldSubjects(errors);

  return (
    <WithheldProvider withheld={withheldFields(errors)}>
      <PageTitle>{t('requestTitle', { id: r.id })}</PageTitle>
      <Errors errors={otherErrors(errors)} />
      <section className="panel" aria-labelledby="req-facts">
        <h2 id="req-facts" data-state={r.state ?? undefined}>{w.enumValue('CooperationState', r.state)}{r.overdue && r.state !== 'OVERDUE' ? ` · ${t('overdue')}` : ''}</h2>
        <dl className="facts">
          <dt>{t('requester')}</dt><dd>{r.requesterCountry && <Owner country={r.requesterCountry} />} {r.requester}</dd>
          <dt>{t('owner')}</dt><dd>{r.owner && <Owner country={r.owner} />}</dd>
          <dt>{t('scope')}</dt><dd><Field at={at('scope')} value={r.scope?.map((s) => w.rule(s).title)} /></dd>
          <dt>{t('legalBasis')}</dt><dd>{w.enumValue('LegalBasis', r.legalBasis)}{r.legalInstrument ? ` — ${r.legalInstrument}` : ''}</dd>
          <dt>{t('urgency')}</dt><dd>{w.enumValue('CooperationUrgency', r.urgency)}</dd>
          <dt>{t('filedAt')}</dt><dd>{w.dateTime(r.filedAt)}</dd>
          <dt>{t('deadline')}</dt><dd>{w.dateTime(r.deadline)}</dd>
          <dt>{t('purpose')}</dt><dd><Field at={at('purpose')} value={r.purpose} /></dd>
          <dt>{t('caseRef')}</dt><dd><Field at={at('caseRef')} value={r.caseRef} /></dd>
          <dt>{t('reason')}</dt><dd><Field at={at('reason')} value={r.reason} /></dd>
          {r.decision && <><dt>{t('decision')}</dt><dd>{w.enumValue('CooperationDecision', r.decision)} · {w.dateTime(r.decidedAt)}</dd></>}
          {r.decisionReason && <><dt>{t('decisionReason')}</dt><dd>{r.decisionReason}</dd></>}
        </dl>
      </section>
      <section className="panel" aria-labelledby="req-subjects">
        <h2 id="req-subjects">{t('subjects')}</h2>
        <ul>
          {(r.subjects ?? []).map((s, i) => (
            <li key={s.given}>
              {w.enumValue('RecordKind', s.kind)}: <Subject subject={s} owner={r.owner} at={at('subjects', i)} reason={subjectsWithheld.get(i)} />
            </li>
          ))}
        </ul>
      </section>
      {r.grant && (
        <section className="panel" aria-labelledby="req-grant">
          <h2 id="req-grant">{t('grant')} <code>{r.grant.id}</code></h2>
          <dl className="facts">
            <dt>{t('scope')}</dt><dd>{r.grant.scope.map((s) => w.rule(s).title).join('; ')}</dd>
            <dt>{t('expiresOn')}</dt><dd>{w.date(r.grant.expiresOn)}</dd>
            <dt>{t('handling')}</dt><dd>{w.handling(r.grant.handlingCode)}</dd>
            <dt>{t('conditions')}</dt><dd>{r.grant.conditions}</dd>
            {r.grant.revokedAt && <><dt>{t('revokedAt')}</dt><dd>{w.dateTime(r.grant.revokedAt)} ({r.grant.revokedBy})</dd></>}
          </dl>
        </section>
      )}
      {acting?.done && <p role="status" className="success">{t('done')}</p>}
      {acting && <Errors errors={acting.errors} />}
      {ownerSide && UNDECIDED.includes(r.state ?? '') && <DecideForm scope={r.scope ?? []} onDecide={(v) => act(DECIDE, v)} />}
      {requesterSide && r.state === 'AWAITING_REQUESTER' && <AnswerForm onAnswer={(answer) => act(ANSWER, { answer })} />}
      {requesterSide && [...UNDECIDED, 'AWAITING_REQUESTER'].includes(r.state ?? '') && (
        <Action label={t('withdraw')} onConfirm={(reason) => act(WITHDRAW, { reason })} />
      )}
      {(ownerSide || requesterSide) && GRANTED.includes(r.state ?? '') && !r.grant?.revokedAt && (
        <Action label={t('revoke')} onConfirm={(reason) => act(REVOKE, { reason })} />
      )}
      <section className="panel" aria-labelledby="req-history">
        <h2 id="req-history">{t('history')}</h2>
        <ol>
          {(r.history ?? []).map((h, i) => <li key={i}>{w.dateTime(h.at)} · {h.by} · {w.value('HistoryKind', h.kind)}{h.text ? `: ${h.text}` : ''}</li>)}
        </ol>
      </section>
    </WithheldProvider>
  );
}

function DecideForm({ scope, onDecide }: { scope: string[]; onDecide: (v: Record<string, unknown>) => void }) {
  const t = useT();
  const w = useWords();
  const [decision, setDecision] = useState<string>('GRANT');
  const [expiresOn, setExpiresOn] = useState(inDays(7));
  const [granted, setGranted] = useState<string[]>(scope);
  const [conditions, setConditions] = useState('');
  const [handlingCode, setHandlingCode] = useState('');
  const [reason, setReason] = useState('');
  const grants = decision === 'GRANT' || decision === 'PARTIAL';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const grant = grants ? { expiresOn, ...(decision === 'PARTIAL' ? { scope: granted } : {}), ...(conditions ? { conditions } : {}), ...(handlingCode ? { handlingCode } : {}) } : null;
    onDecide({ decision, grant, reason: reason || null });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="decide-title">
      <h2 id="decide-title">{t('decide')}</h2>
      <fieldset>
        <legend>{t('decision')}</legend>
        {valuesOf('CooperationDecision').map((d) => <label key={d} className="radio"><input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /> {w.enumValue('CooperationDecision', d)}</label>)}
      </fieldset>
      {grants && (
        <>
          <label htmlFor="expires-on">{t('expiresOn')}</label>
          <input id="expires-on" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} required />
          {decision === 'PARTIAL' && (
            <fieldset>
              <legend>{t('scope')}</legend>
              {scope.map((s) => <label key={s} className="radio"><input type="checkbox" value={s} checked={granted.includes(s)} onChange={(e) => setGranted(e.target.checked ? [...granted, s] : granted.filter((g) => g !== s))} /> {w.rule(s).title}</label>)}
            </fieldset>
          )}
          <label htmlFor="handling-code">{t('handling')}</label>
          <select id="handling-code" value={handlingCode} onChange={(e) => setHandlingCode(e.target.value)}>
            <option value="">—</option>
            {valuesOf('HandlingCode').map((h) => <option key={h} value={h}>{w.handling(h)}</option>)}
          </select>
          <label htmlFor="conditions">{t('conditions')}</label>
          <input id="conditions" value={conditions} onChange={(e) => setConditions(e.target.value)} />
        </>
      )}
      <label htmlFor="decision-reason">{t('reason')}</label>
      <textarea id="decision-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit">{t('decide')}</button>
    </form>
  );
}

function AnswerForm({ onAnswer }: { onAnswer: (answer: string) => void }) {
  const t = useT();
  const [answer, setAnswer] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); onAnswer(answer); }} className="panel" aria-labelledby="answer-title">
      <h2 id="answer-title">{t('answer')}</h2>
      <label htmlFor="answer">{t('answer')}</label>
      <textarea id="answer" rows={3} value={answer} onChange={(e) => setAnswer(e.target.value)} required />
      <button type="submit">{t('sendAnswer')}</button>
    </form>
  );
}

/** A withdrawal or revocation: one button, with an optional reason. */
function Action({ label, onConfirm }: { label: string; onConfirm: (reason: string | null) => void }): ReactNode {
  const t = useT();
  const [reason, setReason] = useState('');
  const fieldId = `reason-${label.replace(/\W+/g, '-')}`;
  return (
    <form onSubmit={(e) => { e.preventDefault(); onConfirm(reason || null); }} className="panel inline" aria-label={label}>
      <label htmlFor={fieldId}>{t('reason')}</label>
      <input id={fieldId} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="secondary">{label}</button>
    </form>
  );
}
