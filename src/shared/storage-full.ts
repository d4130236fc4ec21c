/**
 * Whether an error, or any error it was caused by, is a write that failed for lack of space:
 * SQLite's SQLITE_FULL (what better-sqlite3 reports when the file system is full) or the
 * system's ENOSPC. Stores wrap the driver's errors in their own; the cause keeps the reason.
 */
export function isStorageFull(error: unknown): boolean {
  for (let cause = error, depth = 0; typeof cause === 'object' && cause !== null && depth < 10; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
