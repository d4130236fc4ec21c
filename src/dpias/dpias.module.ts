import { Module } from '@nestjs/common';
import { AbandonDpiaHandler } from './abandon-dpia/abandon-dpia.js';
import { AbandonDpiaRoute } from './abandon-dpia/abandon-dpia.http.js';
import { CompleteDpiaHandler } from './complete-dpia/complete-dpia.js';
import { CompleteDpiaRoute } from './complete-dpia/complete-dpia.http.js';
import { ConcludePriorConsultationHandler } from './conclude-prior-consultation/conclude-prior-consultation.js';
import { ConcludePriorConsultationRoute } from './conclude-prior-consultation/conclude-prior-consultation.http.js';
import { DpiaCommands } from './dpia-commands.js';
import { GetDpiaReportRoute } from './get-dpia-report/get-dpia-report.http.js';
import { GetDpiaReviewsDueRoute } from './get-dpia-reviews-due/get-dpia-reviews-due.http.js';
import { GetDpiaRoute } from './get-dpia/get-dpia.http.js';
import { ListDpiasRoute } from './list-dpias/list-dpias.http.js';
import { GiveDpoAdviceOnDpiaHandler } from './give-dpo-advice-on-dpia/give-dpo-advice-on-dpia.js';
import { GiveDpoAdviceOnDpiaRoute } from './give-dpo-advice-on-dpia/give-dpo-advice-on-dpia.http.js';
import { RequestPriorConsultationHandler } from './request-prior-consultation/request-prior-consultation.js';
import { RequestPriorConsultationRoute } from './request-prior-consultation/request-prior-consultation.http.js';
import { ReviewDpiaHandler } from './review-dpia/review-dpia.js';
import { ReviewDpiaRoute } from './review-dpia/review-dpia.http.js';
import { StartDpiaHandler } from './start-dpia/start-dpia.js';
import { StartDpiaRoute } from './start-dpia/start-dpia.http.js';

/** The DPIA slice (Art. 35, 36): one route and one handler per use case (docs/architecture.md, "Slices"). */
@Module({
  controllers: [
    StartDpiaRoute,
    GiveDpoAdviceOnDpiaRoute,
    CompleteDpiaRoute,
    RequestPriorConsultationRoute,
    ConcludePriorConsultationRoute,
    AbandonDpiaRoute,
    ReviewDpiaRoute,
    ListDpiasRoute,
    GetDpiaReviewsDueRoute,
    GetDpiaRoute,
    GetDpiaReportRoute,
  ],
  providers: [
    DpiaCommands,
    StartDpiaHandler,
    GiveDpoAdviceOnDpiaHandler,
    CompleteDpiaHandler,
    RequestPriorConsultationHandler,
    ConcludePriorConsultationHandler,
    AbandonDpiaHandler,
    ReviewDpiaHandler,
  ],
})
export class DpiasModule {}
