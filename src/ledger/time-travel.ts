import { Inject, Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { EVENT_STORE, type EventStore, type Position, type StoredEvent } from '../event-store/event-store.port.js';
import { foldPages, logPages, streamPages } from '../read-store/fold-pages.js';
import { InMemoryDocumentStore } from '../read-store/memory/in-memory-document-store.js';
import { ProjectionDecoders } from '../read-store/projection-decoders.js';

/** Narrows a fold to one document (and, when it is built from one stream only, to reading that stream). */
export interface FoldScope {
  readonly documentId: string;
  readonly streamId?: string;
}

/**
 * Views as they would have been computed from the events recorded up to a moment: the same
 * projection definitions as live, folded into an in-memory DocumentStore that the live view
 * code then queries, never a second implementation.
 *
 * Which events: those whose `metadata.recordedAt` is not after `asOf`, judged event by event
 * over the whole log. recordedAt is the accepting instance's clock when the command was
 * accepted; with group commit and several instances, positions follow it only nearly, so an
 * event recorded before asOf may sit after one recorded later. Stopping at the first later
 * event could drop such a straggler; reading on to the head of the log cannot. The price is
 * a read of the whole log per question (memory stays one page of events plus the documents).
 */
@Injectable()
export class TimeTravel {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    /** As the live projections read the events (the personal fields decrypted, "[erased]" once erased). */
    private readonly decoders: ProjectionDecoders,
  ) {}

  /**
   * The documents of `definitions` as of `asOf`, in a store of their own (collection = the
   * definition's name), and the position of the last event folded into them.
   */
  async fold(definitions: readonly ProjectionDefinition[], asOf: string, scope?: FoldScope): Promise<{ documents: InMemoryDocumentStore; position: Position }> {
    const documents = new InMemoryDocumentStore();
    const moment = Date.parse(asOf);
    const pages = scope?.streamId === undefined ? logPages(this.events) : streamPages(this.events, scope.streamId);
    const position = await foldPages(pages, definitions, documents, {
      include: (event: StoredEvent) => Date.parse(event.metadata.recordedAt) <= moment,
      decode: (event) => this.decoders.decode(event),
      at: new Date(moment).toISOString(),
      ...(scope ? { documentId: scope.documentId } : {}),
    });
    return { documents, position };
  }
}
