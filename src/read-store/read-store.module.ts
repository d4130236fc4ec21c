import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { alertDeliveries } from '../../projections/alert-deliveries.js';
import { auditRecommendations } from '../../projections/audit-recommendations.js';
import { inquiries } from '../../projections/inquiries.js';
import { breachRegister } from '../../projections/breach-register.js';
import { breachCauses } from '../../projections/breach-causes.js';
import { breachTimeline } from '../../projections/breach-timeline.js';
import { dpiaOverview } from '../../projections/dpia-overview.js';
import { processingRegister } from '../../projections/processing-register.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { DOCUMENT_STORE, type DocumentStore } from './document-store.port.js';
import { DocumentViews } from './document-views.js';
import { GovernanceDocuments } from './governance-documents.js';
import { TimeTravel } from '../ledger/time-travel.js';
import { INSTANCE_IDENTITY, type InstanceIdentity } from './instance-identity.port.js';
import { ProjectionDecoders, type ProjectionDecoder } from './projection-decoders.js';
import { ProjectionLeases } from './projection-leases.js';
import { ProjectionRebuilds } from './projection-rebuilds.js';
import { ProjectionStatuses } from './projection-status.js';
import { Projections, type ProjectionsOptions } from './projections.js';
import { ProjectionsRoute } from './projections.route.js';
import { claimInstanceIdentity, openDocumentStore } from '../engines.js';
import { ViewSources } from './view-sources.js';
import { ReadYourWrites } from './read-your-writes.js';

/** Every projection the service runs. */
export const PROJECTION_DEFINITIONS: readonly ProjectionDefinition[] = [breachTimeline, breachRegister, breachCauses, dpiaOverview, processingRegister, auditRecommendations, inquiries, alertDeliveries] as unknown as ProjectionDefinition[];

/**
 * Starts the projections once the app is up; stops them, then closes the read store and
 * what the registered decoders decode with (the personal-data keys), which the projections
 * use until they have stopped (the HTTP server, the other user of the keys, is closed before
 * any shutdown hook runs).
 */
@Injectable()
class ReadSideLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly projections: Projections,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    private readonly decoders: ProjectionDecoders,
    @Inject(INSTANCE_IDENTITY) private readonly identity: InstanceIdentity,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projections.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.documents.close();
    await this.decoders.close();
    // Only once its leases are released: the next process on the folder may take the name.
    await this.identity.release();
  }
}

const nestLog = (logger = new Logger('Projections')): ProjectionsOptions['log'] => ({
  info: (fields, message) => logger.log({ ...fields, msg: message }),
  error: (fields, message) => logger.error({ ...fields, msg: message }),
});

/**
 * The service's projections; they read each event through `decoder` (in the service, the
 * decoders the feature modules registered: the personal fields decrypted, "[erased]" once erased).
 */
export function createProjections(
  config: AppConfig,
  events: EventStore,
  documents: DocumentStore,
  clock: Clock,
  decoder: ProjectionDecoder,
  log = nestLog(),
  /** The service's stable name (InstanceIdentity); a tool run beside it takes a name of its own. */
  holder?: string,
): Projections {
  return new Projections(PROJECTION_DEFINITIONS, events, documents, clock, {
    batchSize: config.readStore.batchSize,
    catchUpBatchSize: config.readStore.catchUpBatchSize,
    cachedBytes: config.readStore.cachedBytes,
    idleFlushMs: 20,
    readWaitMs: config.readStore.readWaitMs,
    generationPollMs: 1000,
    // Each projection runs in one instance at a time (the holder of its lease in the read
    // store); a dead holder's projections move again within ttl + ttl/3.
    leaseTtlMs: config.readStore.leaseTtlMs,
    checkpointPollMs: 25,
    ...(holder ? { holder } : {}),
    log,
    decode: (event) => decoder.decode(event),
    // Once an erasure is projected, no copy of the erased texts may stay in the read store's files.
    scrubAfter: (event) => decoder.isErasure(event),
  });
}

@Module({})
export class ReadStoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReadStoreModule,
      global: true,
      controllers: [ProjectionsRoute],
      providers: [
        { provide: DOCUMENT_STORE, useFactory: (): Promise<DocumentStore> => openDocumentStore(config) },
        // The data folder's name, or with READ_STORE=mongodb the host's, claimed in the shared database.
        { provide: INSTANCE_IDENTITY, useFactory: () => claimInstanceIdentity(config) },
        // The feature modules register how the projections read their events (PersonalDataModule: the personal fields).
        ProjectionDecoders,
        {
          provide: Projections,
          inject: [EVENT_STORE, DOCUMENT_STORE, CLOCK, ProjectionDecoders, INSTANCE_IDENTITY],
          useFactory: (events: EventStore, documents: DocumentStore, clock: Clock, decoders: ProjectionDecoders, identity: InstanceIdentity) =>
            createProjections(config, events, documents, clock, decoders, nestLog(), identity.id),
        },
        // Each concern of the projections, for what needs only it.
        { provide: ReadYourWrites, inject: [Projections], useFactory: (projections: Projections) => projections.reads },
        { provide: ProjectionStatuses, inject: [Projections], useFactory: (projections: Projections) => projections.statuses },
        { provide: ProjectionRebuilds, inject: [Projections], useFactory: (projections: Projections) => projections.rebuilds },
        { provide: ProjectionLeases, inject: [Projections], useFactory: (projections: Projections) => projections.leases },
        ReadSideLifecycle,
        DocumentViews,
        TimeTravel,
        ViewSources,
        GovernanceDocuments,
      ],
      exports: [DOCUMENT_STORE, ProjectionDecoders, Projections, ReadYourWrites, ProjectionStatuses, ProjectionRebuilds, ProjectionLeases, DocumentViews, TimeTravel, ViewSources, GovernanceDocuments],
    };
  }
}
