/**
 * One case: owner, handling code and conditions, grading, summary, who is involved and the routes
 * used, withheld fields marked; its timeline; the case for the case file (PDF, CSV, print).
 */
import { CaseFileBar } from '../components/CaseFileBar';
import { Errors, Failure, Loading } from '../components/States';
import { Timeline } from '../components/Timeline';
import { caseSheet, sheetWords } from '../casefile/recordSheets';
import { readContext } from '../casefile/sheet';
import { describePurpose } from '../purposeCatalogue';
import { usePurposeCatalogue } from '../purposes';
import { caseTimeline } from '../casefile/timeline';
import { CASE_QUERY, type CaseRecord } from '../records/case';
import { Field, WithheldProvider } from '../components/Withheld';
import { Owner } from '../components/Owner';
import { PageTitle } from '../components/PageTitle';
import { place } from '../format';
import { useT } from '../i18n';
import { otherErrors, ownerOfId, withheldFields } from '../outcome';
import { href } from '../router';
import { useSession } from '../session';
import { useGql } from '../useGql';
import { useWords } from '../words/words';

export function CasePage({ id }: { id: string }) {
  const t = useT();
  const { who, purpose, caseRef, lang } = useSession();
  const { catalogue } = usePurposeCatalogue();
  const w = useWords();
  const read = useGql<{ case: CaseRecord | null }>(CASE_QUERY, { id });
  if (read.loading) return <Loading />;
  if (read.failure) return <Failure reason={read.failure} retry={read.reload} />;
  const c = read.result?.data?.case;
  const errors = read.result?.errors ?? [];
  if (!c) {
    return (
      <>
        <PageTitle>{t('caseTitle')} {id}</PageTitle>
        <Errors errors={otherErrors(errors)} />
        <p>{t('notFound')}</p>
      </>
    );
  }
  const at = (...path: (string | number)[]) => ['case', ...path];
  const withheld = withheldFields(errors, () => ownerOfId(id));
  const timeline = caseTimeline(c, withheld, t, w);
  const referenceWithheld = withheld.get('case.reference');
  const title = `${t('caseTitle')}: ${referenceWithheld ? sheetWords(t, w).withheld(referenceWithheld) : c.reference ?? c.id}`;
  const sheet = caseSheet(c, withheld, timeline, readContext(who, describePurpose(catalogue, lang, purpose), caseRef, read.result!.readAt, (r) => w.value('Role', r)), title, t, w);
  const moreTransfers = (c.transfersPage?.count ?? 0) - (c.transfersPage?.items.length ?? 0);
  return (
    <WithheldProvider withheld={withheld}>
      <PageTitle>{t('caseTitle')}: <Field at={at('reference')} value={c.reference ?? c.id} /></PageTitle>
      <p className="record-id"><code>{c.id}</code> · {t('owner')}: <Owner country={c.country} /> · <a className="no-print" href={href('network', c.id)}>{t('networkView')}</a></p>
      <CaseFileBar sheet={sheet} />
      <Errors errors={otherErrors(errors)} />
      {who && who.country !== c.country && <p className="no-print"><a className="button" href={href('cooperation', 'new', { owner: c.country, subject: c.id, scope: 'case.detail' })}>{t('requestCooperation')}</a></p>}
      <section className="panel" aria-labelledby="case-facts">
        <h2 id="case-facts">{t('caseTitle')}</h2>
        <dl className="facts">
          <dt>{t('offences')}</dt><dd><Field at={at('offences')} value={c.offences?.map((o) => w.enumValue('Offence', o))} /></dd>
          <dt>{t('status')}</dt><dd><Field at={at('status')} value={c.status} show={(v) => w.enumValue('CaseStatus', String(v))} /></dd>
          <dt>{t('openedOn')}</dt><dd><Field at={at('openedOn')} value={c.openedOn} show={(v) => w.date(String(v))} /></dd>
          <dt>{t('closedOn')}</dt><dd><Field at={at('closedOn')} value={c.closedOn} show={(v) => w.date(String(v))} /></dd>
          <dt>{t('handling')}</dt><dd><Field at={at('handlingCode')} value={c.handlingCode} show={(v) => <><strong>{String(v)}</strong> — {w.enumValue('HandlingCode', String(v))}</>} /></dd>
          <dt>{t('handlingConditions')}</dt><dd><Field at={at('handlingConditions')} value={c.handlingConditions} /></dd>
          <dt>{t('reliability')}</dt><dd><Field at={at('sourceReliability')} value={c.sourceReliability} show={(v) => <><strong>{String(v)}</strong> — {w.enumValue('SourceReliability', String(v))}</>} /></dd>
          <dt>{t('accuracy')}</dt><dd><Field at={at('informationAccuracy')} value={c.informationAccuracy} show={(v) => <><strong>{String(v)}</strong> — {w.value('InformationAccuracy', Number(v))}</>} /></dd>
          <dt>{t('summary')}</dt><dd><Field at={at('summary')} value={c.summary} /></dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="involved-title">
        <h2 id="involved-title">{t('involved')}</h2>
        {c.involved === null ? <Field at={at('involved')} value={null} /> : (
          <ul>
            {c.involved.map((inv, i) => (
              <li key={inv.person?.id ?? i}>
                {w.enumValue('PersonCategory', inv.category)}: {inv.person ? <><a href={href('person', inv.person.id)}><Field at={at('involved', i, 'person', 'fullName')} value={inv.person.fullName} /></a> <span className="muted">({w.enumValue('AgeBand', inv.person.ageBand)})</span></> : <Field at={at('involved', i, 'person')} value={null} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="routes-title">
        <h2 id="routes-title">{t('routes')}</h2>
        {c.routes === null ? <Field at={at('routes')} value={null} /> : (
          <ul>
            {c.routes.map((r) => <li key={r.id}><a href={href('route', r.routeCode)}>{r.routeCode}</a>: {place(r.origin)} → {place(r.destination)}{r.modusOperandi ? ` — ${r.modusOperandi}` : ''}</li>)}
          </ul>
        )}
      </section>
      <Timeline events={timeline} id="timeline-title" />
      {moreTransfers > 0 && <p className="muted">{t(c.transfersPage?.countCapped ? 'moreTransfersThan' : 'moreTransfers', { n: moreTransfers })}</p>}
    </WithheldProvider>
  );
}
