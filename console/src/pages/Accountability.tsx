/**
 * Accountability views of the caller's own member: for its prosecutors, who abroad read its
 * records (foreignAccess); for its auditors, the hash-chained audit log (auditLog), with the
 * chain's links checked over the entries shown (the full check against the secretariat's
 * heads is `npm run audit -- verify`). Both newest first, a page at a time, "Load more" for older ones.
 */
import { brokenLinks } from '../auditChain';
import { LoadMore } from '../components/LoadMore';
import { Errors, Empty, Failure, Loading } from '../components/States';
import { PageTitle } from '../components/PageTitle';
import { TableWrap } from '../components/TableWrap';
import { useT } from '../i18n';
import { otherErrors } from '../outcome';
import { useSession } from '../session';
import { usePages } from '../usePages';
import { useWords, type WordsApi } from '../words/words';

interface Caller { subject: string; country: string; roles: string[] }
interface Delivery { record: string; fields: string[]; grants: string[] | null }

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
  const country = useSession().who?.country;
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
                  <td>{a.purpose} · {a.caseRef}</td>
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

const AUDIT = `query AuditLog($c: [String!], $after: String) { auditLogPage(countries: $c, first: ${PAGE}, after: $after) {
  items { seq at caller { subject country roles } operation { type name } purpose caseRef decision
  delivered { record fields grants } withheld { record field rule } wrote errors prev hash } ${PAGING} } }`;

interface Entry {
  seq: number;
  at: string;
  caller: Caller | null;
  operation: { type: string | null; name: string | null };
  purpose: string | null;
  caseRef: string | null;
  decision: string;
  delivered: Delivery[];
  withheld: { record: string | null; field: string; rule: string }[];
  wrote: string[];
  errors: string[];
  prev: string;
  hash: string;
}

export function AuditLog() {
  const t = useT();
  const w = useWords();
  const country = useSession().who?.country;
  const read = usePages<Entry>(AUDIT, 'auditLogPage', 'auditLog', { c: country ? [country] : [] });
  const entries = read.items;
  const broken = entries ? brokenLinks(entries) : [];
  return (
    <>
      <PageTitle>{t('auditTitle')}</PageTitle>
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
            <table>
              <thead><tr><th scope="col">#</th><th scope="col">{t('when')}</th><th scope="col">{t('caller')}</th><th scope="col">{t('operation')}</th><th scope="col">{t('purpose')}</th><th scope="col">{t('decision')}</th><th scope="col">{t('recordsRead')}</th><th scope="col">{t('withheldRules')}</th></tr></thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td>{w.dateTime(e.at)}</td>
                    <td>{e.caller ? callerWords(w, e.caller) : '—'}</td>
                    {/* What was read, in words; the operation as logged for whoever looks closer. */}
                    <td title={[e.operation.type, e.operation.name].filter(Boolean).join(' ')} data-operation={e.operation.name ?? undefined}>{w.read(e)}</td>
                    <td>{e.purpose} · {e.caseRef}</td>
                    <td>{w.enumValue('AuditDecision', e.decision)}{e.errors.length ? ` (${e.errors.join(', ')})` : ''}</td>
                    <td>{reads(w, e.delivered)}{e.wrote.length ? ` ✎ ${e.wrote.join(', ')}` : ''}</td>
                    <td>{[...new Set(e.withheld.map((h) => w.rule(h.rule).title))].join('; ')}</td>
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
