/**
 * Check abroad (hit/no-hit) by document, account or name and date of birth: each member says only
 * whether it holds a record, whom to ask and a reference to quote; a hit leads to a cooperation request.
 * What the prosecutor types stays in this browser: it is turned into identifiers here, blinded,
 * evaluated by the network's evaluator through the gateway, unblinded here, and only the
 * pseudonyms are asked about. Nothing of it goes into the page's address either (no history, no link).
 */
import { useRef, useState, type FormEvent } from 'react';
import { checkQuestion, CHECK_KINDS, EMPTY_CHECK, type CheckForm, type CheckKind, type CheckProblem } from '../check/checkInput';
import { pseudonymsOf, PseudonymsRefused } from '../check/pseudonyms';
import { Errors, Loading } from '../components/States';
import { MemberStrip } from '../components/MemberStrip';
import { useMembers } from '../components/Members';
import { Owner } from '../components/Owner';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { gql, type GqlResult } from '../graphql';
import { useT, type Translate } from '../i18n';
import { memberOutcomes, otherErrors } from '../outcome';
import { href } from '../router';
import { useSession } from '../session';
import { valuesOf } from '../words/enums';
import { useWords } from '../words/words';

interface MemberAnswer {
  country: string;
  hit: boolean;
  reference: string | null;
  contactPoint: string;
}

const ANSWER = '{ country hit reference contactPoint }';
/** One query per kind, each named for the audit views (words/operations.ts). */
const QUERIES: Record<CheckKind, { query: string; field: string; many: boolean }> = {
  document: { query: `query DocumentHits($pseudonym: String!) { documentHits(pseudonym: $pseudonym) ${ANSWER} }`, field: 'documentHits', many: false },
  account: { query: `query AccountHits($pseudonym: String!) { accountHits(pseudonym: $pseudonym) ${ANSWER} }`, field: 'accountHits', many: false },
  name: { query: `query NameHits($pseudonyms: [String!]!) { nameHits(pseudonyms: $pseudonyms) ${ANSWER} }`, field: 'nameHits', many: true },
};

type Stage =
  | { at: 'idle' }
  | { at: 'working' }
  | { at: 'refused'; refusal: PseudonymsRefused }
  | { at: 'answered'; kind: CheckKind; asked: CheckForm; result: GqlResult<Record<string, MemberAnswer[] | null>> };

/** The evaluator's or the gateway's refusal in the reader's words; its code beside, for the help desk. */
function refusalWords(t: Translate, refusal: PseudonymsRefused): string {
  switch (refusal.code) {
    case 'PSEUDONYM_BUDGET_SPENT':
      return refusal.retryAfterMinutes ? t('checkBudgetSpentIn', { minutes: refusal.retryAfterMinutes }) : t('checkBudgetSpent');
    case 'PSEUDONYMS_FORBIDDEN':
      return t('checkForbidden');
    case 'PSEUDONYMS_UNAVAILABLE':
      return t('checkUnavailable');
    case 'UNAUTHENTICATED':
      return t('checkSignInAgain');
    case 'GATEWAY_UNREACHABLE':
      return t('failed', { reason: refusal.message });
    default:
      return t('checkRefused', { reason: refusal.message });
  }
}

/** What was asked, as the reader typed it (shown on this screen only): the answers below are to it. */
function askedWords(t: Translate, sexWords: (name: 'Sex', value: string) => string, asked: CheckForm): string {
  if (asked.kind === 'document') return `${t('checkKindDocument')} ${asked.issuingCountry.trim().toUpperCase()} ${asked.number.trim()}`;
  if (asked.kind === 'account') return `${t('checkKindAccount')} ${asked.account.trim()}${asked.accountCountry.trim() ? ` (${asked.accountCountry.trim().toUpperCase()})` : ''}`;
  return `${t('checkKindName')}: ${asked.name.trim()}, ${asked.born.trim()}${asked.sex ? `, ${sexWords('Sex', asked.sex)}` : ''}`;
}

const KIND_WORDS: Record<CheckKind, Parameters<Translate>[0]> = { document: 'checkKindDocument', account: 'checkKindAccount', name: 'checkKindName' };

const PROBLEM_WORDS: Record<CheckProblem['why'], Parameters<Translate>[0]> = {
  countryCode: 'checkCountryCode',
  noCharacters: 'checkNoCharacters',
  nameTwoWords: 'checkNameTwoWords',
  bornFormat: 'checkBornFormat',
  bornImpossible: 'checkBornImpossible',
};

/** A chunk of its own with the name keys and the curve arithmetic (@noble/curves), loaded when the page opens: the first page stays as small. */
export default function CheckAbroad() {
  const t = useT();
  const w = useWords();
  const { credentials } = useSession();
  const members = useMembers();
  const [form, setForm] = useState<CheckForm>(EMPTY_CHECK);
  const [problem, setProblem] = useState<CheckProblem | null>(null);
  const [stage, setStage] = useState<Stage>({ at: 'idle' });
  const [copied, setCopied] = useState<string | null>(null);
  /** Each check's number: an answer to an older one (the form sent twice) is dropped. */
  const round = useRef(0);

  const set = (change: Partial<CheckForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setProblem(null);
    // Another kind of check: the answers shown were to a question no longer on the screen.
    if (change.kind && change.kind !== form.kind) setStage({ at: 'idle' });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const question = checkQuestion(form);
    if ('problem' in question) {
      setProblem(question.problem);
      document.getElementById(`check-${question.problem.field}`)?.focus();
      return;
    }
    const asked = form;
    const mine = ++round.current;
    setStage({ at: 'working' });
    setCopied(null);
    try {
      const pseudonyms = await pseudonymsOf(question.identifiers, credentials.token);
      const { query, many } = QUERIES[question.kind];
      const result = await gql<Record<string, MemberAnswer[] | null>>(credentials, query, many ? { pseudonyms } : { pseudonym: pseudonyms[0] });
      if (mine === round.current) setStage({ at: 'answered', kind: question.kind, asked, result });
    } catch (err) {
      if (mine !== round.current) return;
      setStage({ at: 'refused', refusal: err instanceof PseudonymsRefused ? err : new PseudonymsRefused(String((err as Error)?.message ?? err), 'GATEWAY_UNREACHABLE', 0) });
    }
  };

  const copy = async (reference: string) => {
    try {
      await navigator.clipboard.writeText(reference);
      setCopied(reference);
    } catch {
      // No clipboard (permission refused): the reference is selected for the reader to copy.
      const shown = document.querySelector(`[data-reference="${CSS.escape(reference)}"]`);
      if (shown) getSelection()?.selectAllChildren(shown);
      setCopied(null);
    }
  };

  /** A field with its label, and its problem named beside it when it has one. */
  const field = (name: CheckProblem['field'], label: string, input: { value: string; onChange: (v: string) => void; hint?: string; maxLength?: number; required?: boolean; inputMode?: 'numeric' }) => {
    const wrong = problem?.field === name;
    const describedBy = [input.hint ? `check-${name}-hint` : null, wrong ? 'check-problem' : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="control">
        <label htmlFor={`check-${name}`}>{label}</label>
        <input id={`check-${name}`} value={input.value} onChange={(e) => input.onChange(e.target.value)} maxLength={input.maxLength} required={input.required}
          inputMode={input.inputMode} aria-invalid={wrong || undefined} aria-describedby={describedBy} autoComplete="off" spellCheck={false} />
        {input.hint && <p id={`check-${name}-hint`} className="muted hint">{input.hint}</p>}
      </div>
    );
  };

  const answers = stage.at === 'answered' ? stage.result.data?.[QUERIES[stage.kind].field] ?? [] : [];
  const counts = new Map(answers.map((a) => [a.country, a.hit ? 1 : 0]));

  return (
    <>
      <PageTitle>{t('checkTitle')}</PageTitle>
      <p className="muted">{t('checkHint')}</p>
      <form onSubmit={submit} className="panel" noValidate aria-describedby="check-private">
        <fieldset className="kinds">
          <legend>{t('checkKind')}</legend>
          {CHECK_KINDS.map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="check-kind" value={kind} checked={form.kind === kind} onChange={() => set({ kind })} /> {t(KIND_WORDS[kind])}
            </label>
          ))}
        </fieldset>
        <div className="grid check-fields">
          {form.kind === 'document' && (
            <>
              {field('issuingCountry', t('issuingCountry'), { value: form.issuingCountry, onChange: (v) => set({ issuingCountry: v }), maxLength: 2, required: true })}
              {field('number', t('documentNumber'), { value: form.number, onChange: (v) => set({ number: v }), required: true })}
            </>
          )}
          {form.kind === 'account' && (
            <>
              {field('account', t('checkAccount'), { value: form.account, onChange: (v) => set({ account: v }), hint: t('checkAccountHint'), required: true })}
              {field('accountCountry', t('checkAccountCountry'), { value: form.accountCountry, onChange: (v) => set({ accountCountry: v }), maxLength: 2 })}
            </>
          )}
          {form.kind === 'name' && (
            <>
              {field('name', t('checkName'), { value: form.name, onChange: (v) => set({ name: v }), hint: t('checkNameHint'), required: true })}
              {field('born', t('checkBorn'), { value: form.born, onChange: (v) => set({ born: v }), hint: t('checkBornHint'), maxLength: 10, required: true })}
              <div className="control">
                <label htmlFor="check-sex">{t('checkSex')}</label>
                <select id="check-sex" value={form.sex} onChange={(e) => set({ sex: e.target.value })}>
                  <option value="">{t('any')}</option>
                  {valuesOf('Sex').filter((s) => s === 'MALE' || s === 'FEMALE').map((s) => <option key={s} value={s}>{w.enumValue('Sex', s)}</option>)}
                </select>
              </div>
            </>
          )}
        </div>
        <button type="submit" disabled={stage.at === 'working'}>{t('check')}</button>
        <p id="check-private" className="muted hint">{t('checkPrivate')}</p>
      </form>
      {problem && <p id="check-problem" role="alert" className="error" data-field={problem.field} data-why={problem.why}>{t(PROBLEM_WORDS[problem.why])}</p>}
      {stage.at === 'working' && <Loading />}
      {stage.at === 'refused' && (
        <div role="alert" className="error" data-testid="check-refused" data-code={stage.refusal.code}>
          <p>{refusalWords(t, stage.refusal)} <code>{stage.refusal.code}</code></p>
        </div>
      )}
      {stage.at === 'answered' && (
        <section aria-labelledby="check-results-title">
          <h2 id="check-results-title">{t('results')}</h2>
          <p className="muted" data-testid="check-asked">{t('checkAnswersFor', { what: askedWords(t, w.enumValue, stage.asked) })}</p>
          <MemberStrip outcomes={memberOutcomes(members.map((m) => m.country), stage.result.errors, counts)} />
          <Errors errors={otherErrors(stage.result.errors)} />
          <TableWrap label={t('results')}>
            <table>
              <thead><tr><th scope="col">{t('owner')}</th><th scope="col">{t('hit')}</th><th scope="col">{t('contactPoint')}</th><th scope="col">{t('checkReference')}</th></tr></thead>
              <tbody>
                {answers.map((a) => (
                  <tr key={a.country} data-country={a.country} data-hit={a.hit}>
                    <td><Owner country={a.country} /></td>
                    <td>{a.hit ? <strong className="hit">{t('hit')}</strong> : t('noHit')}</td>
                    <td>{a.contactPoint}</td>
                    <td>
                      {a.hit && a.reference && (
                        <div className="reference">
                          <code className="reference-text" data-reference={a.reference}>{a.reference}</code>
                          <button type="button" className="secondary small" onClick={() => void copy(a.reference!)} aria-label={t('checkCopyFrom', { country: a.country })}>
                            {copied === a.reference ? t('checkCopied') : t('checkCopy')}
                          </button>
                          <a className="button" href={href('cooperation', 'new', { owner: a.country, subject: a.reference, scope: 'person.identity' })}>{t('requestCooperation')}</a>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p role="status" className="visually-hidden">{copied ? t('checkCopied') : ''}</p>
        </section>
      )}
    </>
  );
}
