/**
 * The case file's pure parts: a record's sheet from the answer its page shows (every withheld field
 * marked with its owner and its rule's title, codes in words, dates in the locale, in each language),
 * the CSV (RFC 4180, formulas defused, the read's context on each row, the rule's id for machines),
 * the PDF (drawn by pdfmake as the browser does, read back as text), timelines and saved searches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { protocolPath } from '@enlace/schema';
import { withheldFields } from '../../../console/src/outcome';
import { sheetCsv } from '../../../console/src/casefile/csv';
import { readLine, sheetDocument } from '../../../console/src/casefile/pdfDocument';
import { caseSheet, personSheet, sheetWords } from '../../../console/src/casefile/recordSheets';
import { cellText, exportName, readContext, withholdingsOf } from '../../../console/src/casefile/sheet';
import { caseTimeline, ordered, personTimeline } from '../../../console/src/casefile/timeline';
import type { CaseRecord } from '../../../console/src/records/case';
import type { PersonRecord } from '../../../console/src/records/person';
import { linkedClosure } from '../../../console/src/samePerson';
import { MAX_SAVED, readSaved, storageKey, withoutSaved, withSaved, writeSaved } from '../../../console/src/savedSearches';
import type { Translate } from '../../../console/src/i18n';
import { protocolModule } from '../../../console/src/words/protocol';
import { makeWords } from '../../../console/src/words/wordsApi';
import { pdfText } from '../../support/pdfText';

/** The console's words (enum values, rule titles from the protocol file, dates) as its build makes them, in English and Portuguese. */
const protocol = protocolModule(JSON.parse(readFileSync(protocolPath(), 'utf8')));
const w = makeWords('en', 'en-GB', protocol);
const pt = makeWords('pt', 'pt-BR', protocol);
/** Labels as the console's English would give them (i18n.ts needs the session's React context); keys the tests do not care for read as the key. */
const WORDS: Record<string, string> = {
  withheldBy: 'withheld by {country}: {rule}', notRecorded: 'not recorded', yes: 'yes', no: 'no',
  readNote: 'Read {at} by {who} · purpose: {purpose} · case reference: {caseRef}', printPage: 'page {n} of {m}',
  timelineOpened: 'Case {case} opened ({role})', timelineClosed: 'Case {case} closed ({role})', timelineCaseOpened: 'Case opened',
  timelineTransfer: 'Transfer of {amount} ({channel})', timelineRouteFrom: 'Route {code} active from',
};
const t: Translate = (key, vars) => (WORDS[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`));
const words = sheetWords(t, w);
const IDENTITY = 'withheld by AR: the person’s identity (names, aliases, date of birth)';
const DOCUMENTS = 'withheld by AR: the person’s identity documents';
const forbidden = (path: (string | number)[], rule: string, country: string) => ({ message: 'Not shared', path, extensions: { code: 'FORBIDDEN', rule, country } });
const read = readContext({ country: 'CO', roles: ['prosecutor'], subject: 'fiscal@co' }, 'Investigation of a trafficking network', 'CO-2026-TIP-0077', '2026-03-02T14:08:09.000Z', (r) => w.value('Role', r));

const involvement = (id: string, category: string, openedOn: string | null, closedOn: string | null = null) => ({
  category, case: { id, reference: `${id}-REF`, offences: ['TIP'], status: 'INVESTIGATION', openedOn, closedOn, handlingCode: 'H2', handlingConditions: null },
});
const arPerson: PersonRecord = {
  id: 'AR:P:1', country: 'AR', fullName: null, aliases: ['=HYPERLINK("http://x")'], sex: 'FEMALE', dateOfBirth: null, ageBand: 'ADULT_18_29', minor: false,
  nationalities: ['BO'], documents: null, involvements: [involvement('AR:C:1', 'VICTIM', '2024-05-01'), involvement('AR:C:2', 'WITNESS', '2021-01-09', '2023-02-03')],
  linkedRecords: [{
    id: 'CO:P:9', country: 'CO', fullName: 'Ana, "La Negra" Quispe', aliases: null, sex: 'FEMALE', dateOfBirth: '2001-07-02', ageBand: 'ADULT_18_29', minor: false,
    nationalities: ['BO'], documents: [{ type: 'PASSPORT', number: '+591 123', issuingCountry: 'BO' }], involvements: [involvement('CO:C:4', 'VICTIM', '2022-11-30')], linkedRecords: null,
  }, null],
};
const personErrors = [forbidden(['person', 'fullName'], 'person.identity', 'AR'), forbidden(['person', 'dateOfBirth'], 'person.identity', 'AR'), forbidden(['person', 'documents'], 'person.documents', 'AR')];

function arPersonSheet(words = w) {
  const withheld = withheldFields(personErrors);
  const records = linkedClosure(arPerson, ['person']);
  return personSheet(records, withheld, personTimeline(records, withheld, t, words), read, `Person: ${IDENTITY}`, t, words);
}

describe("a record's sheet", () => {
  test('every field is the owner\'s value in words, its withholding (owner and rule) or "not recorded"; a linked record is its own part, never merged', () => {
    const sheet = arPersonSheet();
    const [ar, co] = sheet.sections;
    const field = (section: typeof ar, label: string) => section.fields!.find((f) => f.label === label)!.cell;
    expect(field(ar, 'fullName')).toEqual({ kind: 'withheld', withholding: { country: 'AR', rule: 'person.identity' } });
    expect(field(ar, 'documents')).toEqual({ kind: 'withheld', withholding: { country: 'AR', rule: 'person.documents' } });
    expect(field(ar, 'ageBand')).toEqual({ kind: 'value', text: 'adult (18–29)' });
    expect(field(ar, 'sex')).toEqual({ kind: 'value', text: 'female' });
    expect(field(ar, 'minor')).toEqual({ kind: 'value', text: 'no' });
    // CO's record keeps CO's values: AR's withholdings do not reach it, CO's name does not reach AR's part.
    expect(co.note).toContain('CO:P:9');
    expect(field(co, 'fullName')).toEqual({ kind: 'value', text: 'Ana, "La Negra" Quispe' });
    expect(field(co, 'dateOfBirth')).toEqual({ kind: 'value', text: '2 Jul 2001' });
    expect(field(co, 'documents')).toEqual({ kind: 'value', text: 'passport +591 123 (BO)' });
    // The cases table: roles, offences, statuses, dates and handling codes in words.
    expect(sheet.sections[2].table!.rows[0].map((c) => cellText(c, words))).toEqual(['AR', 'AR:C:1-REF', 'victim', 'trafficking in persons', 'under investigation', '1 May 2024', 'not recorded', 'H2 — no onward sharing']);
    expect(sheet.sections).toHaveLength(4); // AR, CO (the null link is no record), cases, timeline
    expect(withholdingsOf(sheet)).toEqual([{ country: 'AR', rule: 'person.documents' }, { country: 'AR', rule: 'person.identity' }]);
    expect(exportName(sheet, 'pdf')).toBe('AR-P-1_2026-03-02-14-08-09.pdf');
    expect(cellText({ kind: 'missing' }, words)).toBe('not recorded');
    expect(cellText(field(ar, 'fullName'), words)).toBe(IDENTITY);
  });

  test("in the user's language: Portuguese words for the codes, dates as pt-BR writes them, the rule's Portuguese title", () => {
    const sheet = arPersonSheet(pt);
    const texts = (i: number) => sheet.sections[i].fields!.map((f) => cellText(f.cell, sheetWords(t, pt)));
    expect(texts(0)).toEqual(expect.arrayContaining(['withheld by AR: identidade da pessoa (nomes, apelidos, data de nascimento)', 'withheld by AR: documentos de identidade da pessoa', 'adulto (18–29)', 'feminino']));
    expect(texts(1)).toEqual(expect.arrayContaining(['2 de jul. de 2001', 'passaporte +591 123 (BO)']));
    expect(sheet.sections[2].table!.rows[0].map((c) => cellText(c, sheetWords(t, pt)))).toEqual(['AR', 'AR:C:1-REF', 'vítima', 'tráfico de pessoas', 'em investigação', '1 de mai. de 2024', 'not recorded', 'H2 — sem transmissão a terceiros']);
    expect(sheet.sections[3].table!.rows.map((r) => r[2])).toContainEqual({ kind: 'value', text: 'Case CO:C:4-REF opened (vítima)' });
    expect(sheetWords(t, pt).readAt(read.at)).toBe('2 de mar. de 2026, 14:08:09 UTC');
  });

  test("a case's withheld list (its persons) is marked where the list would be; a withheld person is a withheld row", () => {
    const c: CaseRecord = {
      id: 'AR:C:1', country: 'AR', reference: 'FTN-1', offences: ['TIP'], status: 'INVESTIGATION', openedOn: '2024-05-01', closedOn: null, summary: null,
      handlingCode: 'H1', handlingConditions: null, sourceReliability: 'B', informationAccuracy: 2,
      involved: [{ category: 'SUSPECT', person: { id: 'AR:P:1', country: 'AR', fullName: 'Mateo', ageBand: 'ADULT_30_49' } }, { category: 'WITNESS', person: null }],
      routes: null, transfersPage: null,
    };
    const withheld = withheldFields([forbidden(['case', 'involved', 1, 'person'], 'person.known', 'AR'), forbidden(['case', 'routes'], 'case.routes', 'AR'), forbidden(['case', 'transfersPage'], 'finance.transfers', 'AR')]);
    const sheet = caseSheet(c, withheld, caseTimeline(c, withheld, t, w), read, 'Case: FTN-1', t, w);
    const [facts, involved, routes, timeline] = sheet.sections;
    expect(facts.fields!.find((f) => f.label === 'handling')!.cell).toEqual({ kind: 'value', text: 'H1 — not for court without permission' });
    expect(facts.fields!.find((f) => f.label === 'reliability')!.cell).toEqual({ kind: 'value', text: 'B — mostly reliable' });
    expect(facts.fields!.find((f) => f.label === 'accuracy')!.cell).toEqual({ kind: 'value', text: '2 — known to the source personally' });
    expect(facts.fields!.find((f) => f.label === 'status')!.cell).toEqual({ kind: 'value', text: 'under investigation' });
    expect(involved.table!.rows[0].map((cell) => cellText(cell, words))).toEqual(['suspect', 'Mateo', 'adult (30–49)', 'AR']);
    expect(involved.table!.rows[1][1]).toEqual({ kind: 'withheld', withholding: { country: 'AR', rule: 'person.known' } });
    expect(routes.table!.rows[0][0]).toEqual({ kind: 'withheld', withholding: { country: 'AR', rule: 'case.routes' } });
    // The timeline: the opening, dated; what the owner withheld, undated and marked, after it.
    expect(timeline.table!.rows.map((r) => r.map((cell) => cellText(cell, words)))).toEqual([
      ['1 May 2024', 'AR', 'Case opened'],
      ['withheld by AR: the routes used in the case', 'AR', 'routes'],
      ['withheld by AR: money transfers in the case', 'AR', 'timelineTransfers'],
    ]);
  });
});

describe('timelines', () => {
  test("a person's involvements across the same person's records, oldest first, each event its owner's; withheld dates last", () => {
    const withheld = withheldFields([forbidden(['person', 'involvements', 0, 'case', 'openedOn'], 'case.detail', 'AR')]);
    const events = personTimeline(linkedClosure(arPerson, ['person']), withheld, t, w);
    expect(events.map((e) => [e.date, e.owner, e.what])).toEqual([
      ['2021-01-09', 'AR', 'Case AR:C:2-REF opened (witness)'],
      ['2022-11-30', 'CO', 'Case CO:C:4-REF opened (victim)'],
      ['2023-02-03', 'AR', 'Case AR:C:2-REF closed (witness)'],
      [null, 'AR', 'Case AR:C:1-REF opened (victim)'],
    ]);
    expect(events[3].withheld).toEqual({ country: 'AR', rule: 'case.detail' });
  });

  test("a case's transfers: the amount as the locale writes it, the channel in words", () => {
    const c = { id: 'AR:C:1', country: 'AR', openedOn: null, closedOn: null, routes: [], transfersPage: { items: [{ id: 'x', date: '2024-06-01', amount: '1500.5', currency: 'USD', channel: 'MONEY_REMITTANCE' }], count: 1, countCapped: false } } as unknown as CaseRecord;
    expect(caseTimeline(c, new Map(), t, w).map((e) => e.what)).toEqual(['Transfer of USD\u00a01,500.50 (money remittance)']);
    expect(caseTimeline(c, new Map(), t, pt).map((e) => e.what)).toEqual(['Transfer of USD\u00a01.500,50 (remessa de dinheiro)']);
  });

  test('ties keep their order', () => {
    const e = (date: string | null, what: string) => ({ date, what, owner: 'AR' });
    expect(ordered([e(null, 'a'), e('2020-01-01', 'b'), e('2019-01-01', 'c'), e('2020-01-01', 'd')]).map((x) => x.what)).toEqual(['c', 'b', 'd', 'a']);
  });
});

describe('CSV for the case file', () => {
  test('RFC 4180 quoting, formulas defused, withheld fields marked with owner and rule (its title; its id for machines), the read on every row', () => {
    const csv = sheetCsv(arPersonSheet(), words, t);
    expect(csv).toContain('\r\n');
    expect(csv.split('\r\n').every((line) => !line.endsWith('\r'))).toBe(true);
    const { data, errors } = Papa.parse<string[]>(csv, { skipEmptyLines: true });
    expect(errors).toEqual([]);
    const [header, ...rows] = data;
    expect(header).toEqual(['csvRecord', 'owner', 'csvSection', 'csvRow', 'csvField', 'csvValue', 'csvWithheldBy', 'csvRule', 'readAt', 'readBy', 'purpose', 'caseRef']);
    const row = (field: string, section = 'fullName') => rows.find((r) => r[4] === field && r[2].startsWith(section))!;
    expect(row('fullName')).toEqual(['AR:P:1', 'AR', 'fullName (AR:P:1 · owner: AR)', '', 'fullName', IDENTITY, 'AR', 'person.identity',
      '2026-03-02T14:08:09.000Z', 'CO prosecutor (fiscal@co)', 'Investigation of a trafficking network', 'CO-2026-TIP-0077']);
    // A cell a spreadsheet would run as a formula is text: prefixed with ' (and quoted, since it holds quotes).
    expect(row('aliases')[5]).toBe('\'=HYPERLINK("http://x")');
    expect(csv).toContain('"\'=HYPERLINK(""http://x"")"');
    expect(row('documents', 'samePersonRecord')[5]).toBe('passport +591 123 (BO)');
    // Commas and quotes survive the round trip.
    expect(row('fullName', 'samePersonRecord')[5]).toBe('Ana, "La Negra" Quispe');
    expect(csv).toContain('"Ana, ""La Negra"" Quispe"');
    for (const r of rows) expect(r.slice(8)).toEqual(['2026-03-02T14:08:09.000Z', 'CO prosecutor (fiscal@co)', 'Investigation of a trafficking network', 'CO-2026-TIP-0077']);
    // Every cell starting with = + - @ is prefixed.
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('PDF for the case file', () => {
  test('pdfmake draws the sheet: the read on every page, each withheld field marked with owner and rule title', async () => {
    // The browser build fetches the same fonts by URL; here pdfmake reads them from its package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pdfmake = require('pdfmake') as typeof import('pdfmake/build/pdfmake');
    const fonts = join(require.resolve('pdfmake/package.json'), '..', 'build', 'fonts', 'Roboto');
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((path) => path.startsWith(fonts));
    pdfmake.setFonts({ Roboto: { normal: join(fonts, 'Roboto-Regular.ttf'), bold: join(fonts, 'Roboto-Medium.ttf'), italics: join(fonts, 'Roboto-Italic.ttf'), bolditalics: join(fonts, 'Roboto-Medium.ttf') } });
    const sheet = arPersonSheet();
    const buffer = await (pdfmake.createPdf(sheetDocument(sheet, words, t)) as unknown as { getBuffer(): Promise<Buffer> }).getBuffer();
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = pdfText(buffer);
    expect(text).toContain(IDENTITY);
    expect(text).toContain(DOCUMENTS);
    expect(text).not.toMatch(/\b(VICTIM|WITNESS|INVESTIGATION|ADULT_18_29|PASSPORT|person\.identity)\b/);
    expect(text).toContain('Ana, "La Negra" Quispe');
    // At each page's foot.
    expect(text.split(readLine(sheet, t, words)).length - 1).toBe(pages);
    expect(readLine(sheet, t, words)).toBe('Read 2 Mar 2026, 14:08:09 UTC by CO prosecutor (fiscal@co) · purpose: Investigation of a trafficking network · case reference: CO-2026-TIP-0077');
    expect(text).toMatch(/page 1 of \d/);
  });
});

describe('saved searches', () => {
  test("kept per caller (issuer, country, subject), newest first, one per name, at most MAX_SAVED, only the search page's addresses", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const me = { issuer: 'https://idp.co', country: 'CO', subject: 'fiscal@co' };
    const other = { ...me, issuer: 'https://elsewhere' };
    let list = withSaved([], { name: 'Quispe', target: '#/search?kind=persons&name=Quispe&go=1' });
    list = withSaved(list, { name: 'AR nationals', target: '#/search?kind=persons&nationality=AR&go=1' });
    list = withSaved(list, { name: 'Quispe', target: '#/search?kind=persons&name=Quispe+Huam%C3%A1n&go=1' });
    writeSaved(storage, me, list);
    expect(readSaved(storage, me).map((s) => s.name)).toEqual(['Quispe', 'AR nationals']);
    expect(readSaved(storage, me)[0].target).toContain('Huam%C3%A1n');
    expect(readSaved(storage, other)).toEqual([]);
    expect(readSaved(storage, { ...me, subject: 'fiscal@co2' })).toEqual([]);
    expect(withoutSaved(list, 'Quispe').map((s) => s.name)).toEqual(['AR nationals']);
    store.set(storageKey(me), JSON.stringify([{ name: 'x', target: 'javascript:alert(1)' }, { name: 'y', target: '#/search?kind=cases&go=1' }]));
    expect(readSaved(storage, me).map((s) => s.name)).toEqual(['y']);
    store.set(storageKey(me), '{not json');
    expect(readSaved(storage, me)).toEqual([]);
    let many = list;
    for (let i = 0; i < MAX_SAVED + 5; i++) many = withSaved(many, { name: `s${i}`, target: '#/search?go=1' });
    expect(many).toHaveLength(MAX_SAVED);
    expect(many[0].name).toBe(`s${MAX_SAVED + 4}`);
  });
});
