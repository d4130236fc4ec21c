import { Module } from '@nestjs/common';
import { BreachCommands } from './breach-commands.js';
import { GetBreachEventsHandler } from './get-breach-events/get-breach-events.handler.js';
import { GetBreachEventsRoute } from './get-breach-events/get-breach-events.route.js';
import { RegisterBreachHandler } from './register-breach/register-breach.handler.js';
import { RegisterBreachRoute } from './register-breach/register-breach.route.js';
import { ReportBreachToAPHandler } from './report-breach-to-ap/report-breach-to-ap.handler.js';
import { ReportBreachToAPRoute } from './report-breach-to-ap/report-breach-to-ap.route.js';

/** The breach slice: one route and one handler per use case (STYLE.md). */
@Module({
  controllers: [RegisterBreachRoute, ReportBreachToAPRoute, GetBreachEventsRoute],
  providers: [BreachCommands, RegisterBreachHandler, ReportBreachToAPHandler, GetBreachEventsHandler],
})
export class BreachesModule {}
