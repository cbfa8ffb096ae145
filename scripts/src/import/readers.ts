/**
 * What a mapping's field readers are, shared by the row mapper (mapRow.ts) and the
 * readers of a row's further parts (partColumns.ts): a module of its own so that
 * neither imports the other.
 */
import type { FieldSpec } from './mapping';

/** A source row's values by column name (CSV: the header's names; JSON: the object's keys, dotted for nested ones). */
export type SourceRow = (column: string) => string | undefined;

/** A problem with a source value, found while mapping it (before validation). */
export class ValueError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export interface Note {
  field: string;
  message: string;
}

/** A field's value in a row (null: empty or unknown; a list field: a list). */
export type Reader = (row: SourceRow, notes: Note[]) => unknown;

/** How a mapping reads each field: built once per field, applied to every row. */
export interface FieldReaders {
  reader(field: string, spec: FieldSpec | undefined): Reader;
  /** Whether a row has something in the spec's column: not empty, not an unknown marker (a fixed value is not the row's). */
  present(spec: FieldSpec | undefined): (row: SourceRow) => boolean;
}
