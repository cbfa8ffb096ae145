/**
 * "For the case file": the record as PDF or CSV, or printed, from the answer on the page; and the
 * line saying who read it, when, for which purpose and case reference (printed too, at the top).
 */
import { useState } from 'react';
import { csvBlob, saveFile } from '../casefile/download';
import { readLine } from '../casefile/pdfDocument';
import { sheetWords } from '../casefile/recordSheets';
import { exportName, type Sheet } from '../casefile/sheet';
import { useT } from '../i18n';
import { useWords } from '../words/words';

export function CaseFileBar({ sheet }: { sheet: Sheet }) {
  const t = useT();
  const words = sheetWords(t, useWords());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  // The writers (pdfmake, papaparse) are loaded on the first export, not with the page.
  const run = async (make: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await make();
    } catch (err) {
      setProblem(String((err as Error)?.message ?? err));
    } finally {
      setBusy(false);
    }
  };
  const pdf = () => run(async () => {
    const { sheetPdf } = await import('../casefile/pdfFile');
    saveFile(exportName(sheet, 'pdf'), await sheetPdf(sheet, words, t));
  });
  const csv = () => run(async () => {
    const { sheetCsv } = await import('../casefile/csv');
    saveFile(exportName(sheet, 'csv'), csvBlob(sheetCsv(sheet, words, t)));
  });

  return (
    <section className="casefile" aria-label={t('caseFile')}>
      <p className="read-note" data-testid="read-note">{readLine(sheet, t, words)}</p>
      <div className="casefile-actions no-print">
        <button type="button" className="secondary small" onClick={() => void pdf()} disabled={busy}>{busy ? t('exportingPdf') : t('exportPdf')}</button>
        <button type="button" className="secondary small" onClick={() => void csv()} disabled={busy}>{t('exportCsv')}</button>
        <button type="button" className="secondary small" onClick={() => window.print()}>{t('print')}</button>
      </div>
      {problem && <p role="alert" className="error">{t('exportFailed', { reason: problem })}</p>}
    </section>
  );
}
