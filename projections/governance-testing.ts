import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { JsonObject } from '../src/shared/json.js';
import { dpiaOverview, type DpiaOverviewDocument } from './dpia-overview.js';
import { processingRegister, type ProcessingRegisterDocument } from './processing-register.js';
import { projectOne, storedEvent, type Envelope } from './testing.js';

/** Building stored DPIA and register streams for projection specs: envelopes as the store writes them. */

type AnyEvent = { readonly type: string; readonly data: object };
export type GovernanceStep = AnyEvent | readonly [AnyEvent, Envelope];

/** The stored events of one stream: revisions from 0, positions ten apart from `firstPosition`. */
export function streamOf(streamId: string, steps: readonly GovernanceStep[], firstPosition = 100n): StoredEvent[] {
  return steps.map((step, revision) => {
    const [event, envelope]: readonly [AnyEvent, Envelope] = 'type' in step ? [step, {}] : step;
    return storedEvent(streamId, revision, firstPosition + BigInt(revision) * 10n, event.type, event.data as JsonObject, envelope);
  });
}

export const dpiaDocument = (dpiaId: string, steps: readonly GovernanceStep[]): DpiaOverviewDocument => projectOne(dpiaOverview, streamOf(`dpia-${dpiaId}`, steps));

export const activityDocument = (processingActivityId: string, steps: readonly GovernanceStep[]): ProcessingRegisterDocument =>
  projectOne(processingRegister, streamOf(`processing-${processingActivityId}`, steps));
