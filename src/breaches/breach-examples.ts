import type { BreachDetectedData } from './breach.events.js';

/**
 * The breach the documentation shows: the body of the OpenAPI example of `POST /breaches`
 * (register-breach), a valid registration. The tests register it too, so the documented
 * example is one the service accepts.
 */
export const REGISTER_BREACH_EXAMPLE: Omit<BreachDetectedData, 'breachId'> = {
  title: 'Decision letter sent to the wrong address',
  description: 'A decision on social support was sent to a neighbour of the applicant.',
  dienst: 'SZW',
  awareAt: '2026-03-02T10:00:00+01:00',
  occurredFrom: '2026-03-01T09:00:00+01:00',
  occurredTo: '2026-03-01T09:00:00+01:00',
  discovery: { how: 'The neighbour phoned the service desk', processor: null },
  ciaAspects: ['confidentiality'],
  incidentKind: 'wrong-recipient',
  dataCategories: ['name', 'address', 'income'],
  specialCategories: false,
  bsn: true,
  criminalData: false,
  dataSubjects: { kind: 'exact', count: 1 },
  encrypted: false,
};
