import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessLogModule } from './access-log/access-log.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BreachesModule } from './breaches/breaches.module.js';
import { AuditsModule } from './audits/audits.module.js';
import { DpiasModule } from './dpias/dpias.module.js';
import { ProcessingRegisterModule } from './processing-register/processing-register.module.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { HealthModule } from './health/health.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { InquiriesModule } from './inquiries/inquiries.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { PERSONAL_DATA_SCHEMES } from './personal-data-schemes.js';
import { ReadStoreModule } from './read-store/read-store.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { CLOCK, systemClock, type Clock } from './shared/clock.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        { module: CoreModule, global: true, providers: [{ provide: APP_CONFIG, useValue: config }, { provide: CLOCK, useValue: clock }], exports: [APP_CONFIG, CLOCK] },
        AuthModule.forRoot(config),
        AccessLogModule.forRoot(config),
        EventStoreModule.forRoot(config.eventStore),
        ReadStoreModule.forRoot(config),
        // The personal-data keys and codec, for the command side (BreachCommands) and the projections' decoding.
        PersonalDataModule.forRoot(config, PERSONAL_DATA_SCHEMES),
        ExportsModule,
        HealthModule,
        BreachesModule,
        ReportsModule,
        DpiasModule,
        ProcessingRegisterModule,
        AuditsModule,
        ImportsModule,
        InquiriesModule,
        AlertsModule,
        MetricsModule,
        LedgerModule.forRoot(config),
      ],
    };
  }
}

/** Configuration and the clock, available everywhere. */
@Module({})
class CoreModule {}
