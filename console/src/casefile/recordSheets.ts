/**
 * The person's and the case's sheet for the case file, from the answer their page shows: the same
 * fields at the same paths, so a field withheld on screen is withheld on paper, by the same owner
 * under the same rule; and the same words: roles, offences, statuses, handling codes, age bands,
 * documents and grades as the page writes them (words/), dates in the user's locale, a withheld
 * field by its rule's title (the protocol's words) in the user's language.
 */
import { place } from '../format';
import type { Translate } from '../i18n';
import { pathKey, type Withholding } from '../outcome';
import type { CaseRecord } from '../records/case';
import { IDENTITY_FIELDS, identityValue, type PersonRecord } from '../records/person';
import type { Placed } from '../samePerson';
import type { WordsApi } from '../words/words';
import { cellReader, type ReadContext, type Sheet, type SheetCell, type SheetSection, type SheetWords } from './sheet';
import type { TimelineEvent } from './timeline';

export const sheetWords = (t: Translate, w: WordsApi): SheetWords => ({
  withheld: (x) => t('withheldBy', { country: x.country, rule: w.rule(x.rule).title }),
  missing: t('notRecorded'),
  yes: t('yes'),
  no: t('no'),
  readAt: (iso) => w.dateTime(iso, true),
});

const text = (value: string): SheetCell => ({ kind: 'value', text: value });
const day = (w: WordsApi) => (v: unknown) => w.date(String(v));
const list = (words: (v: string) => string) => (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => words(String(x))).join(', ');

function timelineSection(events: readonly TimelineEvent[], t: Translate, w: WordsApi): SheetSection {
  return {
    title: t('timeline'),
    table: {
      columns: [t('when'), t('owner'), t('timelineEvent')],
      rows: events.map((e) => [e.withheld ? { kind: 'withheld', withholding: e.withheld } : text(w.date(e.date)), text(e.owner), text(e.what)]),
    },
  };
}

export function personSheet(records: readonly Placed<PersonRecord>[], withheld: ReadonlyMap<string, Withholding>, timeline: readonly TimelineEvent[], read: ReadContext, title: string, t: Translate, w: WordsApi): Sheet {
  const cell = cellReader(withheld, sheetWords(t, w));
  const [first] = records;
  const sections: SheetSection[] = records.map(({ record, at }, i) => ({
    title: i === 0 ? t('fullName') : t('samePersonRecord', { country: record.country }),
    note: `${record.id} · ${t('owner')}: ${record.country}`,
    fields: IDENTITY_FIELDS.map((f) => ({ label: t(f), cell: cell([...at, f], identityValue(record, f, w)) })),
  }));
  sections.push({
    title: t('cases'),
    table: {
      columns: [t('owner'), t('caseTitle'), t('category'), t('offences'), t('status'), t('openedOn'), t('closedOn'), t('handling')],
      rows: records.flatMap(({ record, at }) => {
        const all = withheld.get(pathKey([...at, 'involvements']));
        if (all) return [[text(record.country), { kind: 'withheld', withholding: all }, ...Array<SheetCell>(6).fill({ kind: 'missing' })]];
        return (record.involvements ?? []).map((inv, i) => {
          const here = [...at, 'involvements', i, 'case'];
          const c = inv.case;
          return [
            text(record.country), cell(here, c ? c.reference ?? c.id : null),
            cell([...at, 'involvements', i, 'category'], inv.category, (v) => w.enumValue('PersonCategory', String(v))),
            cell([...here, 'offences'], c?.offences, list((o) => w.enumValue('Offence', o))),
            cell([...here, 'status'], c?.status, (v) => w.enumValue('CaseStatus', String(v))),
            cell([...here, 'openedOn'], c?.openedOn, day(w)), cell([...here, 'closedOn'], c?.closedOn, day(w)),
            cell([...here, 'handlingCode'], c?.handlingCode, (v) => [w.handling(String(v)), c?.handlingConditions].filter(Boolean).join(' — ')),
          ];
        });
      }),
    },
  });
  sections.push(timelineSection(timeline, t, w));
  return { title, recordId: first.record.id, owner: first.record.country, read, sections };
}

export function caseSheet(c: CaseRecord, withheld: ReadonlyMap<string, Withholding>, timeline: readonly TimelineEvent[], read: ReadContext, title: string, t: Translate, w: WordsApi): Sheet {
  const cell = cellReader(withheld, sheetWords(t, w));
  const at = (...p: (string | number)[]) => ['case', ...p];
  const sections: SheetSection[] = [
    {
      title: t('caseTitle'),
      note: `${c.id} · ${t('owner')}: ${c.country}`,
      fields: [
        { label: t('reference'), cell: cell(at('reference'), c.reference) },
        { label: t('offences'), cell: cell(at('offences'), c.offences, list((o) => w.enumValue('Offence', o))) },
        { label: t('status'), cell: cell(at('status'), c.status, (v) => w.enumValue('CaseStatus', String(v))) },
        { label: t('openedOn'), cell: cell(at('openedOn'), c.openedOn, day(w)) },
        { label: t('closedOn'), cell: cell(at('closedOn'), c.closedOn, day(w)) },
        { label: t('handling'), cell: cell(at('handlingCode'), c.handlingCode, (v) => w.handling(String(v))) },
        { label: t('handlingConditions'), cell: cell(at('handlingConditions'), c.handlingConditions) },
        { label: t('reliability'), cell: cell(at('sourceReliability'), c.sourceReliability, (v) => `${String(v)} — ${w.enumValue('SourceReliability', String(v))}`) },
        { label: t('accuracy'), cell: cell(at('informationAccuracy'), c.informationAccuracy, (v) => `${String(v)} — ${w.value('InformationAccuracy', Number(v))}`) },
        { label: t('summary'), cell: cell(at('summary'), c.summary) },
      ],
    },
    {
      title: t('involved'),
      table: {
        columns: [t('category'), t('fullName'), t('ageBand'), t('owner')],
        rows: c.involved === null
          ? [[cell(at('involved'), null), { kind: 'missing' }, { kind: 'missing' }, text(c.country)]]
          : c.involved.map((inv, i) => {
            const person = at('involved', i, 'person');
            const role = cell(at('involved', i, 'category'), inv.category, (v) => w.enumValue('PersonCategory', String(v)));
            return inv.person
              ? [role, cell([...person, 'fullName'], inv.person.fullName), cell([...person, 'ageBand'], inv.person.ageBand, (v) => w.enumValue('AgeBand', String(v))), text(inv.person.country)]
              : [role, cell(person, null), { kind: 'missing' }, text(c.country)];
          }),
      },
    },
    {
      title: t('routes'),
      table: {
        columns: [t('routeCode'), t('origin'), t('destination'), t('modusOperandi')],
        rows: c.routes === null
          ? [[cell(at('routes'), null), { kind: 'missing' }, { kind: 'missing' }, { kind: 'missing' }]]
          : c.routes.map((r, i) => [text(r.routeCode), cell(at('routes', i, 'origin'), place(r.origin) || null), cell(at('routes', i, 'destination'), place(r.destination) || null), cell(at('routes', i, 'modusOperandi'), r.modusOperandi)]),
      },
    },
    timelineSection(timeline, t, w),
  ];
  return { title, recordId: c.id, owner: c.country, read, sections };
}
