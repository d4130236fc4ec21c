import type { PersonalDataScheme } from '../personal-data/personal-data-codec.js';
import { PERSONAL_FIELDS } from './breach.events.js';

/** The personal data of breach streams: PERSONAL_FIELDS, each breach under a key of its own (`kid` = the breach id). */
export const breachPersonalData: PersonalDataScheme = {
  category: 'breach',
  fields: PERSONAL_FIELDS,
  subjectOf: (streamId) => streamId.slice('breach-'.length),
  erasure: 'PersonalDataErased',
};
