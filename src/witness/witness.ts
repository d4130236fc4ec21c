import { cosignatureLine } from '../ledger/cosignature.js';
import type { Clock } from '../shared/clock.js';
import { decideAddCheckpoint, parseAddCheckpointBody, type AddCheckpointRequest, type Refusal } from './add-checkpoint.js';
import type { WitnessStore } from './witness-store.js';

export type WitnessAnswer = { readonly status: 200; readonly lines: string } | Refusal;

/**
 * A C2SP tlog-witness over a WitnessStore: checks a submitted checkpoint (add-checkpoint.ts),
 * persists it as the log's latest, and only then answers with its cosignature/v1 line
 * ("The witness MUST persist the new checkpoint before responding"). The check and the
 * write hold the log's lock, so two requests from one old size never both advance.
 */
export class Witness {
  constructor(
    private readonly store: WitnessStore,
    private readonly clock: Clock,
  ) {}

  /** The raw request body of POST /add-checkpoint. */
  async addCheckpointBody(body: string): Promise<WitnessAnswer> {
    const request = parseAddCheckpointBody(body);
    return 'ok' in request ? request : this.addCheckpoint(request);
  }

  async addCheckpoint(request: AddCheckpointRequest): Promise<WitnessAnswer> {
    const origin = originOf(request.note);
    if (origin === undefined) return decideOnly(request);
    const identity = this.store.identity();
    return this.store.exclusive(origin, () => {
      const decision = decideAddCheckpoint(request, this.store.config(origin));
      if (!decision.ok) {
        const { ok: _ok, ...refusal } = decision;
        return refusal;
      }
      this.store.saveCheckpoint(origin, request.note);
      const timestamp = Math.floor(this.clock.now().getTime() / 1000);
      return { status: 200 as const, lines: cosignatureLine(decision.note.body, identity, timestamp) };
    });
  }
}

/** The first line of the note, to find the log's record; the full parse happens under the lock. */
function originOf(note: string): string | undefined {
  const end = note.indexOf('\n');
  return end > 0 ? note.slice(0, end) : undefined;
}

function decideOnly(request: AddCheckpointRequest): WitnessAnswer {
  const decision = decideAddCheckpoint(request, undefined);
  if (decision.ok) throw new Error('unreachable: a note without an origin line cannot be accepted');
  const { ok: _ok, ...refusal } = decision;
  return refusal;
}
