// Writes causas-ar.csv, the sample export of a national case-management system
// (deterministic: the same file every run). It is messy on purpose, as real
// exports are: Spanish column names and values with accents, dates in two
// formats, rows repeated, no alias column (the mapping maps one), and one bad
// row in the middle (an impossible date of birth).
//
//   node scripts/import-examples/generate.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let state = 20261130;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (min, max) => min + Math.floor(random() * (max - min + 1));
const pad = (n) => String(n).padStart(2, '0');

const GIVEN_F = ['María José', 'Ana Lucía', 'Rosa', 'Verónica', 'Inés', 'Sofía', 'Begoña', 'Luz Marina', 'Yolanda', 'Noemí'];
const GIVEN_M = ['José Luis', 'Juan Carlos', 'Andrés', 'Martín', 'Hernán', 'Raúl', 'Tomás', 'Joaquín', 'Iván', 'Ramón'];
const FAMILY = ['Quispe Huamán', 'Núñez', 'Peña Ríos', 'Mamani', 'Gómez Suárez', 'Fernández', 'Ibáñez', 'Cáceres', 'Villalba', 'Ordóñez', 'Benítez', 'Añez'];
const OFFENCES = ['Trata de personas', 'Tráfico ilícito de migrantes', 'Falsificación de documentos', 'Lavado de activos'];
const STATUS = ['En investigación', 'Acusación', 'Juicio', 'Archivada'];
const ROLES_SUSPECT = ['Imputado', 'Acusado', 'Condenado'];
const ROLES_OTHER = ['Víctima', 'Testigo', 'Migrante objeto de tráfico'];
const NATIONALITIES = ['AR', 'BO', 'PY', 'PE', 'BO,AR', 'VE', 'CO'];
const DOCS = [['DNI', 'AR'], ['Pasaporte', 'BO'], ['Cédula', 'PY'], ['Pasaporte', 'VE']];

const dmy = (y, m, d) => `${pad(d)}/${pad(m)}/${y}`;
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
/** The system writes most dates as DD/MM/YYYY, some (an older module) as ISO. */
const date = (y, m, d) => (random() < 0.2 ? iso(y, m, d) : dmy(y, m, d));

const persons = Array.from({ length: 1400 }, (_, i) => {
  const female = random() < 0.5;
  const [type, country] = pick(DOCS);
  return {
    id: `AR-P-${String(100000 + i * 7)}`,
    given: pick(female ? GIVEN_F : GIVEN_M), family: pick(FAMILY), sex: female ? 'F' : 'M',
    born: [between(1960, 2007), between(1, 12), between(1, 28)], nationality: pick(NATIONALITIES),
    doc: random() < 0.85 ? [type, `${between(10, 99)}.${between(100, 999)}.${between(100, 999)}`, country] : ['', '', ''],
  };
});

const header = ['nro_causa', 'delitos', 'estado', 'fecha_inicio', 'fecha_cierre', 'codigo_tratamiento', 'condiciones', 'resumen', 'fiabilidad', 'exactitud',
  'id_persona', 'nombres', 'apellidos', 'sexo', 'fecha_nacimiento', 'nacionalidad', 'tipo_documento', 'nro_documento', 'pais_documento', 'calidad'];
const quote = (v) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const rows = [header];

for (let c = 0; rows.length < 3000; c++) {
  const opened = [between(2015, 2024), between(1, 12), between(1, 28)];
  const status = pick(STATUS);
  const closed = status === 'Archivada' ? [opened[0] + 1, between(1, 12), between(1, 28)] : null;
  const handling = pick(['H0', 'H1', 'H1', 'H2', 'H3']);
  const offences = random() < 0.3 ? `${OFFENCES[0]}, ${OFFENCES[2]}` : pick(OFFENCES);
  const kase = {
    number: `FIS-AR-${opened[0]}-${String(c + 1).padStart(5, '0')}`, offences, status, handling,
    conditions: handling === 'H3' ? 'Sólo para la fiscalía requirente; consultar antes de usar en juicio.' : '',
    summary: `Captación mediante ofertas de empleo falsas; traslado por ${pick(['Salta', 'Posadas', 'La Quiaca', 'Clorinda'])} hacia ${pick(['Buenos Aires', 'Córdoba', 'Mendoza'])}.`,
    reliability: pick(['A', 'B', 'C', 'X']), accuracy: String(between(1, 4)),
  };
  const involved = Array.from({ length: between(2, 5) }, (_, k) => [pick(persons), k === 0 ? pick(ROLES_SUSPECT) : pick([...ROLES_SUSPECT, ...ROLES_OTHER])]);
  const seen = new Set();
  for (const [p, role] of involved) {
    if (seen.has(p.id)) continue; // one role per person and case
    seen.add(p.id);
    const row = [kase.number, kase.offences, kase.status, date(...opened), closed ? date(...closed) : '', kase.handling, kase.conditions, kase.summary,
      kase.reliability, kase.accuracy, p.id, p.given, p.family, p.sex, date(...p.born), p.nationality, ...p.doc, role];
    rows.push(row);
    if (random() < 0.03) rows.push(row); // exported twice
  }
}
// One bad row in the middle: 31 February.
const middle = Math.floor(rows.length / 2);
rows[middle] = rows[middle].map((v, i) => (i === header.indexOf('fecha_nacimiento') ? '31/02/1985' : v));

writeFileSync(fileURLToPath(new URL('causas-ar.csv', import.meta.url)), `${rows.map((r) => r.map(quote).join(';')).join('\n')}\n`);
console.log(`causas-ar.csv: ${rows.length - 1} rows, the bad one on line ${middle + 1}`);
