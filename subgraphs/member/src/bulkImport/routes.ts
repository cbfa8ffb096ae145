/**
 * An import's route observations, one step of each batch (after persons and cases, in the
 * same transaction): a row's route is an observation by the owner of a network route in the
 * row's case, matched on (case file number, route code), so the rows of every person of a case
 * repeating its route give one observation. Its hash covers its case's id too: a case erased and
 * imported again gets its observation linked anew (an erasure keeps observations, network routes
 * other cases may use).
 */
import type { Transaction } from '@enlace/store';
import type { RouteObservationRecord } from '../records';
import { deleteCaseRoutes, insertCaseRoutes, insertObservations, updateObservations } from '../repository';
import type { RouteObservationFields } from '../routeInputs';
import { insertNationalReferences, setNationalReferenceHashes } from '../upkeep/repository';
import { boundedKey, KeyedRecords, type Decided, type Named, type Tally } from './keyed';
import { contentHash } from './rows';
import type { StepContext } from './step';

/** An observation a dry run shows: as it would be stored, with its case's file number. */
export interface PlannedObservation {
  status: 'new' | 'update';
  observation: RouteObservationFields;
  caseRef: string;
}

interface ObservationData {
  fields: RouteObservationFields;
  caseId: string;
  caseRef: string;
}

export interface RoutePlan {
  observations: Map<string, Decided<ObservationData>>;
}

const routeKey = (caseRef: string, routeCode: string) => boundedKey('R:', `${routeCode}@${caseRef}`);

export class RouteImport {
  private readonly observations: KeyedRecords;

  constructor(private readonly country: string, tally: Tally) {
    this.observations = new KeyedRecords(country, 'R', tally);
  }

  async plan(ctx: StepContext): Promise<RoutePlan> {
    const named: Array<Named<ObservationData>> = [];
    for (const row of ctx.rows) {
      if (!row.route) continue;
      const { caseId } = ctx.records(row);
      named.push({
        key: routeKey(row.caseRef, row.route.routeCode),
        hash: contentHash({ ...row.route, caseId }),
        line: row.line,
        label: `route ${row.route.routeCode} of case ${row.caseRef}`,
        data: { fields: row.route, caseId, caseRef: row.caseRef },
      });
    }
    if (!named.length) return { observations: new Map() };
    return { observations: await this.observations.decide(named, ctx.references, ctx.tx, ctx.allocate, ctx.warn) };
  }

  /** New observations with their case link; changed ones rewritten and linked to their case again (whose id may be new). */
  async write(tx: Transaction, plan: RoutePlan): Promise<void> {
    const created = this.records(plan, 'new');
    const changed = this.records(plan, 'changed');
    await insertObservations(tx, created);
    await updateObservations(tx, changed);
    const relinked = changed.map((o) => ({ caseId: o.caseId, observationId: o.id }));
    await deleteCaseRoutes(tx, relinked);
    await insertCaseRoutes(tx, [...created.map((o) => ({ caseId: o.caseId, observationId: o.id })), ...relinked]);
    const references = KeyedRecords.references(plan.observations.values());
    await insertNationalReferences(tx, references.created);
    await setNationalReferenceHashes(tx, references.changed);
  }

  /** The plan's observations to write, as records, with their cases. */
  private records(plan: RoutePlan, status: 'new' | 'changed'): Array<RouteObservationRecord & { caseId: string }> {
    return [...plan.observations.values()].filter((d) => d.status === status)
      .map((d) => ({ id: d.id, seq: d.seq, country: this.country, ...d.data.fields, caseId: d.data.caseId }));
  }

  settle(plan: RoutePlan): void {
    this.observations.settle(plan.observations.values());
  }
}

/** The ids a plan writes: each observation written and its case. */
export const routesWritten = (plan: RoutePlan): string[] =>
  [...plan.observations.values()].filter((d) => d.status !== 'unchanged').flatMap((d) => [d.id, d.data.caseId]);

/** What a dry run shows of a plan. */
export const plannedRoutes = (plan: RoutePlan): PlannedObservation[] =>
  [...plan.observations.values()].filter((d) => d.status !== 'unchanged')
    .map((d) => ({ status: d.status === 'new' ? 'new' : 'update', observation: d.data.fields, caseRef: d.data.caseRef }));
