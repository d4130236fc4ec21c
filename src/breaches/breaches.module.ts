import { Module } from '@nestjs/common';
import { BreachViews } from './breach-views.js';
import { GetBreachDeadlinesRoute } from './get-breach-deadlines/get-breach-deadlines.route.js';
import { GetBreachTimelineRoute } from './get-breach-timeline/get-breach-timeline.route.js';
import { GetLateReportingReportRoute } from './get-late-reporting-report/get-late-reporting-report.route.js';
import { ListBreachesRoute } from './list-breaches/list-breaches.route.js';
import { CloseBreachHandler } from './close-breach/close-breach.handler.js';
import { CloseBreachRoute } from './close-breach/close-breach.route.js';
import { CorrectBreachDetailsHandler } from './correct-breach-details/correct-breach-details.handler.js';
import { CorrectBreachDetailsRoute } from './correct-breach-details/correct-breach-details.route.js';
import { ErasePersonalDataHandler } from './erase-personal-data/erase-personal-data.handler.js';
import { ErasePersonalDataRoute } from './erase-personal-data/erase-personal-data.route.js';
import { RecordRootCauseHandler } from './record-root-cause/record-root-cause.handler.js';
import { RecordRootCauseRoute } from './record-root-cause/record-root-cause.route.js';
import { TakeMeasureHandler } from './take-measure/take-measure.handler.js';
import { TakeMeasureRoute } from './take-measure/take-measure.route.js';
import { AssessBreachHandler } from './assess-breach/assess-breach.handler.js';
import { AssessBreachRoute } from './assess-breach/assess-breach.route.js';
import { AssessLateReasonHandler } from './assess-late-reason/assess-late-reason.handler.js';
import { AssessLateReasonRoute } from './assess-late-reason/assess-late-reason.route.js';
import { GiveDpoAdviceHandler } from './give-dpo-advice/give-dpo-advice.handler.js';
import { GiveDpoAdviceRoute } from './give-dpo-advice/give-dpo-advice.route.js';
import { InformDpoHandler } from './inform-dpo/inform-dpo.handler.js';
import { InformDpoRoute } from './inform-dpo/inform-dpo.route.js';
import { BreachCommands } from './breach-commands.js';
import { GetBreachEventsHandler } from './get-breach-events/get-breach-events.handler.js';
import { GetBreachEventsRoute } from './get-breach-events/get-breach-events.route.js';
import { NotifyDataSubjectsHandler } from './notify-data-subjects/notify-data-subjects.handler.js';
import { NotifyDataSubjectsRoute } from './notify-data-subjects/notify-data-subjects.route.js';
import { RegisterBreachHandler } from './register-breach/register-breach.handler.js';
import { RegisterBreachRoute } from './register-breach/register-breach.route.js';
import { ReportBreachToAPHandler } from './report-breach-to-ap/report-breach-to-ap.handler.js';
import { ReportBreachToAPRoute } from './report-breach-to-ap/report-breach-to-ap.route.js';
import { SupplementBreachReportHandler } from './supplement-breach-report/supplement-breach-report.handler.js';
import { SupplementBreachReportRoute } from './supplement-breach-report/supplement-breach-report.route.js';
import { WaiveDataSubjectNotificationHandler } from './waive-data-subject-notification/waive-data-subject-notification.handler.js';
import { WaiveDataSubjectNotificationRoute } from './waive-data-subject-notification/waive-data-subject-notification.route.js';
import { WithdrawBreachReportHandler } from './withdraw-breach-report/withdraw-breach-report.handler.js';
import { WithdrawBreachReportRoute } from './withdraw-breach-report/withdraw-breach-report.route.js';
// The dossier and the AP notification form.
import { RecordNotificationDetailsHandler } from './record-notification-details/record-notification-details.js';
import { RecordNotificationDetailsRoute } from './record-notification-details/record-notification-details.http.js';
import { BreachDossiers } from './get-breach-dossier/get-breach-dossier.js';
import { GetBreachDossierRoute } from './get-breach-dossier/get-breach-dossier.http.js';
import { GetApNotificationRoute } from './get-ap-notification/get-ap-notification.http.js';
import { ApNotifications } from './get-ap-notification/get-ap-notification.js';
import { RevokeDataSubjectNotificationWaiverHandler } from './revoke-data-subject-notification-waiver/revoke-data-subject-notification-waiver.js';
import { RevokeDataSubjectNotificationWaiverRoute } from './revoke-data-subject-notification-waiver/revoke-data-subject-notification-waiver.http.js';
import { LinkBreachToRecommendationHandler } from './link-breach-to-recommendation/link-breach-to-recommendation.js';
import { LinkBreachToRecommendationRoute } from './link-breach-to-recommendation/link-breach-to-recommendation.http.js';

/** The breach slice: one route and one handler per use case (docs/architecture.md, "Slices"). */
@Module({
  controllers: [
    RegisterBreachRoute,
    InformDpoRoute,
    GiveDpoAdviceRoute,
    AssessBreachRoute,
    ReportBreachToAPRoute,
    SupplementBreachReportRoute,
    WithdrawBreachReportRoute,
    NotifyDataSubjectsRoute,
    WaiveDataSubjectNotificationRoute,
    RevokeDataSubjectNotificationWaiverRoute,
    RecordRootCauseRoute,
    TakeMeasureRoute,
    AssessLateReasonRoute,
    CorrectBreachDetailsRoute,
    CloseBreachRoute,
    ErasePersonalDataRoute,
    LinkBreachToRecommendationRoute,
    GetBreachEventsRoute,
    // GET /breaches/deadlines before GET /breaches/:breachId (both match; the static one wins in Fastify anyway).
    GetBreachDeadlinesRoute,
    GetBreachTimelineRoute,
    ListBreachesRoute,
    GetLateReportingReportRoute,
    // The dossier and the AP notification form.
    RecordNotificationDetailsRoute,
    GetBreachDossierRoute,
    GetApNotificationRoute,
  ],
  providers: [
    BreachCommands,
    BreachViews,
    RegisterBreachHandler,
    InformDpoHandler,
    GiveDpoAdviceHandler,
    AssessBreachHandler,
    ReportBreachToAPHandler,
    SupplementBreachReportHandler,
    WithdrawBreachReportHandler,
    NotifyDataSubjectsHandler,
    WaiveDataSubjectNotificationHandler,
    RevokeDataSubjectNotificationWaiverHandler,
    RecordRootCauseHandler,
    TakeMeasureHandler,
    AssessLateReasonHandler,
    CorrectBreachDetailsHandler,
    CloseBreachHandler,
    ErasePersonalDataHandler,
    LinkBreachToRecommendationHandler,
    GetBreachEventsHandler,
    // The dossier and the AP notification form.
    RecordNotificationDetailsHandler,
    BreachDossiers,
    ApNotifications,
  ],
  // The reports across the slices read the breach views too (src/reports/).
  exports: [BreachViews],
})
export class BreachesModule {}
