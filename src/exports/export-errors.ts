/** A view cannot be given in the format asked for (HTTP 406): `available` says which it can. */
export class FormatNotAvailableError extends Error {
  readonly code = 'format-not-available';
  constructor(
    message: string,
    readonly available: readonly string[],
  ) {
    super(message);
    this.name = 'FormatNotAvailableError';
  }
}
