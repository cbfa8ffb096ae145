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
// Beside the person and the case, a row may give the person's account (a CBU written with
// spaces, dashes or neither), a transfer of the case (amounts as `1.500,00`, `15.000`,
// `USD 1.500`, `U$S 2.300,50`; currencies as `Pesos`, `Dólares`, `s/d` when the amount says
// it; channels in the clerks' words, some not in the mapping; sent or received; the other
// account, often one seen on other rows, or none: cash) and a route of the case (country
// names, transit places as `Bolivia / Argentina` with their localities, transport and
// exploitation in words).
//
//   node scripts/import-examples/generate-sucio.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let state = 20261206;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
// The accounts, transfers and routes draw from a stream of their own, so the persons and cases stay as they were.
let partState = 20261219;
const random2 = () => ((partState = (Math.imul(partState, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick2 = (list) => list[Math.floor(random2() * list.length)];
const between2 = (min, max) => min + Math.floor(random2() * (max - min + 1));
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
function writtenDate([y, m, d], rnd = random) {
  const r = rnd();
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

// Accounts: `type` is the export's code, `kind` Enlace's; `key` is what the import matches on.
const BANKS = [['Banco de la Nación Argentina', 'Argentina'], ['Banco Galicia', 'AR'], ['Banco Macro', 'Argentina'], ['Banco Unión', 'Bolivia'], ['Mercado Pago', 'AR']];
const ACCOUNT_TYPES = [['CBU', 'ACCOUNT_NUMBER'], ['CBU', 'ACCOUNT_NUMBER'], ['CVU', 'ACCOUNT_NUMBER'], ['Billetera', 'MOBILE_MONEY_NUMBER']];
function newAccount() {
  const [bank, country] = pick2(BANKS);
  const [type, kind] = pick2(ACCOUNT_TYPES);
  const digits = Array.from({ length: 22 }, () => between2(0, 9)).join('');
  return { bank, country, type, kind, digits, key: `${kind}:${digits}` };
}
/** How a clerk wrote the number: grouped by four, with dashes, or as it is (one account, however written). */
const writtenNumber = (a) => pick2([a.digits, a.digits.replace(/(\d{4})(?=\d)/g, '$1 '), `${a.digits.slice(0, 8)}-${a.digits.slice(8)}`]);
for (const p of keyed) p.account = random2() < 0.5 ? newAccount() : null;
const counterparties = Array.from({ length: 40 }, newAccount);
const withAccount = keyed.filter((p) => p.account);

const CHANNELS = ['Transferencia', 'Transferencia', 'Giro', 'Efectivo', 'Billetera virtual', 'Cripto', 'Depósito']; // the last: not in the mapping (default BANK)
const ROUTES = [
  { code: 'RT-0007', origin: ['Bolivia', 'Cochabamba'], transit: [['Bolivia', 'Villazón'], ['Argentina', 'La Quiaca']], destination: ['Argentina', 'Buenos Aires'], transport: 'Terrestre' },
  { code: 'RT-0012', origin: ['Paraguay', 'Asunción'], transit: [['Paraguay', 'Encarnación'], ['Argentina', 'Posadas']], destination: ['Argentina', 'Córdoba'], transport: 'Fluvial' },
  { code: 'RT-0042', origin: ['Perú', 'Lima'], transit: [], destination: ['Argentina', 'Mendoza'], transport: 'Aéreo' },
  { code: 'RT-0042', origin: ['Perú', 's/d'], transit: [['Chile', '']], destination: ['Argentina', 'Mendoza'], transport: 'Terrestre' },
];
const thousandsOf = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
/** An amount as clerks write it, with its currency (in a column of its own, or beside the number). */
function writtenAmount(cents, currency) {
  const number = cents % 100 || random2() < 0.5 ? `${thousandsOf(Math.floor(cents / 100))},${String(cents % 100).padStart(2, '0')}` : thousandsOf(cents / 100);
  const r = random2();
  if (currency === 'USD' && r < 0.3) return [`U$S ${number}`, 's/d'];
  if (currency === 'USD' && r < 0.5) return [`USD ${number}`, 'Dólares'];
  if (currency === 'ARS' && r < 0.3) return [`$ ${number}`, 'Pesos'];
  return [number, currency === 'USD' ? pick2(['Dólares', 'USD']) : pick2(['Pesos', 'ARS'])];
}

/** The truth's keys of what the import must make of the genuine rows. */
const accountKeys = new Set();
const transferKeys = new Set();
const routeKeys = new Set();

const header = ['Nro Causa', 'Delitos', 'Estado', 'Fecha Inicio', 'Tratamiento', 'Condiciones', 'Resumen', 'Id Persona', 'Apellido y Nombre', 'Sexo',
  'F. Nacimiento', 'Nacionalidad', 'Tipo Doc', 'Nro Doc', 'País Doc', 'Calidad', 'Observaciones', 'Observaciones',
  'Banco', 'País Banco', 'Tipo Cuenta', 'Nro Cuenta', 'Monto', 'Moneda', 'Fecha Transf.', 'Medio', 'Sentido',
  'Banco Contraparte', 'País Banco Contraparte', 'Tipo Cuenta Contraparte', 'Cuenta Contraparte',
  'Ruta', 'País Origen', 'Origen', 'Países Tránsito', 'Localidades Tránsito', 'País Destino', 'Destino', 'Transporte', 'Explotación'];
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
  const route = random2() < 0.6 ? pick2(ROUTES) : null;
  const routeCells = route
    ? [route.code, route.origin[0], route.origin[1], route.transit.map((t) => t[0]).join(' / '), route.transit.map((t) => t[1]).join(' / '),
      route.destination[0], route.destination[1], route.transport, pick2(['Sexual', 'Laboral', 'Servidumbre doméstica', 's/d'])]
    : ['', '', '', '', '', '', '', '', ''];
  const seen = new Set();
  for (let k = 0; k < between(1, 4); k++) {
    const p = pick(keyed);
    if (seen.has(p)) continue;
    seen.add(p);
    const cells = [...kase, p.id, p.name, p.sex, p.born ? writtenDate(p.born) : p.bornText, p.nationality, ...p.doc, k === 0 ? 'Imputado' : pick(ROLES),
      random() < 0.1 ? 'ver fojas 12 ' : '', ''];
    const parts = { account: p.account, transfer: null, route: route && { case: kase[0], code: route.code } };
    const accountCells = p.account ? [p.account.bank, p.account.country, p.account.type, writtenNumber(p.account)] : ['s/d', '', 's/d', 's/d'];
    let transferCells = ['', '', '', '', '', '', '', '', ''];
    if (random2() < 0.45) {
      // The other end: an account of its own, often one other rows name too (some a person's), or none (cash); never the person's own.
      const other = random2() < 0.25 ? null : random2() < 0.2 ? pick2(withAccount).account : pick2(counterparties);
      const counterparty = other === p.account ? null : other;
      if (p.account || counterparty) {
        const received = random2() < 0.3;
        const currency = random2() < 0.3 ? 'USD' : 'ARS';
        const cents = between2(50, 5_000_000) * (random2() < 0.5 ? 100 : 1);
        const date = [between2(2010, 2024), between2(1, 12), between2(1, 28)];
        const [amount, currencyCell] = writtenAmount(cents, currency);
        const [from, to] = received ? [counterparty, p.account] : [p.account, counterparty];
        parts.transfer = { case: kase[0], date: `${date[0]}-${pad(date[1])}-${pad(date[2])}`, amount: String(cents / 100), currency, from: from?.key ?? '', to: to?.key ?? '', counterparty };
        transferCells = [amount, currencyCell, writtenDate(date, random2), pick2(CHANNELS), received ? 'Recibió' : pick2(['Envió', 'Envió', '']),
          ...(counterparty ? [counterparty.bank, counterparty.country, counterparty.type, writtenNumber(counterparty)] : ['', '', '', ''])];
      }
    }
    cells.push(...accountCells, ...transferCells, ...routeCells);
    records.push({ cells, parts });
    if (random() < 0.03) records.push({ cells: [...cells], parts }); // exported twice
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

// Broken rows of the parts, each a copy of a genuine row that has the part, spoilt for one reason.
const hasTransfer = (r) => !r.broken && r.parts?.transfer;
const BROKEN_PARTS = [
  ['a transfer whose channel nobody wrote', hasTransfer, (r) => { r[col('Medio')] = 's/d'; }, 'Medio', 'transfer.channel: is required'],
  ['an amount with a decimal point in an export of decimal commas', hasTransfer, (r) => { r[col('Monto')] = '1500.50'; r[col('Moneda')] = 'Pesos'; },
    'Monto', 'must be an amount with a decimal comma'],
  ['a negative amount', hasTransfer, (r) => { r[col('Monto')] = '-2.000,00'; r[col('Moneda')] = 'Pesos'; }, 'Monto', 'transfer.amount: must be a positive decimal amount'],
  ['a currency nobody mapped', hasTransfer, (r) => { r[col('Moneda')] = 'Patacones'; r[col('Monto')] = '150,00'; }, 'Moneda', '"Patacones" is not a value the mapping translates'],
  ['a transfer with no account at either end', hasTransfer, (r) => {
    for (const c of ['Banco', 'País Banco', 'Tipo Cuenta', 'Nro Cuenta', 'Banco Contraparte', 'País Banco Contraparte', 'Tipo Cuenta Contraparte', 'Cuenta Contraparte']) r[col(c)] = 's/d';
  }, 'Nro Cuenta', 'a transfer has a known account at one end at least'],
  ['an account number without a digit', (r) => !r.broken && r.parts?.account, (r) => { r[col('Nro Cuenta')] = '--.--'; }, 'Nro Cuenta', 'account.identifier: must hold letters or digits'],
  ['a route code that is no network code', (r) => !r.broken && r.parts?.route, (r) => { r[col('Ruta')] = 'Ruta 9'; }, 'Ruta', 'route.routeCode: must be a network route code'],
  ['a transit country nobody mapped', (r) => !r.broken && r.parts?.route, (r) => { r[col('Países Tránsito')] = 'Bolivia / Atlántida'; r[col('Localidades Tránsito')] = 'Villazón / s/d'; },
    'Países Tránsito', '"Atlántida" is not a value the mapping translates'],
];
for (let i = 0; i < 2 * BROKEN_PARTS.length; i++) {
  const [what, fits, spoil, column, reason] = BROKEN_PARTS[i % BROKEN_PARTS.length];
  let at = 30 + Math.floor(random2() * (records.length - 60));
  while (!fits(records[at])) at++;
  const cells = [...records[at].cells];
  spoil(cells);
  records.splice(at + 1, 0, { cells, broken: { what, column, reason } });
}

// CRLF line ends; a cell with a tab, a quote or a line break is quoted.
const quote = (v) => (/[\t"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
let text = `${header.join('\t')}\r\n`;
let next = 2; // the line the next record starts on (the header is line 1)
const truth = { genuine: [], broken: [], persons: 0, cases: 0, accounts: 0, transfers: 0, routeObservations: 0 };
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
    const { account, transfer, route } = r.parts ?? {};
    if (account) accountKeys.add(account.key);
    if (transfer?.counterparty) accountKeys.add(transfer.counterparty.key);
    if (transfer) transferKeys.add([transfer.case, transfer.date, transfer.amount, transfer.currency, transfer.from, transfer.to].join('|'));
    if (route) routeKeys.add(`${route.case}|${route.code}`);
  }
}
truth.persons = distinctPersons.size;
truth.cases = distinctCases.size;
truth.accounts = accountKeys.size;
truth.transfers = transferKeys.size;
truth.routeObservations = routeKeys.size;
const here = (name) => fileURLToPath(new URL(name, import.meta.url));
writeFileSync(here('causas-ar-sucio.tsv'), Buffer.from(text, 'latin1'));
writeFileSync(here('causas-ar-sucio.verdad.json'), `${JSON.stringify(truth, null, 1)}\n`);
console.log(`causas-ar-sucio.tsv: ${records.length} rows (${truth.genuine.length} genuine, ${truth.broken.length} broken), ${next - 1} lines; ` +
  `${truth.accounts} accounts, ${truth.transfers} transfers, ${truth.routeObservations} route observations`);
