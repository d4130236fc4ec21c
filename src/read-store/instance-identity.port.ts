import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This instance's name as a projection lease holder, the same across restarts, so that an
 * instance restarted after a crash (kill -9, a container restart) takes its own leases back
 * at once instead of standing by until they expire. Two live processes never hold one name
 * (both would think they hold its leases): a process that cannot claim the name runs under
 * one of its own for this run only.
 */
export interface InstanceIdentity {
  readonly id: string;
  /** Whether this is the stable name (held), or one for this run only. */
  readonly claimed: boolean;
  /** Lets the next process claim the name. */
  release(): void | Promise<void>;
}

export const INSTANCE_IDENTITY = Symbol('InstanceIdentity');

/** INSTANCE_ID: the operator keeps it unique, so it is taken as it is. */
export function configuredIdentity(id: string): InstanceIdentity {
  return { id, claimed: true, release: () => undefined };
}

/** A name for this run only. */
export function ephemeralId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
