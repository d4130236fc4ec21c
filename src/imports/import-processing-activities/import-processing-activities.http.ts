import { importRoute } from '../import-route.js';
import { planProcessingImport } from './import-processing-activities.js';
import { PROCESSING_COLUMNS } from './processing-row.js';

/** `POST /imports/processing-activities`: an existing register of processing activities (Art. 30). */
export const ImportProcessingActivitiesRoute = importRoute(
  { kind: 'processing-activities', columns: PROCESSING_COLUMNS, plan: planProcessingImport },
  {
    summary: 'Import an existing register of processing activities (CSV)',
    description:
      'One row per processing activity becomes its ProcessingActivityRegistered (Art. 30), marked source: import with the file hash; an owner or lawful basis the register does not name is recorded as missing. All rows or none.',
    example: 'name;dienst;purposes;retention;dpia_needed;owner_kind;owner_name\nParking permits;DSB;Issuing parking permits:public-task|Enforcement:;Two years after the permit ends;no;ad;AD DSB\n',
  },
);
