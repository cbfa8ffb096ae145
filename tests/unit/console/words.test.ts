/**
 * The console's build-time check of its words (console/src/words/check.ts, run by
 * console/vite.config.ts): on the real schema, protocol and sources it finds nothing
 * missing; it names an enum value without words, a language missing for one, a value
 * the schema no longer has, a rule without a title in a language, and an operation
 * the console sends without words for the audit views.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROTOCOL_VERSION, protocolPath, schemaDir } from '@enlace/schema';
import { missingWords, sdlEnums, type CheckInput } from '../../../console/src/words/check';
import { ENUM_WORDS } from '../../../console/src/words/enums';
import { clientOperation, OPERATION_WORDS } from '../../../console/src/words/operations';
import { localeOf, preferredLang } from '../../../console/src/lang';
import { protocolModule } from '../../../console/src/words/protocol';
import { makeWords } from '../../../console/src/words/wordsApi';

const CONSOLE = resolve(__dirname, '..', '..', '..', 'console');
const sourcesOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesOf(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [readFileSync(join(dir, e.name), 'utf8')] : []));

const real = (): CheckInput => ({
  sdls: ['member.graphql', 'secretariat.graphql'].map((f) => readFileSync(join(schemaDir, f), 'utf8')),
  protocol: JSON.parse(readFileSync(protocolPath(), 'utf8')),
  sources: sourcesOf(join(CONSOLE, 'src')),
});

test('the console has words for every enum value it shows, every protocol rule and every operation it sends, in es, pt and en', () => {
  expect(missingWords(real())).toEqual([]);
});

test('the console builds with the protocol version the network enforces', () => {
  expect(readFileSync(join(CONSOLE, 'vite.config.ts'), 'utf8')).toContain(`PROTOCOL_FILE = 'v${PROTOCOL_VERSION}.json'`);
});

test('the enums are read from the SDL as it is written: values in order, descriptions and comments left out', () => {
  const enums = sdlEnums('# a comment: enum Not { A }\n"The kind" enum Kind {\n  "First, with a } in it"\n  ONE\n  TWO # trailing\n}\nenum Empty @deprecated { }');
  expect([...enums]).toEqual([['Kind', ['ONE', 'TWO']], ['Empty', []]]);
  expect(sdlEnums(real().sdls[0]).get('Offence')).toEqual(Object.keys(ENUM_WORDS.Offence));
});

describe('a word missing fails the check, saying which', () => {
  const doctored = (patch: (input: CheckInput & { enumWords: Record<string, Record<string, Record<string, string>>>; operationWords: Record<string, Record<string, string>> }) => void) => {
    const input = { ...real(), enumWords: JSON.parse(JSON.stringify(ENUM_WORDS)), operationWords: JSON.parse(JSON.stringify(OPERATION_WORDS)) };
    patch(input);
    return missingWords(input);
  };

  test('an enum value of the schema without words, or without Portuguese', () => {
    expect(doctored((i) => delete i.enumWords.TransportMode.RIVER)).toEqual(['enum TransportMode.RIVER: no words']);
    expect(doctored((i) => delete i.enumWords.CaseStatus.TRIAL.pt)).toEqual(['enum CaseStatus.TRIAL: no words in pt']);
    expect(doctored((i) => (i.enumWords.Sex.FEMALE.es = ' '))).toEqual(['enum Sex.FEMALE: no words in es']);
  });

  test('a value added to the schema, or words for one it no longer has', () => {
    expect(doctored((i) => (i.sdls = [i.sdls[0].replace('  RIVER\n', '  RIVER\n  RAIL\n'), i.sdls[1]]))).toEqual(['enum TransportMode.RAIL: no words']);
    expect(doctored((i) => (i.enumWords.Offence.PIRACY = { en: 'piracy', es: 'piratería', pt: 'pirataria' }))).toEqual(['enum Offence.PIRACY: words for a value the schema does not have']);
  });

  test('a protocol rule without a title, or without one of the languages, in either section', () => {
    expect(doctored((i) => delete (i.protocol.rules['case.assessment'].title as Record<string, string>).pt)).toEqual(['protocol rule case.assessment: no title in pt']);
    expect(doctored((i) => delete i.protocol.secretariat!.rules['jit.agree'].title)).toEqual(['protocol secretariat rule jit.agree: no title']);
  });

  test('an operation the console sends without words for the audit views', () => {
    expect(doctored((i) => (i.sources = [...i.sources, 'const Q = `query ExportCase($id: ID!) { case(id: $id) { id } }`;']))).toEqual(['operation ExportCase: no words for the audit views']);
  });
});

test("the client's operation behind the planner's name", () => {
  expect(clientOperation('SearchPersons__members__0')).toBe('SearchPersons');
  expect(clientOperation('Request__secretariat__1')).toBe('Request');
  expect(clientOperation('PersonsNamedQuispe')).toBe('PersonsNamedQuispe');
  expect(clientOperation(null)).toBeNull();
});

test("the browser's languages pick the console's language and the locale dates and numbers are written in", () => {
  expect(preferredLang(['pt-BR', 'en'])).toBe('pt');
  expect(preferredLang(['fr-FR', 'en-GB'])).toBe('en');
  expect(preferredLang(['fr-FR'])).toBe('es');
  expect(localeOf('es', ['en-GB', 'es-AR'])).toBe('es-AR');
  expect(localeOf('pt', ['en-GB'])).toBe('pt');
});

test("the protocol's words as the build hands them to the console: titles in every language, the rule guarding each field, the grantable rules", () => {
  const protocol = protocolModule(JSON.parse(readFileSync(protocolPath(), 'utf8')));
  expect(protocol.PROTOCOL_VERSION).toBe(PROTOCOL_VERSION);
  expect(protocol.FIELD_RULES['Person.fullName']).toBe('person.identity');
  expect(protocol.GRANTABLE_RULES).toContain('case.assessment');
  const pt = makeWords('pt', 'pt-BR', protocol);
  expect(pt.rule('person.identity@AR.Person.fullName').title).toBe('identidade da pessoa (nomes, apelidos, data de nascimento)');
  expect(pt.enumValue('TransferChannel', 'CASH_COURIER')).toBe('transporte de dinheiro em espécie');
  // Amounts in their currency, a code Intl does not know as given; instants to the second when asked.
  expect(pt.amount('1500.5', 'USD')).toBe('USD\u00a01.500,50');
  expect(makeWords('en', 'en-GB', protocol).amount('1500', 'XX1')).toBe('1,500 XX1');
  expect(makeWords('en', 'en-GB', protocol).amount(null, 'USD')).toBe('USD');
  expect(pt.dateTime('2026-03-02T14:08:09.000Z', true)).toBe('2 de mar. de 2026, 14:08:09 UTC');
  expect(pt.dateTime('2026-03-02T14:08:09.000Z')).toBe('2 de mar. de 2026, 14:08 UTC');
});
