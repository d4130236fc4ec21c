import type { InquiryAnsweredData, InquiryEvent, InquiryHeading, InquiryReceivedData, InquiryScope } from './inquiry.events.js';

/** One answer given to the inquiry: what the rules need of it (the view shows the rest). */
export type AnswerRecord = InquiryAnsweredData;

export interface InquiryRecord extends InquiryHeading {
  readonly scope: InquiryScope;
  readonly readers: readonly string[] | null;
  readonly answers: readonly AnswerRecord[];
  /** The latest business time recorded: a later act may not lie before it. */
  readonly lastActAt: string;
}

/** `none` → `open` → `closed`. */
export type InquiryState =
  | { readonly status: 'none' }
  | ({ readonly status: 'open' } & InquiryRecord)
  | ({ readonly status: 'closed'; readonly closedAt: string } & InquiryRecord);

export type OpenInquiry = Extract<InquiryState, { status: 'open' }>;

export const initialState = (): InquiryState => ({ status: 'none' });

function received(data: InquiryReceivedData): InquiryState {
  const { inquiryId, apReference, question, receivedAt, answerDueAt, scope, readers } = data;
  return { status: 'open', inquiryId, apReference, question, receivedAt, answerDueAt, scope, readers, answers: [], lastActAt: receivedAt };
}

export function evolve(state: InquiryState, event: InquiryEvent): InquiryState {
  if (event.type === 'InquiryReceived') return received(event.data);
  if (state.status === 'none') return state; // nothing precedes the receipt in a valid stream
  switch (event.type) {
    case 'InquiryScopeChanged':
      return { ...state, scope: event.data.scope, readers: event.data.readers, lastActAt: event.data.changedAt };
    case 'InquiryAnswered': {
      const { answeredAt } = event.data;
      return { ...state, answers: [...state.answers, event.data], lastActAt: answeredAt };
    }
    case 'InquiryClosed':
      return { ...state, status: 'closed', closedAt: event.data.closedAt, lastActAt: event.data.closedAt };
    default: {
      const unknown: never = event;
      throw new Error(`unknown inquiry event ${(unknown as { type: string }).type}`);
    }
  }
}
