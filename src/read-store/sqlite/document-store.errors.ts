import { DocumentStoreError } from '../document-store.port.js';

/*
 * Failures the port does not name yet. Nothing here is SQLite-specific: the MongoDB
 * adapter needs the same three, so they belong beside the port once it takes them.
 */

/** A commit that could never be written (not JSON, a bad name, a checkpoint going backwards): nothing was written. */
export class InvalidCommitError extends DocumentStoreError {
  constructor(reason: string) {
    super('invalid-commit', `invalid commit: ${reason}`);
    this.name = 'InvalidCommitError';
  }
}

export class DocumentStoreClosedError extends DocumentStoreError {
  constructor() {
    super('document-store-closed', 'the document store is closed');
    this.name = 'DocumentStoreClosedError';
  }
}

/** The storage failed (cannot open the file, lock timeout, disk full, I/O error); the cause says how. */
export class DocumentStoreUnavailableError extends DocumentStoreError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('document-store-unavailable', `the document store is unavailable: ${reason}`);
    this.name = 'DocumentStoreUnavailableError';
    if (options && 'cause' in options) this.cause = options.cause;
  }
}
