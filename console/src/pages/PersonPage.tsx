/** One person, as its owner answers: every field or the rule that withheld it, the cases, the confirmed links abroad. */
import { Errors, Failure, Loading } from '../components/States';
import { Field, WithheldProvider } from '../components/Withheld';
import { Owner } from '../components/Owner';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { useT } from '../i18n';
import { otherErrors, ownerOfId, withheldFields } from '../outcome';
import { href } from '../router';
import { useSession } from '../session';
import { useGql } from '../useGql';
import { useWords } from '../words/words';
import { documentWords } from './Search';

const QUERY = `query Person($id: ID!) { person(id: $id) {
  id country fullName givenNames familyNames aliases sex dateOfBirth ageBand minor nationalities
  documents { type number issuingCountry }
  involvements { category case { id reference offences status handlingCode handlingConditions } }
  linkedRecords { id country fullName } } }`;

interface Person {
  id: string;
  country: string;
  fullName: string | null;
  givenNames: string | null;
  familyNames: string | null;
  aliases: string[] | null;
  sex: string | null;
  dateOfBirth: string | null;
  ageBand: string | null;
  minor: boolean | null;
  nationalities: string[] | null;
  documents: { type: string | null; number: string | null; issuingCountry: string | null }[] | null;
  involvements: { category: string | null; case: { id: string; reference: string | null; offences: string[] | null; status: string | null; handlingCode: string | null; handlingConditions: string | null } | null }[] | null;
  linkedRecords: ({ id: string; country: string; fullName: string | null } | null)[] | null;
}

export function PersonPage({ id }: { id: string }) {
  const t = useT();
  const { who } = useSession();
  const w = useWords();
  const read = useGql<{ person: Person | null }>(QUERY, { id });
  if (read.loading) return <Loading />;
  if (read.failure) return <Failure reason={read.failure} retry={read.reload} />;
  const person = read.result?.data?.person;
  const errors = read.result?.errors ?? [];
  const withheld = withheldFields(errors, () => ownerOfId(id));
  if (!person) {
    return (
      <>
        <PageTitle>{t('personTitle')} {id}</PageTitle>
        <Errors errors={otherErrors(errors)} />
        <p>{t('notFound')}</p>
      </>
    );
  }
  const at = (...path: (string | number)[]) => ['person', ...path];
  const foreign = who && who.country !== person.country;
  return (
    <WithheldProvider withheld={withheld}>
      <PageTitle>{t('personTitle')}: <Field at={at('fullName')} value={person.fullName} /></PageTitle>
      <p className="record-id"><code>{person.id}</code> · {t('owner')}: <Owner country={person.country} /> · <a href={href('network', person.id)}>{t('networkView')}</a></p>
      <Errors errors={otherErrors(errors)} />
      {foreign && <p><a className="button" href={href('cooperation', 'new', { owner: person.country, subject: person.id })}>{t('requestCooperation')}</a></p>}
      <section className="panel" aria-labelledby="identity-title">
        <h2 id="identity-title">{t('fullName')}</h2>
        <dl className="facts">
          <dt>{t('fullName')}</dt><dd><Field at={at('fullName')} value={person.fullName} /></dd>
          <dt>{t('aliases')}</dt><dd><Field at={at('aliases')} value={person.aliases} /></dd>
          <dt>{t('dateOfBirth')}</dt><dd><Field at={at('dateOfBirth')} value={person.dateOfBirth} show={(v) => w.date(String(v))} /></dd>
          <dt>{t('sex')}</dt><dd><Field at={at('sex')} value={person.sex} show={(v) => w.enumValue('Sex', String(v))} /></dd>
          <dt>{t('ageBand')}</dt><dd><Field at={at('ageBand')} value={person.ageBand} show={(v) => w.enumValue('AgeBand', String(v))} /></dd>
          <dt>{t('minor')}</dt><dd><Field at={at('minor')} value={person.minor} /></dd>
          <dt>{t('nationalities')}</dt><dd><Field at={at('nationalities')} value={person.nationalities} /></dd>
          <dt>{t('documents')}</dt><dd><Field at={at('documents')} value={person.documents?.map((d) => documentWords(w, d))} /></dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="cases-title">
        <h2 id="cases-title">{t('cases')}</h2>
        {person.involvements === null ? <Field at={at('involvements')} value={null} /> : (
          <TableWrap label={t('cases')}>
            <table>
              <thead><tr><th scope="col">{t('caseTitle')}</th><th scope="col">{t('category')}</th><th scope="col">{t('offences')}</th><th scope="col">{t('status')}</th><th scope="col">{t('handling')}</th></tr></thead>
              <tbody>
                {person.involvements.map((inv, i) => (
                  <tr key={inv.case?.id ?? i}>
                    <td>{inv.case ? <a href={href('case', inv.case.id)}><Field at={at('involvements', i, 'case', 'reference')} value={inv.case.reference ?? inv.case.id} /></a> : <Field at={at('involvements', i, 'case')} value={null} />}</td>
                    <td>{w.enumValue('PersonCategory', inv.category)}</td>
                    <td>{inv.case?.offences?.map((o) => w.enumValue('Offence', o)).join(', ')}</td>
                    <td>{w.enumValue('CaseStatus', inv.case?.status)}</td>
                    <td>{w.handling(inv.case?.handlingCode)} {inv.case?.handlingConditions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <section className="panel" aria-labelledby="links-title">
        <h2 id="links-title">{t('linkedRecords')}</h2>
        {person.linkedRecords?.length ? (
          <ul>
            {person.linkedRecords.map((l, i) => (
              <li key={l?.id ?? i}>{l ? <><a href={href('person', l.id)}><Field at={at('linkedRecords', i, 'fullName')} value={l.fullName ?? l.id} /></a> <Owner country={l.country} /></> : <Field at={at('linkedRecords', i)} value={null} />}</li>
            ))}
          </ul>
        ) : <Field at={at('linkedRecords')} value={null} />}
        {!person.linkedRecords?.length && !withheld.has('person.linkedRecords') && <p className="muted">{t('noLinks')}</p>}
      </section>
    </WithheldProvider>
  );
}
