import { Injectable } from '@nestjs/common';
import type { StoredEvent } from '../event-store/event-store.port.js';

/**
 * How the projections read a stored event written in a feature's own encoding (a breach's
 * personal fields encrypted): the event as the pure definitions read it, and which events
 * erase texts the read store may hold. The projection runner knows no feature: the module that
 * owns an encoding registers its decoder (`ProjectionDecoders.register`).
 */
export interface ProjectionDecoder {
  /** The event as the definitions read it; an event of a category the decoder does not own, as it is. A failure stops the projection. */
  decode(event: StoredEvent): Promise<StoredEvent>;
  /** After the commit of such an event the read store is scrubbed (an erasure). */
  isErasure(event: StoredEvent): boolean;
}

export interface RegisteredDecoder extends ProjectionDecoder {
  /** Closes what the decoder reads with, once the projections have stopped (they decode until then). */
  close?(): Promise<void>;
}

/**
 * The decoders registered by the feature modules, as one: each event goes through every
 * decoder in the order they were registered; an event is an erasure when one of them says so.
 */
@Injectable()
export class ProjectionDecoders implements ProjectionDecoder {
  private readonly decoders: RegisteredDecoder[] = [];

  register(decoder: RegisteredDecoder): void {
    this.decoders.push(decoder);
  }

  decode(event: StoredEvent): Promise<StoredEvent> {
    // One decoder (the service has the personal-data codec): its answer as it is, no promise more an event.
    if (this.decoders.length === 1) return this.decoders[0]!.decode(event);
    return this.decoders.reduce((decoded, decoder) => decoded.then((next) => decoder.decode(next)), Promise.resolve(event));
  }

  isErasure(event: StoredEvent): boolean {
    return this.decoders.some((decoder) => decoder.isErasure(event));
  }

  /** Closes each decoder's resources, in the order they were registered. */
  async close(): Promise<void> {
    for (const decoder of this.decoders) await decoder.close?.();
  }
}
