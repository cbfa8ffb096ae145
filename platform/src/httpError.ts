/** An error answered with an HTTP status before GraphQL runs (its own module: identity, hop and headers throw it, and http.ts serves it). */
import type { ErrorCode } from './errorCodes';

/** An error answered with an HTTP status and a JSON GraphQL error body, before GraphQL runs. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: ErrorCode,
    /** Further extensions beside `code` (the registry's, e.g. `header`). */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
