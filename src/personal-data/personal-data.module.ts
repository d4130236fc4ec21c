import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ProjectionDecoders } from '../read-store/projection-decoders.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { checkKeyCoverage } from './key-coverage.js';
import { PersonalDataCodec, subjectOfStream, type PersonalDataScheme } from './personal-data-codec.js';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from './personal-data-keys.port.js';
import { openPersonalDataKeys } from '../engines.js';

/** The key store, once it is known to serve the log (checkKeyCoverage): otherwise neither the service nor a rebuild starts. */
export async function openCheckedPersonalDataKeys(config: AppConfig, events: EventStore, schemes: readonly PersonalDataScheme[], clock?: Clock): Promise<PersonalDataKeys> {
  const keys = await openPersonalDataKeys(config, clock, events, config.personalData.keysWithAppend ? subjectOfStream(schemes) : undefined);
  try {
    await checkKeyCoverage(events, keys, schemes, config.personalData.keysFile);
    return keys;
  } catch (error) {
    await keys.close();
    throw error;
  }
}

/**
 * The projections read the personal fields decrypted ("[erased]" once erased), and the read
 * store is scrubbed after an erasure: the codec is registered as their decoder. The read side
 * closes the key store once its projections have stopped (read-store.module.ts): they decode
 * until then.
 */
@Injectable()
class PersonalDataDecoding implements OnModuleInit {
  constructor(
    private readonly decoders: ProjectionDecoders,
    private readonly codec: PersonalDataCodec,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
  ) {}

  onModuleInit(): void {
    this.decoders.register({ decode: (event) => this.codec.decode(event), isErasure: (event) => this.codec.isErasure(event), close: () => this.keys.close() });
  }
}

/**
 * The key store and the codec, for the command side (BreachCommands) and the read side (the
 * projections, through PersonalDataDecoding), over the schemes of the slices whose streams
 * carry personal data (src/personal-data-schemes.ts: this module knows no slice).
 */
@Module({})
export class PersonalDataModule {
  static forRoot(config: AppConfig, schemes: readonly PersonalDataScheme[]): DynamicModule {
    return {
      module: PersonalDataModule,
      global: true,
      providers: [
        { provide: PERSONAL_DATA_KEYS, inject: [EVENT_STORE, CLOCK], useFactory: (events: EventStore, clock: Clock) => openCheckedPersonalDataKeys(config, events, schemes, clock) },
        { provide: PersonalDataCodec, inject: [PERSONAL_DATA_KEYS], useFactory: (keys: PersonalDataKeys) => new PersonalDataCodec(keys, schemes) },
        PersonalDataDecoding,
      ],
      exports: [PERSONAL_DATA_KEYS, PersonalDataCodec],
    };
  }
}
