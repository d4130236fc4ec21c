import { Module } from '@nestjs/common';
import { useCaseClasses } from '../shared/use-case-classes.js';
import { BreachCommands } from './breach-commands.js';
import { BreachViews } from './breach-views.js';
import { GetAnnualReportRoute } from './get-annual-report/get-annual-report.route.js';

/** Every use-case folder's route and handler (docs/architecture.md, "Slices"): a new folder needs no entry here. */
const useCases = await useCaseClasses(import.meta.url, (path) => import(path));

/** The breach slice: its use cases, and what they share (the command side's BreachCommands, the views' queries). */
@Module({
  controllers: [...useCases.controllers, GetAnnualReportRoute],
  providers: [BreachCommands, BreachViews, ...useCases.providers],
})
export class BreachesModule {}
