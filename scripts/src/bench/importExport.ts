/**
 * The synthetic export the import benches read (import.ts, and the pseudonym index's cost in
 * `npm run bench`): the layout of scripts/import-examples/causas-ar.csv, imported with mapeo-ar.json.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const GIVEN = ['María José', 'Ana Lucía', 'Rosa', 'Verónica', 'Inés', 'José Luis', 'Juan Carlos', 'Andrés', 'Martín', 'Raúl', 'Tomás', 'Joaquín'];
const FAMILY = ['Quispe', 'Huamán', 'Núñez', 'Peña', 'Ríos', 'Mamani', 'Gómez', 'Suárez', 'Fernández', 'Ibáñez', 'Cáceres', 'Villalba', 'Ordóñez', 'Benítez'];
const ROLES = ['Imputado', 'Víctima', 'Testigo', 'Migrante objeto de tráfico', 'Acusado'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Writes an export of `rows` rows: about 0.4 persons and 0.3 cases per row, each case 2–4 rows. */
export async function writeExport(file: string, rows: number): Promise<void> {
  let state = 42;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const int = (n: number) => Math.floor(random() * n);
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write('nro_causa;delitos;estado;fecha_inicio;fecha_cierre;codigo_tratamiento;condiciones;resumen;fiabilidad;exactitud;id_persona;nombres;apellidos;sexo;fecha_nacimiento;nacionalidad;tipo_documento;nro_documento;pais_documento;calidad');
  const persons = Math.max(10, Math.round(rows * 0.4));
  for (let written = 0, c = 1; written < rows; c++) {
    const year = 2015 + int(10);
    const opened = int(5) ? `${pad(1 + int(28))}/${pad(1 + int(12))}/${year}` : `${year}-${pad(1 + int(12))}-${pad(1 + int(28))}`;
    const closed = int(4) === 0;
    const kase = `FIS-AR-${year}-${String(c).padStart(7, '0')};Trata de personas;${closed ? 'Archivada' : 'En investigación'};${opened};${closed ? `10/10/${year + 1}` : ''};H1;;Captación mediante ofertas de empleo falsas.;B;2`;
    const seen = new Set<number>();
    for (let k = 2 + int(3); k > 0 && written < rows; k--) {
      const p = int(persons);
      if (seen.has(p)) continue;
      seen.add(p);
      // A person's data depends on the person alone, so every row of a person agrees.
      const h = Math.imul(p + 1, 2654435761) >>> 0;
      const person = `AR-P-${p};${GIVEN[h % GIVEN.length]};${FAMILY[(h >>> 4) % FAMILY.length]} ${FAMILY[(h >>> 8) % FAMILY.length]};${h & 1 ? 'F' : 'M'};${pad(1 + ((h >>> 12) % 28))}/${pad(1 + ((h >>> 17) % 12))}/${1960 + ((h >>> 21) % 45)};AR;DNI;${10_000_000 + p};AR`;
      await write(`${kase};${person};${seen.size === 1 ? 'Imputado' : ROLES[int(ROLES.length)]}`);
      written++;
    }
  }
  out.end();
  await once(out, 'finish');
}

