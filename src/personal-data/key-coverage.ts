import { categoryOf } from '../../projections/projection.js';
import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port.js';
import { personalValues } from '../shared/personal-fields.js';
import { isStorageFull } from '../shared/storage-full.js';
import { looksEncrypted } from './field-encryption.js';
import type { PersonalDataScheme } from './personal-data-codec.js';
import type { PersonalDataKeys } from './personal-data-keys.port.js';

const PAGE = 1000;

/** The key store cannot serve the log it is configured beside: the service must not start. */
export class PersonalDataKeysMismatchError extends Error {
  constructor(file: string, reason: string) {
    super(
      `PERSONAL_DATA_KEYS_FILE ${file} cannot serve this log: ${reason}. Restore the key file that belongs to this log (from the backup taken with it); ` +
        'a new or older key file would make personal fields unreadable, and they must never pass for erased',
    );
    this.name = 'PersonalDataKeysMismatchError';
  }
}

/**
 * Checked before the service starts: every subject that has ciphertext in the log has a key
 * or an erasure in the key store. Without it a lost or older key file starts fine and shows
 * itself only as failing commands and projections, and new keys written into a fresh file
 * hide the loss further.
 *
 * Cheap on a long log: the store records how far it was found complete (its coverage: the
 * log's first event id, a position, its number of subjects then), and only the events after
 * that position are read. A store with fewer subjects than then has lost keys; a store
 * without coverage (new, or from before this check) is checked from the first event once.
 */
export async function checkKeyCoverage(events: EventStore, keys: PersonalDataKeys, schemes: readonly PersonalDataScheme[], file: string): Promise<void> {
  const head = await events.headPosition();
  const [first] = await events.readAll({ maxCount: 1 });
  if (head === 0n || !first) return;
  const coverage = await keys.coverage();
  if (coverage && coverage.logId !== first.eventId) throw new PersonalDataKeysMismatchError(file, `it holds the keys of another log (first event ${coverage.logId}, not ${first.eventId})`);
  const subjects = await keys.subjectCount();
  if (coverage && subjects < coverage.subjects) {
    throw new PersonalDataKeysMismatchError(file, `it holds keys of ${subjects} subjects, but held ${coverage.subjects} when the service last started: keys were lost`);
  }
  const bySubject = new Map(schemes.map((scheme) => [scheme.category, scheme]));
  const checked = new Set<string>();
  for (let after: Position = coverage?.position ?? 0n; after < head; ) {
    const page = await events.readAll({ afterPosition: after, maxCount: PAGE });
    for (const event of page) {
      if (event.position > head) break;
      const subject = encryptedSubject(event, bySubject);
      if (subject === undefined || checked.has(subject)) continue;
      if ((await keys.get(subject)) === undefined && (await keys.erasedAt(subject)) === undefined) {
        throw new PersonalDataKeysMismatchError(file, `it has no key for ${subject}, which was never erased, though ${event.streamId}@${event.revision} (position ${event.position}) is encrypted under it`);
      }
      checked.add(subject);
    }
    const last = page.at(-1);
    if (!last) break;
    after = last.position;
  }
  await recordCoverage(keys, { logId: first.eventId, position: head, subjects: await keys.subjectCount() });
}

/**
 * The check passed; recording how far only spares the next start some reading. So a full
 * disk does not keep the service from starting (it serves reads, and answers writes 503).
 */
async function recordCoverage(keys: PersonalDataKeys, coverage: Parameters<PersonalDataKeys['recordCoverage']>[0]): Promise<void> {
  try {
    await keys.recordCoverage(coverage);
  } catch (error) {
    if (!isStorageFull(error)) throw error;
  }
}

/** The subject an event holds ciphertext of, if it holds any. */
function encryptedSubject(event: StoredEvent, schemes: ReadonlyMap<string, PersonalDataScheme>): string | undefined {
  const scheme = schemes.get(categoryOf(event.streamId));
  const patterns = scheme?.fields[event.type];
  if (!scheme || !patterns) return undefined;
  return personalValues(event.data, patterns).some(({ value }) => looksEncrypted(value)) ? scheme.subjectOf(event.streamId) : undefined;
}
