import { Module, type DynamicModule } from '@nestjs/common';
import { breachPersonalData } from '../breaches/breach-personal-data.js';
import type { AppConfig } from '../config/config.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { PersonalDataCodec } from './personal-data-codec.js';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from './personal-data-keys.port.js';
import { openPersonalDataKeys } from '../engines.js';

/** The streams whose payloads carry personal data. */
export const PERSONAL_DATA_SCHEMES = [breachPersonalData];

/**
 * The key store and the codec, for the command side (BreachCommands) and the read side
 * (the projections). The read side closes the key store once its projections have
 * stopped (read-store.module.ts): they decode until then.
 */
@Module({})
export class PersonalDataModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PersonalDataModule,
      global: true,
      providers: [
        { provide: PERSONAL_DATA_KEYS, inject: [CLOCK], useFactory: (clock: Clock) => openPersonalDataKeys(config, clock) },
        { provide: PersonalDataCodec, inject: [PERSONAL_DATA_KEYS], useFactory: (keys: PersonalDataKeys) => new PersonalDataCodec(keys, PERSONAL_DATA_SCHEMES) },
      ],
      exports: [PERSONAL_DATA_KEYS, PersonalDataCodec],
    };
  }
}
