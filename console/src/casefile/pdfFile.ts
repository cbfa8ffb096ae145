/**
 * Draws a sheet's PDF in the browser with pdfmake, from the answer already on the page. Loaded on
 * demand (dynamic import) so pdfmake stays out of the first page; the fonts (Roboto, from pdfmake's
 * own build, every Latin accent and dash) are files of the console's build, fetched from the
 * gateway when the first PDF is made: nothing comes from elsewhere.
 */
import pdfMake from 'pdfmake/build/pdfmake';
import regular from 'pdfmake/build/fonts/Roboto/Roboto-Regular.ttf?url';
import medium from 'pdfmake/build/fonts/Roboto/Roboto-Medium.ttf?url';
import italic from 'pdfmake/build/fonts/Roboto/Roboto-Italic.ttf?url';
import type { Translate } from '../i18n';
import { sheetDocument } from './pdfDocument';
import type { Sheet, SheetWords } from './sheet';

// pdfmake fetches fonts given as http(s) URLs: absolute ones, on this origin.
const absolute = (url: string) => new URL(url, location.href).href;
pdfMake.setFonts({ Roboto: { normal: absolute(regular), bold: absolute(medium), italics: absolute(italic), bolditalics: absolute(medium) } });

export function sheetPdf(sheet: Sheet, words: SheetWords, t: Translate): Promise<Blob> {
  return pdfMake.createPdf(sheetDocument(sheet, words, t)).getBlob();
}
