import { Module } from '@nestjs/common';
import { BreachesModule } from '../breaches/breaches.module.js';
import { GetAnnualReportRoute } from './get-annual-report/get-annual-report.http.js';
import { GetBreachCausesRoute } from './get-breach-causes/get-breach-causes.http.js';

/** The reports that span the slices: the yearly report (breaches, DPIAs, the register, audits) and the cause analysis (breaches and the audit recommendations they are linked to); README.md. */
@Module({
  imports: [BreachesModule],
  controllers: [GetAnnualReportRoute, GetBreachCausesRoute],
})
export class ReportsModule {}
