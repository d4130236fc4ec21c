/** The client's `If-Match` revision is not the stream's current revision (HTTP 409). */
export class RevisionConflictError extends Error {
  readonly code = 'revision-conflict';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: number,
    readonly currentRevision: number | null,
  ) {
    super(`the resource is at revision ${currentRevision ?? 'none'}, not ${expectedRevision}: read it again and retry`);
    this.name = 'RevisionConflictError';
  }
}

/** The Idempotency-Key was used before for a different request (HTTP 422). */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'idempotency-key-reused';
  constructor(readonly idempotencyKey: string) {
    super(`Idempotency-Key ${idempotencyKey} was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
