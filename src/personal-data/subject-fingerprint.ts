import { createHmac, hkdfSync } from 'node:crypto';

/**
 * A command's request fingerprint keyed per subject (a breach), for the events of its
 * stream: HMAC-SHA256 of the installation-keyed fingerprint (src/http/request-fingerprint.ts)
 * under a key derived from the subject's personal-data key. Erasing that key therefore
 * erases this one: after an erasure nobody holding the log and the data folder can
 * recompute the fingerprint of a guessed body, so it cannot confirm an erased text.
 *
 * Stored as `subject-hmac:<hex>`; a bare hex fingerprint is the installation-keyed one
 * (events written before this scheme, and commands on a subject already erased).
 */
export const SUBJECT_KEYED = 'subject-hmac:';

const INFO = 'privacy-ledger request fingerprint';

export function subjectFingerprint(dataKey: Buffer, requestHash: string): string {
  // A key of its own (HKDF), so the AES key is never used as an HMAC key as well.
  const key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), INFO, 32));
  return `${SUBJECT_KEYED}${createHmac('sha256', key).update(requestHash, 'utf8').digest('hex')}`;
}

export const isSubjectKeyed = (stored: string | undefined): stored is string => stored?.startsWith(SUBJECT_KEYED) === true;
