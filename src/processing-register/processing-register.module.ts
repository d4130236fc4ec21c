import { Module } from '@nestjs/common';
import { AmendProcessingActivityHandler } from './amend-processing-activity/amend-processing-activity.handler.js';
import { AmendProcessingActivityRoute } from './amend-processing-activity/amend-processing-activity.route.js';
import { GetProcessingActivityRoute } from './get-processing-activity/get-processing-activity.route.js';
import { GetPublishedRegisterRoute } from './get-published-register/get-published-register.route.js';
import { GetRegisterCompletenessRoute } from './get-register-completeness/get-register-completeness.route.js';
import { ListProcessingActivitiesRoute } from './list-processing-activities/list-processing-activities.route.js';
import { ProcessingCommands } from './processing-commands.js';
import { PublishProcessingActivityHandler } from './publish-processing-activity/publish-processing-activity.handler.js';
import { PublishProcessingActivityRoute } from './publish-processing-activity/publish-processing-activity.route.js';
import { RegisterProcessingActivityHandler } from './register-processing-activity/register-processing-activity.handler.js';
import { RegisterProcessingActivityRoute } from './register-processing-activity/register-processing-activity.route.js';
import { RetireProcessingActivityHandler } from './retire-processing-activity/retire-processing-activity.handler.js';
import { RetireProcessingActivityRoute } from './retire-processing-activity/retire-processing-activity.route.js';

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
