// Writes causas-ar-sucio.tsv, an export as a twenty-year-old case system writes it,
// and causas-ar-sucio.verdad.json, its ground truth: which rows are genuine (a clerk
// would call them valid: they must all be imported) and which are broken (each must
// be rejected, for the reason given). Deterministic: the same files every run.
//
// What makes it messy: windows-1252 (Latin-1) bytes, tabs, CRLF line ends, a column
// named twice, Spanish headers with spaces and accents, trailing spaces; names in one
// column as "APELLIDO APELLIDO, Nombre"; dates as DD/MM/YYYY, "5 de febrero de 1984",
// "5-feb-1984", ISO, a bare year, or "s/d"; "unknown" written s/d, N/A, sin dato or -;
// persons without a national id, or without any document; cases with two offences,
// or one code for two ("Trata y tráfico"); states and handling codes in the clerks'
// words, some the mapping does not list (the default is taken, and reported); summaries
// with line breaks and tabs; document numbers with thousands dots; rows exported twice.
//
//   node scripts/import-examples/generate-sucio.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let state = 20261206;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (min, max) => min + Math.floor(random() * (max - min + 1));
const pad = (n) => String(n).padStart(2, '0');

const GIVEN = ['Jhon', 'María José', 'Luz Marina', 'Iván', 'Noemí', 'José Luis', 'Begoña', 'Ramón', 'Inés', 'Yolanda'];
const FAMILY = ['QUISPE MAMANI', 'NÚÑEZ', 'PEÑA RÍOS', 'GÓMEZ SUÁREZ', 'DE LA CRUZ', 'IBÁÑEZ', 'CÁCERES VILLALBA', 'AÑEZ', 'ORDÓÑEZ', 'BENÍTEZ'];
const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
const OFFENCES = ['Trata de personas', 'Tráfico ilícito de migrantes', 'Falsificación de documentos', 'Lavado de activos', 'Trata y tráfico'];
const STATES = ['En investigación', 'Con requerimiento de elevación', 'Con sentencia', 'Archivada', 'En trámite']; // the last: not in the mapping (default)
const HANDLING = ['Público', 'Reservado', 'Reservado', '', 'Confidencial', 'Restringido']; // '' and the last: not in the mapping (default H1)
const ROLES = ['Imputado', 'Imputado', 'Víctima', 'Testigo', 'Migrante objeto de tráfico', 'Condenado'];
const UNKNOWN = ['s/d', 'S/D', 'N/A', 'sin dato', '-'];

/** How the clerks wrote a date over the years. */
function writtenDate([y, m, d]) {
  const r = random();
  if (r < 0.45) return `${pad(d)}/${pad(m)}/${y}`;
  if (r < 0.65) return `${d} de ${MONTHS[m - 1]} de ${y}`;
  if (r < 0.8) return `${d}-${MONTHS[m - 1].slice(0, 3)}-${y}`;
  return `${y}-${pad(m)}-${pad(d)}`;
}
const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

// Persons: some with a national id, some with only a document, some with neither (keyed by name and date of birth).
const persons = Array.from({ length: 700 }, (_, i) => {
  const kind = random();
  const born = random() < 0.85 ? [between(1960, 2006), between(1, 12), between(1, 28)] : null;
  return {
    id: kind < 0.6 ? `AR-P-${200000 + i}` : pick(UNKNOWN),
    name: `${FAMILY[i % FAMILY.length]}, ${GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]}${i >= 100 ? ` ${['Alberto', 'Rosa', 'Elena', 'Tomás', 'Rafael', 'Sara', 'Ana'][Math.floor(i / 100) - 1]}` : ''}`,
    sex: pick(['F', 'M', 'S/D', 'N/A']),
    born,
    bornText: born ? null : pick(['s/d', 'sin dato', String(between(1970, 1995))]), // a bare year: a partial date, left unknown
    nationality: pick(['AR', 'BO', 'PY,AR', 'PE', '-', 's/d']),
    doc: kind < 0.85 ? ['DNI', thousands(between(10_000_000, 45_000_000)), 'AR'] : ['s/d', 's/d', 's/d'],
  };
});
// A person needs a key: a national id, a document, or a whole date of birth (with the name).
const keyed = persons.filter((p) => p.id.startsWith('AR-') || p.doc[0] === 'DNI' || p.born);

const header = ['Nro Causa', 'Delitos', 'Estado', 'Fecha Inicio', 'Tratamiento', 'Condiciones', 'Resumen', 'Id Persona', 'Apellido y Nombre', 'Sexo',
  'F. Nacimiento', 'Nacionalidad', 'Tipo Doc', 'Nro Doc', 'País Doc', 'Calidad', 'Observaciones', 'Observaciones'];
const col = (name) => header.indexOf(name);
const records = []; // { cells, broken: reason | undefined }

for (let c = 0; records.length < 1500; c++) {
  const opened = [between(2004, 2024), between(1, 12), between(1, 28)];
  const offences = random() < 0.3 ? `${OFFENCES[0]} / ${OFFENCES[2]}` : pick(OFFENCES);
  const handling = pick(HANDLING);
  const summary = random() < 0.15
    ? `Captación por redes sociales.\r\nTraslado por ${pick(['Salta', 'Posadas', 'La Quiaca'])}\thacia ${pick(['Buenos Aires', 'Córdoba'])}.`
    : `Oferta de empleo falsa; traslado hacia ${pick(['Buenos Aires', 'Córdoba', 'Mendoza'])}.   `;
  const kase = [`FIS-AR-${opened[0]}-${String(c + 1).padStart(5, '0')}`, offences, pick(STATES), writtenDate(opened), handling,
    handling === 'Confidencial' ? 'Sólo para la fiscalía requirente.' : '', summary];
  const seen = new Set();
  for (let k = 0; k < between(1, 4); k++) {
    const p = pick(keyed);
    if (seen.has(p)) continue;
    seen.add(p);
    const cells = [...kase, p.id, p.name, p.sex, p.born ? writtenDate(p.born) : p.bornText, p.nationality, ...p.doc, k === 0 ? 'Imputado' : pick(ROLES),
      random() < 0.1 ? 'ver fojas 12 ' : '', ''];
    records.push({ cells });
    if (random() < 0.03) records.push({ cells: [...cells] }); // exported twice
  }
}

// Broken rows, each for one reason a clerk would agree with, spread over the file.
const BROKEN = [
  ['an impossible date of birth', (r) => { r[col('F. Nacimiento')] = '31/02/1985'; }, 'F. Nacimiento', 'must be a date'],
  ['an opening date in the future', (r) => { r[col('Fecha Inicio')] = '12/03/2999'; }, 'Fecha Inicio', 'must not be in the future'],
  ['no case number', (r) => { r[col('Nro Causa')] = 's/d'; }, 'Nro Causa', 'case.reference: is required'],
  ['a role the mapping does not know', (r) => { r[col('Calidad')] = 'Sobrino'; }, 'Calidad', '"Sobrino" is not a value the mapping translates'],
  ['no summary', (r) => { r[col('Resumen')] = 'N/A'; }, 'Resumen', 'case.summary: is required'],
  ['a country of issue that is no country code', (r) => {
    r[col('Tipo Doc')] = 'DNI'; r[col('Nro Doc')] = '12.345.678'; r[col('País Doc')] = 'Argentina';
  }, 'País Doc', 'must be an ISO 3166-1 alpha-2 country code'],
  ['nothing to key the person on', (r) => {
    r[col('Id Persona')] = 's/d'; r[col('Nro Doc')] = 's/d'; r[col('Tipo Doc')] = 's/d'; r[col('País Doc')] = 's/d'; r[col('F. Nacimiento')] = 's/d';
  }, 'Id Persona', 'no key for the person'],
  ['a truncated line', (r) => { r.length = 9; }, null, 'fields where the header has'],
];
for (let i = 0; i < 40; i++) {
  const [what, spoil, column, reason] = BROKEN[i % BROKEN.length];
  const at = 20 + Math.floor((i * (records.length - 40)) / 40);
  const cells = [...records[at].cells];
  spoil(cells);
  records.splice(at, 0, { cells, broken: { what, column, reason } });
}

// CRLF line ends; a cell with a tab, a quote or a line break is quoted.
const quote = (v) => (/[\t"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
let text = `${header.join('\t')}\r\n`;
let next = 2; // the line the next record starts on (the header is line 1)
const truth = { genuine: [], broken: [], persons: 0, cases: 0 };
const distinctPersons = new Set();
const distinctCases = new Set();
for (const r of records) {
  const row = r.cells.map(quote).join('\t');
  const line = next; // a record is named by the line it starts on, as an editor shows it
  next += 1 + (row.match(/\r\n/g)?.length ?? 0);
  text += `${row}\r\n`;
  if (r.broken) truth.broken.push({ line, ...r.broken });
  else {
    truth.genuine.push(line);
    distinctPersons.add(r.cells[col('Apellido y Nombre')] + r.cells[col('Id Persona')]);
    distinctCases.add(r.cells[col('Nro Causa')]);
  }
}
truth.persons = distinctPersons.size;
truth.cases = distinctCases.size;
const here = (name) => fileURLToPath(new URL(name, import.meta.url));
writeFileSync(here('causas-ar-sucio.tsv'), Buffer.from(text, 'latin1'));
writeFileSync(here('causas-ar-sucio.verdad.json'), `${JSON.stringify(truth, null, 1)}\n`);
console.log(`causas-ar-sucio.tsv: ${records.length} rows (${truth.genuine.length} genuine, ${truth.broken.length} broken), ${next - 1} lines`);
