import { Module } from '@nestjs/common';
import { INQUIRY_SCOPES } from '../auth/auth.guard.js';
import { InquiryAnswers } from './answer/inquiry-answers.js';
import { AnswerInquiryHandler } from './answer-inquiry/answer-inquiry.js';
import { AnswerInquiryRoute } from './answer-inquiry/answer-inquiry.http.js';
import { ChangeInquiryScopeHandler } from './change-inquiry-scope/change-inquiry-scope.js';
import { ChangeInquiryScopeRoute } from './change-inquiry-scope/change-inquiry-scope.http.js';
import { CloseInquiryHandler } from './close-inquiry/close-inquiry.js';
import { CloseInquiryRoute } from './close-inquiry/close-inquiry.http.js';
import { GetInquiryRoute } from './get-inquiry/get-inquiry.http.js';
import { InquiryCommands } from './inquiry-commands.js';
import { InquiryViews } from './inquiry-views.js';
import { ReceiveInquiryHandler } from './receive-inquiry/receive-inquiry.js';
import { ReceiveInquiryRoute } from './receive-inquiry/receive-inquiry.http.js';

/**
 * Inquiries of the supervisory authority: received, scoped, answered with evidence, closed.
 * Its views are also what the guard asks which breaches an AP identity may read.
 */
@Module({
  controllers: [ReceiveInquiryRoute, ChangeInquiryScopeRoute, AnswerInquiryRoute, CloseInquiryRoute, GetInquiryRoute],
  providers: [InquiryCommands, InquiryViews, InquiryAnswers, ReceiveInquiryHandler, ChangeInquiryScopeHandler, AnswerInquiryHandler, CloseInquiryHandler, { provide: INQUIRY_SCOPES, useExisting: InquiryViews }],
  exports: [INQUIRY_SCOPES],
})
export class InquiriesModule {}
