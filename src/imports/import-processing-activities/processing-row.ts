import { LEGAL_BASES, OWNER_KINDS, type LegalBasis, type ProcessingActivityRegisteredData, type ProcessingOwner, type ProcessingPurpose, type ThirdCountryTransfer } from '../../processing-register/processing.events.js';
import type { ColumnSpec } from '../csv-table.js';
import type { RowReader } from '../row-reader.js';

/** The columns of a processing-register import (README.md "Processing activities"). */
export const PROCESSING_COLUMNS: ColumnSpec = {
  required: ['name', 'dienst', 'purposes', 'retention', 'dpia_needed'],
  optional: ['data_subject_categories', 'personal_data_categories', 'recipients', 'third_country_transfers', 'security_measures', 'owner_kind', 'owner_name', 'owner_reason', 'registered_at'],
};

/**
 * Reads a row into the registration it stands for (its id and, when the row has none,
 * registeredAt = the time of the import are added by the caller); null when a cell is
 * refused. An owner or a lawful basis the row does not name is recorded as missing (null):
 * the existing register is incomplete, and the completeness report must show it.
 */
export function readProcessingRow(read: RowReader): Omit<ProcessingActivityRegisteredData, 'processingActivityId' | 'registeredAt'> & { readonly registeredAt: string | null } | null {
  const name = read.text('name', { required: true });
  const dienst = read.text('dienst', { required: true });
  const purposes = read.list('purposes').map((item) => purposeOf(read, item));
  if (purposes.length === 0) read.refuse('purposes', 'value-required', 'purposes is required: purpose:legal-basis items separated by |');
  const transfers = read.list('third_country_transfers').map((item) => transferOf(read, item));
  const retention = read.text('retention', { required: true, long: true });
  const dpiaNeeded = read.yesNo('dpia_needed');
  const owner = ownerOf(read);
  const registeredAt = read.time('registered_at');
  const lists = { dataSubjectCategories: read.list('data_subject_categories'), personalDataCategories: read.list('personal_data_categories'), recipients: read.list('recipients'), securityMeasures: read.list('security_measures') };
  if (read.refusals.length > 0 || name === null || dienst === null || retention === null || dpiaNeeded === null || owner === undefined) return null;
  return { name, purposes: purposes as ProcessingPurpose[], ...lists, thirdCountryTransfers: transfers as ThirdCountryTransfer[], retention, dienst, owner, dpiaNeeded, registeredAt };
}

/** `purpose:legal-basis`; the basis after the last colon. No colon, or nothing after it: no basis recorded. */
function purposeOf(read: RowReader, item: string): ProcessingPurpose | null {
  const colon = item.lastIndexOf(':');
  if (colon < 0) return { purpose: item, legalBasis: null };
  const purpose = item.slice(0, colon).trim();
  const basis = item.slice(colon + 1).trim().toLowerCase();
  if (basis === '') return { purpose, legalBasis: null };
  if (!(LEGAL_BASES as readonly string[]).includes(basis)) {
    return read.refuse('purposes', 'unknown-legal-basis', `${JSON.stringify(basis)} is not a lawful basis of Art. 6(1): write purpose:${LEGAL_BASES.join('|')}, or end the purpose with ":" when the register names none`);
  }
  return { purpose, legalBasis: basis as LegalBasis };
}

/** `country:safeguard`, both required (Art. 30(1)(e), Art. 45–49). */
function transferOf(read: RowReader, item: string): ThirdCountryTransfer | null {
  const colon = item.indexOf(':');
  if (colon < 0) return read.refuse('third_country_transfers', 'transfer-requires-safeguard', `${JSON.stringify(item)} names no safeguard: write country:safeguard`);
  return { country: item.slice(0, colon).trim(), safeguard: item.slice(colon + 1).trim() };
}

/** No owner column filled: null (missing). Otherwise kind (default `ad`), name and reason as the rules want them. */
function ownerOf(read: RowReader): ProcessingOwner | null | undefined {
  if (!read.has('owner_kind') && !read.has('owner_name') && !read.has('owner_reason')) return null;
  const kind = read.oneOf('owner_kind', OWNER_KINDS, 'ad');
  const name = read.text('owner_name') ?? '';
  const reason = read.text('owner_reason', { long: true });
  return kind === null ? undefined : { kind, name, reason };
}
