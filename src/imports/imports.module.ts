import { Module } from '@nestjs/common';
import { ImportBreachesRoute } from './import-breaches/import-breaches.http.js';
import { ImportProcessingActivitiesRoute } from './import-processing-activities/import-processing-activities.http.js';
import { ImportRunner } from './import-runner.js';
import { ImportWriter } from './import-writer.js';

/** The imports of existing registers: CSV files become events, all rows or none. */
@Module({
  controllers: [ImportBreachesRoute, ImportProcessingActivitiesRoute],
  providers: [ImportRunner, ImportWriter],
})
export class ImportsModule {}
