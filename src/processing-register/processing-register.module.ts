import { Module } from '@nestjs/common';
import { AmendProcessingActivityHandler } from './amend-processing-activity/amend-processing-activity.js';
import { AmendProcessingActivityRoute } from './amend-processing-activity/amend-processing-activity.http.js';
import { GetProcessingActivityRoute } from './get-processing-activity/get-processing-activity.http.js';
import { GetPublishedRegisterRoute } from './get-published-register/get-published-register.http.js';
import { GetRegisterCompletenessRoute } from './get-register-completeness/get-register-completeness.http.js';
import { ListProcessingActivitiesRoute } from './list-processing-activities/list-processing-activities.http.js';
import { ProcessingCommands } from './processing-commands.js';
import { PublishProcessingActivityHandler } from './publish-processing-activity/publish-processing-activity.js';
import { PublishProcessingActivityRoute } from './publish-processing-activity/publish-processing-activity.http.js';
import { RegisterProcessingActivityHandler } from './register-processing-activity/register-processing-activity.js';
import { RegisterProcessingActivityRoute } from './register-processing-activity/register-processing-activity.http.js';
import { RetireProcessingActivityHandler } from './retire-processing-activity/retire-processing-activity.js';
import { RetireProcessingActivityRoute } from './retire-processing-activity/retire-processing-activity.http.js';

/** The register of processing activities (Art. 30): one route and one handler per use case (docs/architecture.md, "Slices"). */
@Module({
  controllers: [
    RegisterProcessingActivityRoute,
    AmendProcessingActivityRoute,
    PublishProcessingActivityRoute,
    RetireProcessingActivityRoute,
    ListProcessingActivitiesRoute,
    GetRegisterCompletenessRoute,
    GetPublishedRegisterRoute,
    GetProcessingActivityRoute,
  ],
  providers: [ProcessingCommands, RegisterProcessingActivityHandler, AmendProcessingActivityHandler, PublishProcessingActivityHandler, RetireProcessingActivityHandler],
})
export class ProcessingRegisterModule {}
