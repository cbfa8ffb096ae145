/**
 * A sheet as a pdfmake document for the case file: who read it, when, for which purpose and case
 * reference at the top and on every page's foot, what the owners withheld summed up, then each part
 * of the record with every withheld field marked "withheld by <owner>: <the rule's title>", in the
 * user's language. Pure (a plain
 * document definition), so that it can be checked without drawing it; pdfFile.ts draws it.
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Translate } from '../i18n';
import { cellText, withholdingsOf, type Sheet, type SheetCell, type SheetWords } from './sheet';

const INK = '#1b1f24';
const MUTED = '#4f5861';
const WITHHELD_INK = '#6b4500';
const WITHHELD_FILL = '#fff4d6';
const HEAD_FILL = '#e9eef3';

function pdfCell(cell: SheetCell, words: SheetWords): TableCell {
  if (cell.kind === 'withheld') return { text: cellText(cell, words), italics: true, color: WITHHELD_INK, fillColor: WITHHELD_FILL };
  if (cell.kind === 'missing') return { text: cellText(cell, words), color: MUTED };
  return { text: cell.text };
}

/** The line that makes each page accountable: who read the record, when, why. */
export const readLine = (sheet: Sheet, t: Translate, words: Pick<SheetWords, 'readAt'>): string =>
  t('readNote', { at: words.readAt(sheet.read.at), who: sheet.read.by, purpose: sheet.read.purpose, caseRef: sheet.read.caseRef });

export function sheetDocument(sheet: Sheet, words: SheetWords, t: Translate): TDocumentDefinitions {
  const withheld = withholdingsOf(sheet);
  const content: Content[] = [
    { text: sheet.title, style: 'title' },
    { text: `${sheet.recordId} · ${t('owner')}: ${sheet.owner}`, style: 'note' },
    {
      table: {
        widths: ['auto', '*'],
        body: [
          [{ text: t('readAt'), bold: true }, words.readAt(sheet.read.at)],
          [{ text: t('readBy'), bold: true }, sheet.read.by],
          [{ text: t('purpose'), bold: true }, sheet.read.purpose],
          [{ text: t('caseRef'), bold: true }, sheet.read.caseRef],
        ],
      },
      layout: 'lightHorizontalLines',
      margin: [0, 6, 0, 6],
    },
    { text: t('printWithheldNote'), style: 'note' },
    withheld.length
      ? { ul: withheld.map((w) => ({ text: words.withheld(w), italics: true, color: WITHHELD_INK })), margin: [0, 2, 0, 8] }
      : { text: t('printNothingWithheld'), style: 'note', margin: [0, 2, 0, 8] },
  ];
  for (const section of sheet.sections) {
    content.push({ text: section.title, style: 'section' });
    if (section.note) content.push({ text: section.note, style: 'note' });
    if (section.fields?.length) {
      content.push({
        table: { widths: [130, '*'], body: section.fields.map((f) => [{ text: f.label, bold: true, color: MUTED }, pdfCell(f.cell, words)]) },
        layout: 'lightHorizontalLines',
      });
    }
    if (section.table) {
      const { columns, rows } = section.table;
      content.push(rows.length
        ? {
          table: {
            headerRows: 1,
            widths: columns.map(() => '*'),
            body: [columns.map((c): TableCell => ({ text: c, bold: true, fillColor: HEAD_FILL })), ...rows.map((r) => r.map((c) => pdfCell(c, words)))],
          },
          layout: 'lightHorizontalLines',
        }
        : { text: t('nothingFound'), style: 'note' });
    }
  }
  return {
    info: { title: `${sheet.title} (${sheet.recordId})`, author: sheet.read.by, subject: `${sheet.read.purpose} — ${sheet.read.caseRef}`, creator: 'Enlace' },
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 56],
    header: () => ({ text: `Enlace · ${sheet.title} · ${sheet.recordId}`, fontSize: 7, color: MUTED, margin: [40, 20, 40, 0] }),
    footer: (page: number, pages: number) => ({
      columns: [{ text: readLine(sheet, t, words), width: '*' }, { text: t('printPage', { n: page, m: pages }), width: 'auto' }],
      fontSize: 7, color: MUTED, margin: [40, 16, 40, 0], columnGap: 12,
    }),
    content,
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 2] },
      section: { fontSize: 12, bold: true, margin: [0, 12, 0, 4] },
      note: { fontSize: 8, color: MUTED },
    },
    defaultStyle: { font: 'Roboto', fontSize: 9, color: INK },
  };
}
