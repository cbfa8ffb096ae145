/**
 * Accountability views of the caller's own member: for its prosecutors, who abroad read its
 * records (foreignAccess); for its auditors, the hash-chained audit log (auditLog), filtered and
 * exported as CSV, with the chain's links checked over the entries shown (the full check against the secretariat's
 * heads is `npm run audit -- verify`). Both newest first, a page at a time, "Load more" for older ones.
 */
import { useState, type FormEvent } from 'react';
import { brokenLinks } from '../auditChain';
import { AUDIT_CSV_HEADER, AUDIT_ENTRY_FIELDS, auditRow, readWholeLog, type AuditDelivery, type AuditEntry, type AuditFilter } from '../auditExport';
import { csvBlob, saveFile } from '../casefile/download';
import type { GqlError } from '../graphql';
import { describePurpose } from '../purposeCatalogue';
import { usePurposeCatalogue } from '../purposes';
import { go, href, type Route } from '../router';
import { LoadMore } from '../components/LoadMore';
import { Errors, Empty, Failure, Loading } from '../components/States';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { useT } from '../i18n';
import { otherErrors } from '../outcome';
import { useSession } from '../session';
import { usePages } from '../usePages';
import { valuesOf } from '../words/enums';
import { useWords, type WordsApi } from '../words/words';

interface Caller { subject: string; country: string; roles: string[] }
type Delivery = AuditDelivery;

const PAGE = 50;
const PAGING = 'members { country count countCapped returned hasNextPage endCursor } hasNextPage endCursor';

const FOREIGN = `query ForeignAccess($c: [String!], $after: String) { foreignAccessPage(countries: $c, first: ${PAGE}, after: $after) {
  items { seq at caller { subject country roles } purpose caseRef operationName decision delivered { record fields grants } hits } ${PAGING} } }`;

interface Access { seq: number; at: string; caller: Caller; purpose: string | null; caseRef: string | null; operationName: string | null; decision: string; delivered: Delivery[]; hits: string[] | null }

/** Each record read, with what of it (the protected fields' rules, in words) and the grants it was read under. */
const reads = (w: WordsApi, delivered: Delivery[]) =>
  delivered.map((d) => `${d.record}${d.fields.length ? ` (${w.fieldRules(d.fields).join('; ')})` : ''}${d.grants?.length ? ` [${d.grants.join(', ')}]` : ''}`).join(' · ');
const callerWords = (w: WordsApi, c: Caller) => `${c.country} ${c.subject} (${c.roles.map((r) => w.value('Role', r)).join(', ')})`;

export function ForeignAccess() {
  const t = useT();
  const w = useWords();
  const { who, lang } = useSession();
  const { catalogue } = usePurposeCatalogue();
  const country = who?.country;
  const read = usePages<Access>(FOREIGN, 'foreignAccessPage', 'foreignAccess', { c: country ? [country] : [] });
  const rows = read.items;
  return (
    <>
      <PageTitle>{t('foreignAccessTitle')}</PageTitle>
      {read.loading && <Loading />}
      {read.failure && <Failure reason={read.failure} retry={read.reload} />}
      {!read.loading && <Errors errors={otherErrors(read.errors)} />}
      {rows?.length === 0 && <Empty />}
      {rows && rows.length > 0 && (
        <TableWrap label={t('foreignAccessTitle')}>
          <table>
            <thead><tr><th scope="col">{t('when')}</th><th scope="col">{t('caller')}</th><th scope="col">{t('purpose')}</th><th scope="col">{t('decision')}</th><th scope="col">{t('recordsRead')}</th><th scope="col">{t('hit')}</th></tr></thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.seq}>
                  <td>{w.dateTime(a.at)}</td>
                  <td>{callerWords(w, a.caller)}</td>
                  <td>{describePurpose(catalogue, lang, a.purpose)} · {a.caseRef}</td>
                  <td>{w.enumValue('AuditDecision', a.decision)}</td>
                  <td>{reads(w, a.delivered)}</td>
                  <td>{a.hits?.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {!read.loading && <LoadMore pages={read} />}
    </>
  );
}

const AUDIT = `query AuditLog($c: [String!], $f: AuditFilter, $after: String) { auditLogPage(countries: $c, filter: $f, first: ${PAGE}, after: $after) {
  items { ${AUDIT_ENTRY_FIELDS} } ${PAGING} } }`;

/** The form's fields, as the page's URL keeps them (#/audit?callerCountry=CO&from=2026-05-01). */
const FILTER_KEYS = ['from', 'to', 'callerCountry', 'record', 'grant', 'decision'] as const;
type FilterForm = Record<(typeof FILTER_KEYS)[number], string>;

/** The API's filter: dates whole days (UTC; `to` through its end), a country in capitals; blanks left out. */
export function auditFilterOf(form: FilterForm): AuditFilter {
  const filter: AuditFilter = {};
  if (form.from) filter.from = form.from;
  if (form.to) filter.to = `${form.to}T23:59:59.999Z`;
  if (form.callerCountry.trim()) filter.callerCountry = form.callerCountry.trim().toUpperCase();
  if (form.record.trim()) filter.record = form.record.trim();
  if (form.grant.trim()) filter.grant = form.grant.trim();
  if (form.decision) filter.decision = form.decision;
  return filter;
}

/**
 * The auditor's view of the member's log: filtered by dates, the caller's country, a record, a
 * cooperation grant and the decision; a page at a time; exported as CSV (every entry the filter
 * selects, all pages); across the whole width of the screen.
 */
export function AuditLog({ route }: { route: Route }) {
  const t = useT();
  const w = useWords();
  const { who, credentials, lang } = useSession();
  const { catalogue } = usePurposeCatalogue();
  const country = who?.country;
  const applied = Object.fromEntries(FILTER_KEYS.map((k) => [k, route.query.get(k) ?? ''])) as FilterForm;
  const [draft, setDraft] = useState(applied);
  const filter = auditFilterOf(applied);
  const read = usePages<AuditEntry>(AUDIT, 'auditLogPage', 'auditLog', { c: country ? [country] : [], f: filter });
  const [exporting, setExporting] = useState<{ read: number; done: boolean; errors: GqlError[] } | null>(null);
  const entries = read.items;
  const broken = entries ? brokenLinks(entries) : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    go(href('audit', undefined, Object.fromEntries(FILTER_KEYS.filter((k) => draft[k].trim()).map((k) => [k, draft[k].trim()]))));
  };
  const exportCsv = async () => {
    if (!country) return;
    setExporting({ read: 0, done: false, errors: [] });
    try {
      const { entries: all, errors } = await readWholeLog(credentials, country, filter, (n) => setExporting({ read: n, done: false, errors: [] }));
      if (errors.length) return setExporting({ read: all.length, done: false, errors });
      // papaparse comes with the first export (as with the case file's), not with the first page.
      const { toCsv } = await import('../casefile/csv');
      saveFile(`audit-${country}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`, csvBlob(toCsv(AUDIT_CSV_HEADER, all.map(auditRow))));
      setExporting({ read: all.length, done: true, errors: [] });
    } catch (err) {
      setExporting({ read: 0, done: false, errors: [{ message: String((err as Error)?.message ?? err) }] });
    }
  };
  const field = (key: (typeof FILTER_KEYS)[number], label: string, type = 'text', extra: Record<string, unknown> = {}) => (
    <div className="control">
      <label htmlFor={`audit-${key}`}>{label}</label>
      <input id={`audit-${key}`} type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} {...extra} />
    </div>
  );

  return (
    <>
      <PageTitle>{t('auditTitle')}</PageTitle>
      <form onSubmit={submit} className="panel grid" aria-label={t('auditFilters')}>
        {field('from', t('auditFrom'), 'date')}
        {field('to', t('auditTo'), 'date')}
        {field('callerCountry', t('auditCallerCountry'), 'text', { maxLength: 2, autoComplete: 'off' })}
        {field('record', t('auditRecord'), 'text', { maxLength: 40, autoComplete: 'off' })}
        {field('grant', t('auditGrant'), 'text', { maxLength: 40, autoComplete: 'off' })}
        <div className="control">
          <label htmlFor="audit-decision">{t('decision')}</label>
          <select id="audit-decision" value={draft.decision} onChange={(e) => setDraft({ ...draft, decision: e.target.value })}>
            <option value="">{t('any')}</option>
            {valuesOf('AuditDecision').map((d) => <option key={d} value={d}>{w.enumValue('AuditDecision', d)}</option>)}
          </select>
        </div>
        <div className="control"><button type="submit">{t('search')}</button></div>
      </form>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={!country || (exporting !== null && !exporting.done && !exporting.errors.length)}>{t('auditExportCsv')}</button>
        <p role="status" className="muted" data-testid="export-status">
          {exporting && !exporting.errors.length ? t(exporting.done ? 'auditExported' : 'auditExporting', { n: exporting.read }) : ''}
        </p>
      </div>
      {exporting && <Errors errors={exporting.errors} />}
      {read.loading && <Loading />}
      {read.failure && <Failure reason={read.failure} retry={read.reload} />}
      {!read.loading && <Errors errors={otherErrors(read.errors)} />}
      {entries?.length === 0 && <Empty />}
      {entries && entries.length > 0 && (
        <>
          <p role="status" className={broken.length ? 'error' : 'success'} data-testid="chain">
            {broken.length ? t('chainBroken', { seqs: broken.join(', ') }) : t('chainLinked', { n: entries.length })}
          </p>
          <TableWrap label={t('auditTitle')}>
            <table className="audit">
              <thead><tr><th scope="col">#</th><th scope="col">{t('when')}</th><th scope="col">{t('caller')}</th><th scope="col">{t('operation')}</th><th scope="col">{t('purpose')}</th><th scope="col">{t('decision')}</th><th scope="col">{t('recordsRead')}</th><th scope="col">{t('withheldRules')}</th></tr></thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.seq} data-caller-country={e.caller?.country ?? ''}>
                    <td className="short">{e.seq}</td>
                    <td>{w.dateTime(e.at)}</td>
                    <td>{e.caller ? callerWords(w, e.caller) : '—'}</td>
                    {/* What was read, in words; the operation as logged for whoever looks closer. */}
                    <td title={[e.operation.type, e.operation.name].filter(Boolean).join(' ')} data-operation={e.operation.name ?? undefined}>{w.read(e)}</td>
                    <td>{describePurpose(catalogue, lang, e.purpose)} · {e.caseRef}</td>
                    <td><span className="short">{w.enumValue('AuditDecision', e.decision)}</span>{e.errors.length ? ` (${e.errors.join(', ')})` : ''}</td>
                    <td className="ids">{reads(w, e.delivered)}{e.wrote.length ? ` ✎ ${e.wrote.join(', ')}` : ''}</td>
                    <td className="ids">{[...new Set(e.withheld.map((h) => w.rule(h.rule).title))].join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <LoadMore pages={read} />
        </>
      )}
    </>
  );
}
