/** Hit/no-hit by document: each member says only whether it holds a record and whom to ask; a hit leads to a request. */
import { useState, type FormEvent } from 'react';
import { Errors, Failure, Loading } from '../components/States';
import { MemberStrip } from '../components/MemberStrip';
import { useMembers } from '../components/Members';
import { Owner } from '../components/Owner';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { useT } from '../i18n';
import { memberOutcomes, otherErrors } from '../outcome';
import { go, href, type Route } from '../router';
import { useGql } from '../useGql';
import { valuesOf } from '../words/enums';
import { useWords } from '../words/words';

interface DocumentHit {
  country: string;
  hit: boolean;
  reference: string | null;
  contactPoint: string;
}

const QUERY = 'query DocumentHits($number: String!, $issuingCountry: String!, $type: DocumentType) { documentHits(number: $number, issuingCountry: $issuingCountry, type: $type) { country hit reference contactPoint } }';

export function Hits({ route }: { route: Route }) {
  const t = useT();
  const w = useWords();
  const members = useMembers();
  const number = route.query.get('number') ?? '';
  const issuingCountry = route.query.get('issuingCountry') ?? '';
  const type = route.query.get('type') || null;
  const asked = Boolean(number && issuingCountry);
  const read = useGql<{ documentHits: DocumentHit[] | null }>(QUERY, { number, issuingCountry, type }, !asked);
  const [draft, setDraft] = useState({ number, issuingCountry, type: type ?? '' });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    go(href('hits', undefined, { number: draft.number.trim(), issuingCountry: draft.issuingCountry.trim().toUpperCase(), ...(draft.type ? { type: draft.type } : {}) }));
  };
  const answers = read.result?.data?.documentHits ?? [];
  const counts = new Map(answers.map((a) => [a.country, a.hit ? 1 : 0]));

  return (
    <>
      <PageTitle>{t('hitsTitle')}</PageTitle>
      <p className="muted">{t('hitsHint')}</p>
      <form onSubmit={submit} className="panel grid" role="search">
        <div className="control">
          <label htmlFor="doc-number">{t('documentNumber')}</label>
          <input id="doc-number" value={draft.number} onChange={(e) => setDraft({ ...draft, number: e.target.value })} required />
        </div>
        <div className="control">
          <label htmlFor="doc-country">{t('issuingCountry')}</label>
          <input id="doc-country" value={draft.issuingCountry} onChange={(e) => setDraft({ ...draft, issuingCountry: e.target.value })} required maxLength={2} />
        </div>
        <div className="control">
          <label htmlFor="doc-type">{t('documentType')}</label>
          <select id="doc-type" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            <option value="">{t('any')}</option>
            {valuesOf('DocumentType').map((d) => <option key={d} value={d}>{w.enumValue('DocumentType', d)}</option>)}
          </select>
        </div>
        <div className="control"><button type="submit">{t('check')}</button></div>
      </form>
      {asked && read.loading && <Loading />}
      {asked && read.failure && <Failure reason={read.failure} retry={read.reload} />}
      {asked && read.result && !read.loading && (
        <section aria-labelledby="hits-title">
          <h2 id="hits-title">{t('results')}</h2>
          <MemberStrip outcomes={memberOutcomes(members.map((m) => m.country), read.result.errors, counts)} />
          <Errors errors={otherErrors(read.result.errors)} />
          <TableWrap label={t('results')}>
            <table>
              <thead><tr><th scope="col">{t('owner')}</th><th scope="col">{t('hit')}</th><th scope="col">{t('contactPoint')}</th><th scope="col"><span className="visually-hidden">{t('requestCooperation')}</span></th></tr></thead>
              <tbody>
                {answers.map((a) => (
                  <tr key={a.country} data-country={a.country} data-hit={a.hit}>
                    <td><Owner country={a.country} /></td>
                    <td>{a.hit ? <strong className="hit">{t('hit')}</strong> : t('noHit')}</td>
                    <td>{a.contactPoint}</td>
                    <td>{a.hit && a.reference && <a className="button" href={href('cooperation', 'new', { owner: a.country, subject: a.reference, scope: 'person.identity' })}>{t('requestCooperation')}</a>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      )}
    </>
  );
}
