import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Ledger } from '../../ledger/ledger.js';
import { EVENT_STORE, type Actor, type EventStore } from '../../event-store/event-store.port.js';
import { PersonalDataCodec } from '../../personal-data/personal-data-codec.js';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from '../../personal-data/personal-data-keys.port.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { InquiryCommands, inquiryNotFound } from '../inquiry-commands.js';
import type { InquiryAnsweredData } from '../inquiry.events.js';
import { requireOpenInquiry } from '../inquiry.rules.js';
import type { AnswerRecord, InquiryRecord } from '../inquiry.state.js';
import { answerChunks, answerLines, type AnswerInput, type AnswerSources } from './answer-bundle.js';
import { ANSWER_VERSION, type AnswerVersion } from './answer-format.js';
import { resolveScopeOnLog } from './scope-resolution.js';

/**
 * Builds answers to inquiries: a checkpoint taken for the answer (and cosigned by the
 * witnesses then), the scope resolved on the log it covers, and the bundle, hashed as served.
 */
@Injectable()
export class InquiryAnswers {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly ledger: Ledger,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
    @Inject(PersonalDataCodec) private readonly personalData: PersonalDataCodec,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly inquiries: InquiryCommands,
  ) {}

  /** What InquiryAnswered records: refused (by the rules) before any checkpoint is taken when the inquiry is not open. */
  async prepare(inquiryId: string, actor: Actor): Promise<InquiryAnsweredData> {
    const state = await this.inquiries.state(inquiryId);
    if (state.status === 'none') throw inquiryNotFound(inquiryId)();
    const inquiry = requireOpenInquiry(state);
    const checkpoint = await this.ledger.checkpoint(actor);
    const breachIds = await resolveScopeOnLog(this.events, inquiry.scope, checkpoint.treeSize);
    const answer = { answeredAt: this.clock.now().toISOString(), checkpoint: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, note: checkpoint.note }, breachIds, scope: inquiry.scope, answerVersion: ANSWER_VERSION };
    const hash = createHash('sha256');
    for await (const chunk of answerChunks(answerLines(this.input(inquiry, answer), this.sources()))) hash.update(chunk, 'utf8');
    return { ...answer, answerSha256: hash.digest('hex') };
  }

  state(inquiryId: string): ReturnType<InquiryCommands['state']> {
    return this.inquiries.state(inquiryId);
  }

  /** The bundle of an answer given earlier (the latest by default), in chunks of whole lines, as it was hashed. */
  async lines(inquiryId: string, number?: number): Promise<{ lines: AsyncGenerator<string>; answer: AnswerRecord; number: number }> {
    const state = await this.inquiries.state(inquiryId);
    if (state.status === 'none') throw inquiryNotFound(inquiryId)();
    const index = number === undefined ? state.answers.length - 1 : number - 1;
    const answer = state.answers[index];
    if (!answer) throw new NotFoundError('answer-not-found', number === undefined ? `inquiry ${inquiryId} has not been answered` : `inquiry ${inquiryId} has no answer ${number}`);
    await this.ledger.sync();
    return { lines: answerChunks(answerLines(this.input(state, answer), this.sources())), answer, number: index + 1 };
  }

  private input(inquiry: InquiryRecord, answer: Omit<AnswerRecord, 'answerSha256'>): AnswerInput {
    const { inquiryId, apReference, question, receivedAt, answerDueAt } = inquiry;
    return {
      origin: this.ledger.keyName,
      inquiry: { inquiryId, apReference, question, receivedAt, answerDueAt, scope: answer.scope },
      answeredAt: answer.answeredAt,
      breachIds: answer.breachIds,
      scope: answer.scope,
      treeSize: answer.checkpoint.treeSize,
      checkpoint: answer.checkpoint.note,
      // Rebuilt in the version it was hashed in: answers recorded before version 2 carry none.
      version: (answer.answerVersion ?? 1) as AnswerVersion,
    };
  }

  private sources(): AnswerSources {
    return { events: this.events, ledger: this.ledger, keys: this.keys, personalData: this.personalData };
  }
}
