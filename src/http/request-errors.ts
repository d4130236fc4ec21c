/** One problem with one field of a request: a JSON pointer into the body, and a message. */
export interface FieldProblem {
  readonly pointer: string;
  readonly message: string;
}

/** The request is malformed (HTTP 400): a message per field. */
export class RequestValidationError extends Error {
  readonly code = 'validation-failed';
  constructor(readonly errors: readonly FieldProblem[]) {
    super(`the request is invalid: ${errors.map((e) => `${e.pointer || '(body)'} ${e.message}`).join('; ')}`);
    this.name = 'RequestValidationError';
  }
}

/** A request header is malformed (HTTP 400). */
export class RequestHeaderError extends Error {
  constructor(
    readonly code: string,
    readonly header: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestHeaderError';
  }
}
