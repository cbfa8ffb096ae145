/**
 * The store's errors a client is told about. Each carries `code`, a registered error code
 * (@enlace/platform's errorCodes.ts): the servers answer with it and this message, where any
 * other store failure is masked as an internal error.
 */

/** A write refused before it started, because too many waited or it waited too long (writeQueue.ts): nothing was written. */
export class StoreBusyError extends Error {
  override name = 'StoreBusyError';
  readonly code = 'STORE_BUSY';
  constructor(why: string) {
    super(`The store is busy: ${why}. Nothing was written; try again in a moment.`);
  }
}

/** The store met a fault it cannot serve through until its process restarts (see Store.health). */
export class StoreFaultError extends Error {
  override name = 'StoreFaultError';
  readonly code = 'STORE_UNAVAILABLE';
  constructor(readonly fault: string) {
    super('The store cannot serve until its process is restarted; nothing was written. The operator sees why at /ready.');
  }
}
