/**
 * One person, as its owner answers, beside the same person's records in other countries that the
 * secretariat confirmed (links the caller may know of): each column its owner's record under its
 * owner's rules, every field its value or the rule that withheld it. The cases of every record, a
 * timeline of the involvements, and the record for the case file (PDF, CSV, print).
 */
import { CaseFileBar } from '../components/CaseFileBar';
import { Errors, Failure, Loading } from '../components/States';
import { Field, WithheldProvider } from '../components/Withheld';
import { Owner } from '../components/Owner';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { Timeline } from '../components/Timeline';
import { personSheet, sheetWords } from '../casefile/recordSheets';
import { readContext } from '../casefile/sheet';
import { describePurpose } from '../purposeCatalogue';
import { usePurposeCatalogue } from '../purposes';
import { personTimeline } from '../casefile/timeline';
import { useT } from '../i18n';
import { otherErrors, ownerOfId, withheldFields } from '../outcome';
import { IDENTITY_FIELDS, identityValue, PERSON_QUERY, type PersonRecord } from '../records/person';
import { href } from '../router';
import { linkedClosure } from '../samePerson';
import { useSession } from '../session';
import { useGql } from '../useGql';
import { useWords } from '../words/words';

export function PersonPage({ id }: { id: string }) {
  const t = useT();
  const { who, purpose, caseRef, lang } = useSession();
  const { catalogue } = usePurposeCatalogue();
  const w = useWords();
  const read = useGql<{ person: PersonRecord | null }>(PERSON_QUERY, { id });
  if (read.loading) return <Loading />;
  if (read.failure) return <Failure reason={read.failure} retry={read.reload} />;
  const person = read.result?.data?.person;
  const errors = read.result?.errors ?? [];
  // Errors through the gateway name the owner; else the owner of the record at the error's path.
  const withheld = withheldFields(errors, (path) => ownerOfId(String(recordAt(person, path)?.id ?? id)));
  if (!person) {
    return (
      <>
        <PageTitle>{t('personTitle')} {id}</PageTitle>
        <Errors errors={otherErrors(errors)} />
        <p>{t('notFound')}</p>
      </>
    );
  }
  const records = linkedClosure(person, ['person']);
  const others = records.slice(1);
  const timeline = personTimeline(records, withheld, t, w);
  const nameWithheld = withheld.get('person.fullName');
  const title = `${t('personTitle')}: ${nameWithheld ? sheetWords(t, w).withheld(nameWithheld) : person.fullName ?? t('notRecorded')}`;
  const sheet = personSheet(records, withheld, timeline, readContext(who, describePurpose(catalogue, lang, purpose), caseRef, read.result!.readAt, (r) => w.value('Role', r)), title, t, w);
  const foreign = who && who.country !== person.country;
  return (
    <WithheldProvider withheld={withheld}>
      <PageTitle>{t('personTitle')}: <Field at={['person', 'fullName']} value={person.fullName} /></PageTitle>
      <p className="record-id"><code>{person.id}</code> · {t('owner')}: <Owner country={person.country} /> · <a className="no-print" href={href('network', person.id)}>{t('networkView')}</a></p>
      <CaseFileBar sheet={sheet} />
      <Errors errors={otherErrors(errors)} />
      {foreign && <p className="no-print"><a className="button" href={href('cooperation', 'new', { owner: person.country, subject: person.id })}>{t('requestCooperation')}</a></p>}
      <section className="panel" aria-labelledby="identity-title">
        <h2 id="identity-title">{others.length ? t('samePersonTitle') : t('fullName')}</h2>
        {others.length > 0 && <p className="muted" data-testid="same-person-note">{t('samePersonNote')}</p>}
        <TableWrap label={t('fullName')}>
          <table className="identity" data-testid="identity">
            <thead>
              <tr>
                <th scope="col"><span className="visually-hidden">{t('csvField')}</span></th>
                {records.map(({ record }, i) => (
                  <th scope="col" key={record.id} data-id={record.id} data-country={record.country}>
                    <Owner country={record.country} compact /> {i === 0 ? <code>{record.id}</code> : <a href={href('person', record.id)}><code>{record.id}</code></a>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {IDENTITY_FIELDS.map((f) => (
                <tr key={f}>
                  <th scope="row">{t(f)}</th>
                  {records.map(({ record, at }) => <td key={record.id}><Field at={[...at, f]} value={identityValue(record, f, w)} /></td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section className="panel" aria-labelledby="cases-title">
        <h2 id="cases-title">{t('cases')}</h2>
        <TableWrap label={t('cases')}>
          <table>
            <thead><tr><th scope="col">{t('owner')}</th><th scope="col">{t('caseTitle')}</th><th scope="col">{t('category')}</th><th scope="col">{t('offences')}</th><th scope="col">{t('status')}</th><th scope="col">{t('handling')}</th></tr></thead>
            <tbody>
              {records.flatMap(({ record, at }) => record.involvements === null
                ? [<tr key={`${record.id}-withheld`}><td><Owner country={record.country} compact /></td><td colSpan={5}><Field at={[...at, 'involvements']} value={null} /></td></tr>]
                : record.involvements.map((inv, i) => (
                  <tr key={`${record.id}-${inv.case?.id ?? i}`} data-owner={record.country}>
                    <td><Owner country={record.country} compact /></td>
                    <td>{inv.case ? <a href={href('case', inv.case.id)}><Field at={[...at, 'involvements', i, 'case', 'reference']} value={inv.case.reference ?? inv.case.id} /></a> : <Field at={[...at, 'involvements', i, 'case']} value={null} />}</td>
                    <td>{w.enumValue('PersonCategory', inv.category)}</td>
                    <td>{inv.case?.offences?.map((o) => w.enumValue('Offence', o)).join(', ')}</td>
                    <td>{w.enumValue('CaseStatus', inv.case?.status)}</td>
                    <td>{w.handling(inv.case?.handlingCode)} {inv.case?.handlingConditions}</td>
                  </tr>
                )))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <Timeline events={timeline} id="timeline-title" />
      <section className="panel" aria-labelledby="links-title">
        <h2 id="links-title">{t('linkedRecords')}</h2>
        {others.length ? (
          <ul data-testid="linked-records">
            {others.map(({ record, at }) => (
              <li key={record.id} data-id={record.id}><a href={href('person', record.id)}><Field at={[...at, 'fullName']} value={record.fullName ?? record.id} /></a> <Owner country={record.country} /></li>
            ))}
          </ul>
        ) : withheld.has('person.linkedRecords') ? <Field at={['person', 'linkedRecords']} value={null} /> : <p className="muted">{t('noLinks')}</p>}
      </section>
    </WithheldProvider>
  );
}

/** The record (an object with an id) nearest above `path` in the answer. */
function recordAt(person: PersonRecord | null | undefined, path: readonly (string | number)[]): { id?: unknown } | undefined {
  let here: unknown = { person };
  let found: { id?: unknown } | undefined;
  for (const step of path) {
    if (here === null || typeof here !== 'object') break;
    here = (here as Record<string | number, unknown>)[step];
    if (here && typeof here === 'object' && 'id' in here) found = here as { id?: unknown };
  }
  return found;
}
