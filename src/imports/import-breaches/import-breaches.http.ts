import { importRoute } from '../import-route.js';
import { BREACH_COLUMNS } from './breach-row.js';
import { planBreachImport } from './import-breaches.js';

/** `POST /imports/breaches`: past breaches from an existing register. */
export const ImportBreachesRoute = importRoute(
  { kind: 'breaches', columns: BREACH_COLUMNS, plan: planBreachImport },
  {
    summary: 'Import past breaches from an existing register (CSV)',
    description: 'One row per breach becomes its BreachDetected and what followed, marked source: import with the file hash. All rows or none.',
    example: 'title;description;dienst;aware_at;reportable;reported_at;ap_reference\nLetter to a neighbour;A decision letter went to a neighbour.;SZW;2021-03-02T10:00:00+01:00;yes;2021-03-08T09:00:00+01:00;M-2021-0042\n',
  },
);
