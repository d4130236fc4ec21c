import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A command line that cannot be run: exit 2, with the message and the usage text. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Whether the module at `moduleUrl` is the script node was started with (directly, or through
 * a symlink such as an npm bin link), rather than imported by the `privacy-ledger` entry.
 */
export function isEntryScript(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
