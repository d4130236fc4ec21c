import { Module } from '@nestjs/common';
import { AbandonDpiaHandler } from './abandon-dpia/abandon-dpia.handler.js';
import { AbandonDpiaRoute } from './abandon-dpia/abandon-dpia.route.js';
import { CompleteDpiaHandler } from './complete-dpia/complete-dpia.handler.js';
import { CompleteDpiaRoute } from './complete-dpia/complete-dpia.route.js';
import { ConcludePriorConsultationHandler } from './conclude-prior-consultation/conclude-prior-consultation.handler.js';
import { ConcludePriorConsultationRoute } from './conclude-prior-consultation/conclude-prior-consultation.route.js';
import { DpiaCommands } from './dpia-commands.js';
import { GetDpiaReportRoute } from './get-dpia-report/get-dpia-report.route.js';
import { GetDpiaReviewsDueRoute } from './get-dpia-reviews-due/get-dpia-reviews-due.route.js';
import { GetDpiaRoute } from './get-dpia/get-dpia.route.js';
import { ListDpiasRoute } from './list-dpias/list-dpias.route.js';
import { GiveDpoAdviceOnDpiaHandler } from './give-dpo-advice-on-dpia/give-dpo-advice-on-dpia.handler.js';
import { GiveDpoAdviceOnDpiaRoute } from './give-dpo-advice-on-dpia/give-dpo-advice-on-dpia.route.js';
import { RequestPriorConsultationHandler } from './request-prior-consultation/request-prior-consultation.handler.js';
import { RequestPriorConsultationRoute } from './request-prior-consultation/request-prior-consultation.route.js';
import { ReviewDpiaHandler } from './review-dpia/review-dpia.handler.js';
import { ReviewDpiaRoute } from './review-dpia/review-dpia.route.js';
import { StartDpiaHandler } from './start-dpia/start-dpia.handler.js';
import { StartDpiaRoute } from './start-dpia/start-dpia.route.js';

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
