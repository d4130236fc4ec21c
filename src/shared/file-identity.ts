import { statSync } from 'node:fs';

/** Which file a path named when it was opened: its device and inode. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

export function identify(file: string): FileIdentity {
  const { dev, ino } = statSync(file);
  return { dev, ino };
}

/**
 * Why the path no longer names the file that was opened ("was deleted since it was opened"),
 * or undefined when it still does. Without the path: callers name the file by its setting.
 * An open SQLite file that is deleted or replaced goes on answering from the unlinked inode:
 * every write after that is lost at the next start, so the path is looked at, not the handle.
 */
export function goneOrReplaced(file: string, opened: FileIdentity): string | undefined {
  try {
    const now = identify(file);
    return now.dev === opened.dev && now.ino === opened.ino ? undefined : 'was replaced by another file since it was opened';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'was deleted since it was opened' : `cannot be looked at (${code ?? 'unknown error'})`;
  }
}

/** A file the service opened at start and relies on staying in place (a key file): what /health looks at. */
export class WatchedFile {
  private readonly opened: FileIdentity;

  constructor(
    /** The setting that names it, e.g. SIGNING_KEY_FILE: what an operator looks for. */
    readonly setting: string,
    readonly file: string,
  ) {
    this.opened = identify(file);
  }

  /** Why the file can no longer be relied on, naming its setting; undefined while it is in place. */
  problem(): string | undefined {
    const problem = goneOrReplaced(this.file, this.opened);
    return problem && `${this.setting} ${problem}`;
  }
}
