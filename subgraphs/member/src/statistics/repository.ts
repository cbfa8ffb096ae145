/**
 * The facts statistics count, read from the member's whole store in three reads
 * (cases, involvements, routes used), without a caller's record conditions:
 * statistics are aggregates of everything the member holds, protected by
 * suppression (suppression.ts), not by record visibility. Filters are applied
 * after suppression, as slices of a bigger table (cells.ts), so the statements
 * take no values at all.
 */
import { decodeList, type Store } from '@enlace/store';
import { MODUS_OPERANDI_FIELDS, modusOperandiOf } from '../modusOperandi';
import { birthYearOf } from '../records';
import type { Fact } from './dimensions';

// Column names from the code's own list, never from a request.
const MODUS_OPERANDI_COLUMNS = MODUS_OPERANDI_FIELDS.map((f) => `, c.${f} AS ${f}`).join('');

const str = (v: unknown): string | null => (typeof v === 'string' && v.length ? v : null);

export async function readFacts(store: Store): Promise<Fact[]> {
  const [cases, involvements, routes] = await Promise.all([
    store.read(`MATCH (c:\`Case\`) RETURN c.id AS id, c.offences AS offences, c.status AS status, c.openedOn AS openedOn${MODUS_OPERANDI_COLUMNS}`),
    store.read(
      'MATCH (p:Person)-[i:INVOLVED]->(c:`Case`) RETURN c.id AS caseId, p.id AS personId, i.category AS category, p.sex AS sex, p.dateOfBirth AS dateOfBirth, p.birthYear AS birthYear, p.nationalities AS nationalities',
    ),
    store.read('MATCH (c:`Case`)-[:USED]->(o:RouteObservation) RETURN DISTINCT c.id AS caseId, o.routeCode AS routeCode'),
  ]);
  const routesOf = new Map<string, string[]>();
  for (const r of routes) (routesOf.get(String(r.caseId)) ?? routesOf.set(String(r.caseId), []).get(String(r.caseId))!).push(String(r.routeCode));
  const byCase = new Map<string, Omit<Fact, 'person'>>();
  for (const c of cases) {
    const id = String(c.id);
    const openedOn = str(c.openedOn);
    byCase.set(id, { caseId: id, offences: decodeList(c.offences), year: openedOn ? Number(openedOn.slice(0, 4)) : null, status: str(c.status), routes: routesOf.get(id) ?? [], modusOperandi: modusOperandiOf(c) });
  }
  const facts: Fact[] = [];
  const involved = new Set<string>();
  for (const i of involvements) {
    const kase = byCase.get(String(i.caseId));
    if (!kase) continue;
    involved.add(kase.caseId);
    facts.push({
      ...kase,
      person: { id: String(i.personId), category: String(i.category), sex: str(i.sex), dateOfBirth: str(i.dateOfBirth), ...birthYearOf(i), nationalities: decodeList(i.nationalities) },
    });
  }
  // A case without persons still counts as a case.
  for (const kase of byCase.values()) if (!involved.has(kase.caseId)) facts.push({ ...kase, person: null });
  return facts;
}
