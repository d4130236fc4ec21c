import { categoryOf } from '../../projections/projection.js';
import type { StoredEvent } from '../event-store/event-store.port.js';
import type { JsonObject } from '../shared/json.js';
import { ERASED, mapPersonalValues, personalValues } from '../shared/personal-fields.js';
import { asEncryptedField, decryptField, encryptField, fieldAad, looksEncrypted, PersonalFieldUnreadableError } from './field-encryption.js';
import { RecentlyEncrypted } from './recently-encrypted.js';
import { plainFingerprint, type RequestFingerprint } from '../command-handling/handle-command.js';
import { PersonalDataKeysUnavailableError, type KeyCoverage, type PersonalDataKeys } from './personal-data-keys.port.js';
import { FingerprintKeys, isSubjectKeyed, subjectFingerprint } from './subject-fingerprint.js';

/** Which streams carry personal data, where in their payloads, and whose key protects it. */
export interface PersonalDataScheme {
  /** The stream category, e.g. `breach` for `breach-<uuid>`. */
  readonly category: string;
  /** Per event type, the patterns of its personal fields (src/shared/personal-fields.ts). */
  readonly fields: { readonly [type: string]: readonly string[] | undefined };
  /** The subject whose key a stream's events are encrypted under. */
  readonly subjectOf: (streamId: string) => string;
  /** The event type that records the erasure of a subject's personal data. */
  readonly erasure: string;
}

/** The subject whose key encrypts a stream's events, by the schemes; undefined for a stream without personal data. */
export function subjectOfStream(schemes: readonly PersonalDataScheme[]): (streamId: string) => string | undefined {
  const byCategory = new Map(schemes.map((scheme) => [scheme.category, scheme]));
  return (streamId) => byCategory.get(categoryOf(streamId))?.subjectOf(streamId);
}

/** No key for a subject whose key was never erased: the key file is lost or not the right one. */
export class PersonalDataKeyMissingError extends Error {
  constructor(subjectId: string, event: StoredEvent) {
    super(
      `${event.streamId}@${event.revision} (${event.type}) is encrypted under the key of ${subjectId}, which the key store neither has nor records as erased: ` +
        'is PERSONAL_DATA_KEYS_FILE the right file? Nothing is shown as erased that was not erased.',
    );
    this.name = 'PersonalDataKeyMissingError';
  }
}

/**
 * The one way personal data goes into and comes out of event payloads: `encode` before an
 * append (each personal string becomes an encrypted field), `decode` after a read (each
 * encrypted field becomes its string again, or "[erased]" once the key is erased). The
 * hash chain is computed over what is stored, the ciphertext, so erasing a key leaves
 * every chain verifiable. Decide/evolve and the projections only ever see strings.
 *
 * Keys are looked up per call, never cached across commands (forOneCommand remembers them
 * for one command only): an erasure is effective at once, in this process and in every other
 * one on the same key store. The one exception is a command's fingerprint, which may use the
 * key an earlier command was given at the very revision it decides on (KeyAtRevision): the
 * append's revision check vouches for it.
 */
export class PersonalDataCodec {
  private readonly schemes: ReadonlyMap<string, PersonalDataScheme>;

  /**
   * @param recent the fields this process encrypted lately (recently-encrypted.ts): the
   * projections decode an event moments after the command encoded it, and a field found
   * there under the same key is not decrypted again. Shared by the copies forOneCommand makes.
   * @param fingerprintKeys the subjects' fingerprint keys derived lately (subject-fingerprint.ts),
   * shared by those copies too: each command's fingerprint then costs one HMAC, not three.
   */
  constructor(
    private readonly keys: PersonalDataKeys,
    schemes: readonly PersonalDataScheme[] | ReadonlyMap<string, PersonalDataScheme>,
    private readonly recent: RecentlyEncrypted = new RecentlyEncrypted(),
    private readonly fingerprintKeys: FingerprintKeys = new FingerprintKeys(),
  ) {
    this.schemes = schemes instanceof Map ? schemes : new Map((schemes as readonly PersonalDataScheme[]).map((scheme) => [scheme.category, scheme]));
  }

  /**
   * This codec for the length of one command: each of the key store's answers about a subject
   * (its key, its key for an append, its erasure) is asked once and remembered by the copy, so
   * that reading the stream, encrypting and fingerprinting look a key up once rather than once
   * each. Nothing is remembered across commands (each takes a new copy): an erasure bites at
   * the next command. `known`: the subject's key as an earlier command was given it, for the
   * fingerprint alone and only when this command decides on the revision it names (KeyAtRevision). Within an attempt it needs no looking up again either: an erasure is an
   * event on the stream before its key goes, so a command that decided before it loses the
   * append's revision check; the command then forgets what it remembered (forgetRemembered)
   * and its retry looks again, refusing personal data and storing the installation-keyed
   * fingerprint.
   */
  forOneCommand(known?: KeyAtRevision): PersonalDataCodec {
    const scheme = known && this.schemes.get(categoryOf(known.streamId));
    const subjectKnown = known && scheme ? { subject: scheme.subjectOf(known.streamId), revision: known.revision, key: known.key } : undefined;
    return new PersonalDataCodec(new KeysOfOneCommand(this.keys, subjectKnown), this.schemes, this.recent, this.fingerprintKeys);
  }

  /**
   * The key this command's codec (forOneCommand) was given by the key store for the subject of
   * `streamId`, if it asked for one: what the caller may keep as a KeyAtRevision once the
   * command's append has succeeded. Asks the key store nothing.
   */
  async keyOfCommand(streamId: string): Promise<Buffer | undefined> {
    const scheme = this.schemes.get(categoryOf(streamId));
    if (!scheme || !(this.keys instanceof KeysOfOneCommand)) return undefined;
    return this.keys.asked(scheme.subjectOf(streamId));
  }

  /**
   * Forgets what a codec for one command remembered (nothing to do for any other): called when
   * the command lost its race, since what won may be an erasure whose key is gone by now.
   */
  forgetRemembered(): void {
    if (this.keys instanceof KeysOfOneCommand) this.keys.forget();
  }

  /**
   * Forgets the texts of a subject this process encrypted lately (RecentlyEncrypted) and its
   * fingerprint key (FingerprintKeys), once its key is erased: no copy of them stays in memory
   * waiting to be pushed out by newer ones.
   */
  forgetEncrypted(subjectId: string): void {
    this.recent.forget(subjectId);
    this.fingerprintKeys.forget(subjectId);
  }

  /** Whether the event records an erasure: once it is applied, stores that held the texts are scrubbed. */
  isErasure(event: StoredEvent): boolean {
    return this.schemes.get(categoryOf(event.streamId))?.erasure === event.type;
  }

  /**
   * The request fingerprint of a command on `streamId`, keyed per subject while the subject
   * has a key (subject-fingerprint.ts), so that erasing the key leaves nothing to confirm a
   * guessed body against. Once erased, the commands still allowed record no personal data:
   * they store the installation-keyed fingerprint. A retry of a command sent before the
   * erasure can no longer be compared with what it sent: it is answered from the events of
   * its first attempt, writing nothing (the erasure's own retry is such a one).
   */
  requestFingerprint(streamId: string, requestHash: string): RequestFingerprint {
    const scheme = this.schemes.get(categoryOf(streamId));
    if (!scheme) return plainFingerprint(requestHash);
    const subject = scheme.subjectOf(streamId);
    const erased = async () => (await this.keys.erasedAt(subject)) !== undefined;
    return {
      toStore: async (decidedOn) => {
        const known = this.keys instanceof KeysOfOneCommand ? this.keys.knownAt(subject, decidedOn) : undefined;
        const key = known ?? (await this.keys.get(subject)) ?? ((await erased()) ? undefined : await this.keyForAppend(subject));
        return key ? subjectFingerprint(key, requestHash, this.fingerprintKeys.of(subject, key)) : requestHash;
      },
      matches: async (stored) => {
        if (!isSubjectKeyed(stored)) return stored === requestHash;
        const key = await this.keys.get(subject);
        if (key) return stored === subjectFingerprint(key, requestHash, this.fingerprintKeys.of(subject, key));
        if (await erased()) return true;
        throw new PersonalDataKeysUnavailableError(`${streamId} holds fingerprints under the key of ${subject}, which the key store neither has nor records as erased: is PERSONAL_DATA_KEYS_FILE the right file?`);
      },
    };
  }

  /** The payload to store for an event about to be appended to `streamId`. */
  async encode(streamId: string, type: string, data: JsonObject): Promise<JsonObject> {
    const scheme = this.schemes.get(categoryOf(streamId));
    const patterns = scheme?.fields[type];
    if (!scheme || !patterns || personalValues(data, patterns).length === 0) return data;
    const subject = scheme.subjectOf(streamId);
    const key = await this.keyForAppend(subject);
    return mapPersonalValues(data, patterns, (value, path) => {
      if (typeof value !== 'string') throw new TypeError(`${type}.${path} is listed as personal but holds a ${typeof value}: only text is encrypted`);
      const aad = fieldAad(type, path);
      const field = encryptField(key, subject, aad, value);
      this.recent.remember(key, field, aad, value);
      return field as unknown as JsonObject;
    });
  }

  /** Both uses above end in an append to the subject's stream: the key may come with it (PersonalDataKeys.keyForAppend). */
  private keyForAppend(subject: string): Promise<Buffer> {
    return this.keys.keyForAppend ? this.keys.keyForAppend(subject) : this.keys.getOrCreate(subject);
  }

  /**
   * What `decode` gives for an event this process has just encoded from `plain` and appended,
   * without decrypting: each encrypted field is taken from `plain` at the same path (AES-GCM
   * gives back exactly the text that was encrypted), everything else from the stored event.
   * For the command side's kept state after an append. An erasure is an event on the stream
   * before its key goes, so a state kept from this is dropped by the next command that reads
   * it (handleCommand's keepsStateAfter). Should `plain` not hold a text where the stored event
   * is encrypted (it always does for what encode made of it), the event is decoded after all.
   */
  async decodeEncoded(event: StoredEvent, plain: JsonObject): Promise<StoredEvent> {
    const patterns = this.schemes.get(categoryOf(event.streamId))?.fields[event.type];
    if (!patterns) return event;
    const texts = new Map(personalValues(plain, patterns).map(({ path, value }) => [path, value]));
    let encrypted = false;
    let unmatched = false;
    const data = mapPersonalValues(event.data, patterns, (value, path) => {
      if (!looksEncrypted(value)) return value;
      encrypted = true;
      const text = texts.get(path);
      if (typeof text === 'string') return text;
      unmatched = true;
      return value;
    });
    if (unmatched) return this.decode(event);
    return encrypted ? { ...event, data } : event;
  }

  /**
   * The event as decide/evolve and the projections read it. A personal field that is still
   * a string (written before encryption, or imported) is passed through. An altered field
   * is refused (PersonalFieldUnreadableError), and so is a missing key that was never erased
   * (PersonalDataKeyMissingError): neither may quietly read as "[erased]".
   */
  async decode(event: StoredEvent): Promise<StoredEvent> {
    const scheme = this.schemes.get(categoryOf(event.streamId));
    const patterns = scheme?.fields[event.type];
    if (!scheme || !patterns || !personalValues(event.data, patterns).some(({ value }) => looksEncrypted(value))) return event;
    const subject = scheme.subjectOf(event.streamId);
    const key = await this.keys.get(subject);
    if (!key) {
      if ((await this.keys.erasedAt(subject)) === undefined) throw new PersonalDataKeyMissingError(subject, event);
      this.forgetEncrypted(subject);
    }
    const data = mapPersonalValues(event.data, patterns, (value, path) => {
      if (!looksEncrypted(value)) return value;
      const where = `${event.streamId}@${event.revision} ${event.type}.${path}`;
      const field = asEncryptedField(value, where);
      if (field.kid !== subject) throw new PersonalFieldUnreadableError(`${where} names the key of ${field.kid}, not of ${subject}`);
      if (!key) return ERASED;
      const aad = fieldAad(event.type, path);
      // Only with the key the store gives now: an erased key is never looked past.
      return this.recent.plaintext(key, field, aad) ?? decryptField(key, field, aad, where);
    });
    return { ...event, data };
  }
}

/**
 * A subject's key as an earlier command of this process was given it, and the revision of the
 * subject's stream that command's append ended on (BreachCommands keeps it per breach).
 *
 * Why a command deciding on that same revision may store its fingerprint under it without
 * asking the key store: the append then names the revision as expected, so it succeeds only if
 * nothing was appended to the stream since; an erasure appends its event before it deletes the
 * key (erase-personal-data.handler.ts), and keys are never replaced (a trigger of the key
 * file). An append that succeeds thus proves the key was not erased when it was written, the
 * same proof a key looked up at the start of the command has (forOneCommand). An append that
 * loses its race forgets it (forgetRemembered), and the retry asks the key store. Never for
 * encryption or decoding: those ask the key store as ever.
 */
export interface KeyAtRevision {
  readonly streamId: string;
  readonly revision: number;
  readonly key: Buffer;
}

/** The key store's answers asked once each and remembered, for one command (PersonalDataCodec.forOneCommand). */
class KeysOfOneCommand implements PersonalDataKeys {
  private readonly keys = new Map<string, Promise<Buffer | undefined>>();
  private readonly appendKeys = new Map<string, Promise<Buffer>>();
  private readonly erasures = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly store: PersonalDataKeys,
    private known: { readonly subject: string; readonly revision: number; readonly key: Buffer } | undefined = undefined,
  ) {}

  forget(): void {
    this.keys.clear();
    this.appendKeys.clear();
    this.erasures.clear();
    this.known = undefined;
  }

  /** The known key (KeyAtRevision) when the command decides on the revision it was kept at, for the subject of its stream. */
  knownAt(subjectId: string, decidedOn: number | null | undefined): Buffer | undefined {
    const known = this.known;
    return known !== undefined && known.subject === subjectId && decidedOn === known.revision ? known.key : undefined;
  }

  /** The key this command got from the store (for an append, or looked up), or the known key it used; undefined if it asked for none or none was given. */
  async asked(subjectId: string): Promise<Buffer | undefined> {
    const asked = this.appendKeys.get(subjectId) ?? this.keys.get(subjectId);
    if (asked) return asked.catch(() => undefined);
    return this.known?.subject === subjectId ? this.known.key : undefined;
  }

  /** The key this command's append carries, when it got one: the subject's key (a new one is not in the store until the append). */
  get(subjectId: string): Promise<Buffer | undefined> {
    const stored = () => remembered(this.keys, subjectId, () => this.store.get(subjectId));
    const forAppend = this.appendKeys.get(subjectId);
    return forAppend ? forAppend.catch(stored) : stored();
  }

  keyForAppend(subjectId: string): Promise<Buffer> {
    return remembered(this.appendKeys, subjectId, () => (this.store.keyForAppend ? this.store.keyForAppend(subjectId) : this.store.getOrCreate(subjectId)));
  }

  getOrCreate(subjectId: string): Promise<Buffer> {
    return this.store.getOrCreate(subjectId);
  }

  erasedAt(subjectId: string): Promise<string | undefined> {
    return remembered(this.erasures, subjectId, () => this.store.erasedAt(subjectId));
  }

  erase(subjectId: string): Promise<void> {
    return this.store.erase(subjectId);
  }

  subjectCount(): Promise<number> {
    return this.store.subjectCount();
  }

  coverage(): Promise<KeyCoverage | undefined> {
    return this.store.coverage();
  }

  recordCoverage(coverage: KeyCoverage): Promise<void> {
    return this.store.recordCoverage(coverage);
  }

  check(): Promise<void> {
    return this.store.check();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function remembered<T>(answers: Map<string, Promise<T>>, subjectId: string, ask: () => Promise<T>): Promise<T> {
  const known = answers.get(subjectId);
  if (known) return known;
  const answer = ask();
  answers.set(subjectId, answer);
  return answer;
}
