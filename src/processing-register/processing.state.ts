import { registeredFacts, type ProcessingEvent, type ProcessingFacts } from './processing.events.js';
import { laterOf } from './processing.rules.js';

/** What the rules need to know of a processing activity; the views are built elsewhere (projections). */
export interface ProcessingRecord {
  readonly processingActivityId: string;
  /** The facts as they stand after every amendment. */
  readonly facts: ProcessingFacts;
  readonly registeredAt: string;
  /** When it was published (the public register), if it was. */
  readonly publishedAt: string | null;
  /** The latest business time recorded so far: what follows cannot precede it. */
  readonly latestBusinessTime: string;
}

export type ProcessingState =
  | { readonly status: 'none' }
  | ({ readonly status: 'registered' } & ProcessingRecord)
  | ({ readonly status: 'retired'; readonly retiredAt: string } & ProcessingRecord);

export type ExistingProcessingActivity = Exclude<ProcessingState, { status: 'none' }>;
export type LiveProcessingActivity = Extract<ProcessingState, { status: 'registered' }>;

export const initialState = (): ProcessingState => ({ status: 'none' });

export function evolve(state: ProcessingState, event: ProcessingEvent): ProcessingState {
  if (event.type === 'ProcessingActivityRegistered') {
    const { processingActivityId, registeredAt } = event.data;
    return { status: 'registered', processingActivityId, facts: registeredFacts(event.data), registeredAt, publishedAt: null, latestBusinessTime: registeredAt };
  }
  if (state.status === 'none') return state; // nothing precedes the registration in a valid stream
  const seen = (time: string) => laterOf(state.latestBusinessTime, time);
  switch (event.type) {
    case 'ProcessingActivityAmended': {
      const facts = event.data.changes.reduce<ProcessingFacts>((current, change) => ({ ...current, [change.field]: change.to }), state.facts);
      return { ...state, facts, latestBusinessTime: seen(event.data.amendedAt) };
    }
    case 'ProcessingActivityPublished':
      return { ...state, publishedAt: state.publishedAt ?? event.data.publishedAt, latestBusinessTime: seen(event.data.publishedAt) };
    case 'ProcessingActivityRetired':
      return { ...state, status: 'retired', retiredAt: event.data.retiredAt, latestBusinessTime: seen(event.data.retiredAt) };
    default: {
      const unknown: never = event;
      throw new Error(`unknown processing-activity event ${(unknown as { type: string }).type}`);
    }
  }
}
