/** One read of an audit or export endpoint: who read what, when. */
export interface AccessEntry {
  readonly at: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly method: string;
  readonly route: string;
  /** The path and query as requested. */
  readonly url: string;
  readonly status: number;
  /** What a scoped read rested on: the breach or inquiry an AP identity's open inquiry put in scope. */
  readonly detail?: { readonly breachId?: string; readonly inquiryId?: string };
}

/**
 * The access log: kept apart from the domain streams, append-only (no adapter offers a way
 * to change or remove an entry), readable by the FG and admins. With READ_STORE=mongodb
 * every instance writes to one log, so a read on any host shows up in it.
 */
export interface AccessLog {
  /** Resolves once the entry is durably stored: a read that cannot be logged is not served. */
  record(entry: AccessEntry): Promise<void>;
  /** Newest first. */
  page(offset: number, limit: number): Promise<{ items: AccessEntry[]; total: number }>;
  close(): Promise<void>;
}

export const ACCESS_LOG = Symbol('AccessLog');

/** An access-log entry could not be written (disk full, I/O error): the read it logs is not served (HTTP 503). */
export class AccessLogUnavailableError extends Error {
  readonly code = 'access-log-unavailable';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'AccessLogUnavailableError';
  }
}
