import type { StoredEvent } from '../../../src/event-store/event-store.port.js';
import { dpiaOverview, type DpiaOverviewDocument } from '../../../projections/dpia-overview.js';
import { processingRegister, type ProcessingRegisterDocument } from '../../../projections/processing-register.js';
import { eventStream, projectOne, type Envelope } from './testing.js';

/** Building stored DPIA and register streams for projection specs: envelopes as the store writes them. */

type AnyEvent = { readonly type: string; readonly data: object };
export type GovernanceStep = AnyEvent | readonly [AnyEvent, Envelope];

const RECORDED_AT = '2026-01-01T00:00:00.000Z';

/** The stored events of one stream: revisions from 0, positions ten apart from `firstPosition`, recorded at one moment unless a step says otherwise. */
export function streamOf(streamId: string, steps: readonly GovernanceStep[], firstPosition = 100n): StoredEvent[] {
  return eventStream<AnyEvent>(streamId, steps, () => RECORDED_AT, firstPosition);
}

export const dpiaDocument = (dpiaId: string, steps: readonly GovernanceStep[]): DpiaOverviewDocument => projectOne(dpiaOverview, streamOf(`dpia-${dpiaId}`, steps));

export const activityDocument = (processingActivityId: string, steps: readonly GovernanceStep[]): ProcessingRegisterDocument =>
  projectOne(processingRegister, streamOf(`processing-${processingActivityId}`, steps));
