/**
 * The imports a member is taking over its operator path: one Importer per session,
 * whose state (the records it settled, the involvements it saw, its counts) spans
 * the session's batches, as it spans the batches of an import run in one process.
 * Sessions live in memory only: a session idle for IDLE_MS is dropped, and a
 * restart loses them all; the command then runs the import again, which only
 * writes what is missing (imports are upserts by national reference).
 */
import type { Store } from '@enlace/store';
import { Importer, type PlannedRecords } from '../bulkImport';

/** A session unused this long is dropped (its Importer's memory freed). */
export const IDLE_MS = 10 * 60 * 1000;
/** Records of each kind a dry run's batch shows (the command shows the first three of each kind). */
export const PREVIEW_PER_BATCH = 3;

export interface ImportSession {
  readonly id: string;
  readonly dryRun: boolean;
  readonly importer: Importer;
  /** The next batch expected (batches are numbered from 0 by the command). */
  next: number;
  batches: number;
  rows: number;
  /** A batch is being written: the next waits for the command to send it after this one's answer. */
  busy: boolean;
  /** The last planned records of a dry run's batch (trimmed), for its answer. */
  preview: PlannedRecords | null;
}

export class ImportSessions {
  private readonly sessions = new Map<string, { session: ImportSession; timer: NodeJS.Timeout }>();

  constructor(private readonly store: Store, private readonly country: string, private readonly idleMs = IDLE_MS) {}

  get size(): number {
    return this.sessions.size;
  }

  /** A new session (its first batch). */
  open(id: string, dryRun: boolean): ImportSession {
    const session: ImportSession = {
      id, dryRun, next: 0, batches: 0, rows: 0, busy: false, preview: null,
      importer: new Importer(this.store, this.country, { dryRun, onPlan: (plan) => { session.preview = previewOf(plan); } }),
    };
    this.sessions.set(id, { session, timer: this.timer(id) });
    return session;
  }

  /** The session, its idle clock restarted; undefined when the member does not hold it. */
  get(id: string): ImportSession | undefined {
    const held = this.sessions.get(id);
    if (!held) return undefined;
    clearTimeout(held.timer);
    held.timer = this.timer(id);
    return held.session;
  }

  drop(id: string): void {
    const held = this.sessions.get(id);
    if (held) clearTimeout(held.timer);
    this.sessions.delete(id);
  }

  close(): void {
    for (const id of [...this.sessions.keys()]) this.drop(id);
  }

  private timer(id: string): NodeJS.Timeout {
    const timer = setTimeout(() => this.sessions.delete(id), this.idleMs);
    timer.unref(); // an idle session never keeps the process alive
    return timer;
  }
}

/** The first records of each kind a batch plans (persons and cases with their documents and references, accounts, transfers, route observations): what a dry run shows. */
export function previewOf(plan: PlannedRecords, n = PREVIEW_PER_BATCH): PlannedRecords {
  const newPersons = plan.newPersons.slice(0, n);
  const updatedPersons = plan.updatedPersons.slice(0, n);
  const newCases = plan.newCases.slice(0, n);
  const updatedCases = plan.updatedCases.slice(0, n);
  const ids = new Set([...newPersons, ...updatedPersons, ...newCases, ...updatedCases].map((r) => r.id));
  return {
    newPersons, updatedPersons, newCases, updatedCases,
    documents: plan.documents.filter((d) => ids.has(d.personId)),
    newReferences: plan.newReferences.filter((r) => ids.has(r.record)),
    changedReferences: plan.changedReferences.filter((r) => ids.has(r.record)),
    accounts: plan.accounts.slice(0, n),
    transfers: plan.transfers.slice(0, n),
    observations: plan.observations.slice(0, n),
  };
}
