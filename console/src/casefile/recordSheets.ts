/**
 * The person's and the case's sheet for the case file, from the answer their page shows: the same
 * fields at the same paths, so a field withheld on screen is withheld on paper, by the same owner
 * under the same rule.
 */
import { place } from '../format';
import type { Lang, Translate } from '../i18n';
import type { WordsApi } from '../words/words';
import type { Words } from '../lang';
import { pathKey, type Withholding } from '../outcome';
import type { CaseRecord } from '../records/case';
import { IDENTITY_FIELDS, identityValue, type PersonRecord } from '../records/person';
import type { Placed } from '../samePerson';
import { ENUM_WORDS, VALUE_WORDS } from '../words/enums';
import { cellReader, type ReadContext, type Sheet, type SheetCell, type SheetSection, type SheetWords } from './sheet';
import type { TimelineEvent } from './timeline';

export const sheetWords = (t: Translate): SheetWords => ({
  withheld: (w) => t('withheldBy', { country: w.country, rule: w.rule }),
  missing: t('notRecorded'),
  yes: t('yes'),
  no: t('no'),
});

const text = (value: string): SheetCell => ({ kind: 'value', text: value });

function timelineSection(events: readonly TimelineEvent[], t: Translate): SheetSection {
  return {
    title: t('timeline'),
    table: {
      columns: [t('when'), t('owner'), t('timelineEvent')],
      rows: events.map((e) => [e.withheld ? { kind: 'withheld', withholding: e.withheld } : text(e.date ?? ''), text(e.owner), text(e.what)]),
    },
  };
}

export function personSheet(records: readonly Placed<PersonRecord>[], withheld: ReadonlyMap<string, Withholding>, timeline: readonly TimelineEvent[], read: ReadContext, title: string, t: Translate, w: WordsApi): Sheet {
  const cell = cellReader(withheld, sheetWords(t));
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
            text(record.country), cell(here, c ? c.reference ?? c.id : null), cell([...at, 'involvements', i, 'category'], inv.category),
            cell([...here, 'offences'], c?.offences), cell([...here, 'status'], c?.status), cell([...here, 'openedOn'], c?.openedOn),
            cell([...here, 'closedOn'], c?.closedOn), cell([...here, 'handlingCode'], c?.handlingCode, (v) => [v, c?.handlingConditions].filter(Boolean).join(' — ')),
          ];
        });
      }),
    },
  });
  sections.push(timelineSection(timeline, t));
  return { title, recordId: first.record.id, owner: first.record.country, read, sections };
}

export function caseSheet(c: CaseRecord, withheld: ReadonlyMap<string, Withholding>, timeline: readonly TimelineEvent[], read: ReadContext, title: string, t: Translate, lang: Lang): Sheet {
  const cell = cellReader(withheld, sheetWords(t));
  const at = (...p: (string | number)[]) => ['case', ...p];
  const graded = (meanings: Readonly<Record<string, Words>>) => (v: unknown) => `${String(v)} — ${meanings[String(v)]?.[lang] ?? ''}`;
  const sections: SheetSection[] = [
    {
      title: t('caseTitle'),
      note: `${c.id} · ${t('owner')}: ${c.country}`,
      fields: [
        { label: t('reference'), cell: cell(at('reference'), c.reference) },
        { label: t('offences'), cell: cell(at('offences'), c.offences) },
        { label: t('status'), cell: cell(at('status'), c.status) },
        { label: t('openedOn'), cell: cell(at('openedOn'), c.openedOn) },
        { label: t('closedOn'), cell: cell(at('closedOn'), c.closedOn) },
        { label: t('handling'), cell: cell(at('handlingCode'), c.handlingCode, graded(ENUM_WORDS.HandlingCode)) },
        { label: t('handlingConditions'), cell: cell(at('handlingConditions'), c.handlingConditions) },
        { label: t('reliability'), cell: cell(at('sourceReliability'), c.sourceReliability, graded(ENUM_WORDS.SourceReliability)) },
        { label: t('accuracy'), cell: cell(at('informationAccuracy'), c.informationAccuracy, graded(VALUE_WORDS.InformationAccuracy)) },
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
            return inv.person
              ? [cell(at('involved', i, 'category'), inv.category), cell([...person, 'fullName'], inv.person.fullName), cell([...person, 'ageBand'], inv.person.ageBand), text(inv.person.country)]
              : [cell(at('involved', i, 'category'), inv.category), cell(person, null), { kind: 'missing' }, text(c.country)];
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
    timelineSection(timeline, t),
  ];
  return { title, recordId: c.id, owner: c.country, read, sections };
}
