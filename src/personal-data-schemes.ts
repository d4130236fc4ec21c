import { breachPersonalData } from './breaches/breach-personal-data.js';
import type { PersonalDataScheme } from './personal-data/personal-data-codec.js';

/**
 * The streams whose payloads carry personal data: each slice's own scheme, listed here where
 * the service is put together (as AppModule lists the modules), so that the personal-data
 * module knows no slice. A slice whose events get personal fields adds its scheme here.
 */
export const PERSONAL_DATA_SCHEMES: readonly PersonalDataScheme[] = [breachPersonalData];
