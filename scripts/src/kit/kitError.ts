/** A mistake of the kit's user (a flag, a file, a directory): printed as one line, exit 2, never a stack trace. */
export class KitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KitError';
  }
}
