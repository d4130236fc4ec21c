import { Module } from '@nestjs/common';
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

/** The breach slice: one route and one handler per use case (STYLE.md). */
@Module({
  controllers: [
    RegisterBreachRoute,
    ReportBreachToAPRoute,
    SupplementBreachReportRoute,
    WithdrawBreachReportRoute,
    NotifyDataSubjectsRoute,
    WaiveDataSubjectNotificationRoute,
    GetBreachEventsRoute,
  ],
  providers: [
    BreachCommands,
    RegisterBreachHandler,
    ReportBreachToAPHandler,
    SupplementBreachReportHandler,
    WithdrawBreachReportHandler,
    NotifyDataSubjectsHandler,
    WaiveDataSubjectNotificationHandler,
    GetBreachEventsHandler,
  ],
})
export class BreachesModule {}
