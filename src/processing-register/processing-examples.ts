import type { ProcessingActivityRegisteredData } from './processing.events.js';

/**
 * The processing activity the documentation shows: the body of the OpenAPI example of
 * `POST /processing-activities` (register-processing-activity), a valid registration. The
 * tests register it too, so the documented example is one the service accepts.
 */
export const REGISTER_PROCESSING_ACTIVITY_EXAMPLE: Omit<ProcessingActivityRegisteredData, 'processingActivityId'> = {
  name: 'Parking permits',
  purposes: [{ purpose: 'Issuing parking permits', legalBasis: 'public-task' }],
  dataSubjectCategories: ['Residents', 'Visitors'],
  personalDataCategories: ['Name', 'Address', 'Licence plate'],
  recipients: ['Parking enforcement'],
  thirdCountryTransfers: [],
  retention: 'Two years after the permit ends',
  securityMeasures: ['Role-based access', 'Access logged'],
  dienst: 'DSB',
  owner: { kind: 'ad', name: 'AD DSB', reason: null },
  dpiaNeeded: false,
  registeredAt: '2026-02-02T10:00:00+01:00',
};
