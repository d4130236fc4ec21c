import { indexAfter, type EventStore, type EventSubscription, type Position, type StoredEvent } from '../event-store/event-store.port.js';

export interface SharedLogOptions {
  /** Events read (and parsed) at once. */
  readonly pageSize: number;
  /** Pages held for the readers behind the one that read them; the reader ahead waits for room. */
  readonly maxPages: number;
}

interface Page {
  /**
   * Read with `afterPosition: after`: it holds the events after it, up to and including `last`
   * (with categories, the events of those categories: `last` may then lie past its last event).
   */
  readonly after: Position;
  readonly last: Position;
  readonly events: readonly StoredEvent[];
  /** Fewer events than a page: it reached the head of the log as it stood when it was read. */
  readonly atHead: boolean;
}

/**
 * The log has been read up to this position: no event of the reader's categories lies between
 * the last one it was given and this one. Reading by category, a reader learns so how far the
 * log has passed, so its position (a projection's checkpoint) moves with the log, not only with
 * the events of its own category.
 */
export interface Reached {
  readonly reached: Position;
}

/** A subscription through the shared read: the events, and (reading by category) how far the log was read. */
export interface LogSubscription extends AsyncIterable<StoredEvent | Reached> {
  close(): Promise<void>;
}

/** A subscription catching up through the shared pages: where it stands, and whether it is closed. */
interface Reader {
  position: Position;
  closed: boolean;
}

export const DEFAULT_SHARED_LOG: SharedLogOptions = { pageSize: 500, maxPages: 8 };

/**
 * One read of the log for every projection that catches up. Each runner used to read the
 * whole log through a subscription of its own: on a first start with empty read models, every
 * event was read and parsed once per projection. Here the readers that stand at the same place
 * share each page: a page is read once and held until every reader has passed it; the reader
 * furthest ahead waits for room once `maxPages` are held (the projections that skip most
 * events wait for the ones that apply them), so memory stays a few pages however long the
 * log. A reader far behind the others (a rebuild from position 0 beside live runners) reads
 * pages of its own and joins the others once it reaches them.
 *
 * Once a reader reaches the head of the log it follows the store's own live subscription from
 * there: appends are few and each engine has its own way to wait for them.
 */
export class SharedLog {
  private pages: Page[] = [];
  private readonly reading = new Map<Position, Promise<void>>();
  private readonly readers = new Set<Reader>();
  private roomWaiters: (() => void)[] = [];
  /** Pages read from the store, for tests and figures. */
  private reads = 0;

  constructor(
    private readonly events: EventStore,
    private readonly options: SharedLogOptions = DEFAULT_SHARED_LOG,
    /**
     * Read only the streams of these categories while catching up (the store's category
     * read); every stream when absent. At the head each reader follows the whole log live,
     * as without categories: appends are few, and so a reader's position keeps up with the log.
     */
    private readonly categories?: readonly string[],
    /** Told of each page read from the store. */
    private readonly onRead?: () => void,
  ) {}

  get pagesRead(): number {
    return this.reads;
  }

  /**
   * The events after `afterPosition`, then live: as `EventStore.subscribeToAll`. With
   * categories, a `Reached` follows each page read past the reader's last event.
   */
  subscribe(afterPosition: Position): LogSubscription {
    const reader: Reader = { position: afterPosition, closed: false };
    let live: EventSubscription | undefined;
    const close = async () => {
      if (reader.closed) return;
      reader.closed = true;
      this.leave(reader);
      await live?.close();
    };
    const events = async function* (this: SharedLog): AsyncGenerator<StoredEvent | Reached> {
      this.readers.add(reader);
      try {
        for (;;) {
          const page = await this.page(reader);
          if (reader.closed) return;
          if (page.last <= reader.position) break;
          for (const event of page.events) {
            if (reader.closed) return;
            reader.position = event.position;
            yield event;
          }
          if (page.last > reader.position) {
            reader.position = page.last;
            yield { reached: page.last };
          }
          this.wake(); // it has passed a page: room for the reader ahead, perhaps
          if (page.atHead) break;
        }
        this.leave(reader);
        live = this.events.subscribeToAll({ afterPosition: reader.position });
        for await (const event of live) {
          if (reader.closed) return;
          yield event;
        }
      } finally {
        await close();
      }
    }.call(this);
    return { [Symbol.asyncIterator]: () => events, close };
  }

  /**
   * The events after the reader's position from a shared page (read when no reader has read it
   * yet), and the position the page reaches; `last` not past the reader's position at the head.
   */
  private async page(reader: Reader): Promise<Page> {
    for (;;) {
      if (reader.closed) return { after: reader.position, events: [], last: reader.position, atHead: true };
      const after = reader.position;
      const held = this.pages.find((page) => page.after <= after && after < page.last);
      if (held) return { ...held, events: eventsAfter(held.events, after) };
      // A page being read from at or before this position may hold it: wait for it rather than read twice.
      const pending = [...this.reading].find(([from]) => from <= after)?.[1];
      if (pending) {
        await pending;
        continue;
      }
      this.evict();
      if (this.pages.length >= this.options.maxPages && this.isAhead(reader) && this.othersInHeldPages(reader)) {
        await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
        continue;
      }
      let read: Page = { after, last: after, events: [], atHead: true };
      const reading = this.read(after).then((page) => {
        read = page;
        this.reads += 1;
        this.onRead?.();
        // A reader behind the others, with the pages full, reads a page for itself only.
        if (page.last > after && this.pages.length < this.options.maxPages) this.pages.push(page);
      });
      this.reading.set(after, reading);
      try {
        await reading;
      } finally {
        this.reading.delete(after);
        this.wake();
      }
      return read;
    }
  }

  /**
   * A page after `after`. By category, a short page holds every event of the categories up to
   * the head as it stood before the read (positions become visible in order), so it reaches
   * that head even past its last event; a full page reaches its last event.
   */
  private async read(after: Position): Promise<Page> {
    const { pageSize } = this.options;
    if (!this.categories) {
      const events = await this.events.readAll({ afterPosition: after, maxCount: pageSize });
      return { after, last: events.length > 0 ? (events[events.length - 1] as StoredEvent).position : after, events, atHead: events.length < pageSize };
    }
    const head = await this.events.headPosition();
    const events = await this.events.readAll({ afterPosition: after, maxCount: pageSize, categories: this.categories });
    const lastEvent = events.length > 0 ? (events[events.length - 1] as StoredEvent).position : after;
    const atHead = events.length < pageSize;
    return { after, last: atHead && head > lastEvent ? head : lastEvent, events, atHead };
  }

  /** Drops the pages every reader has passed. */
  private evict(): void {
    const readers = [...this.readers];
    this.pages = this.pages.filter((page) => readers.some((reader) => reader.position < page.last));
  }

  /** No other reader catching up stands further ahead. */
  private isAhead(reader: Reader): boolean {
    for (const other of this.readers) if (other.position > reader.position) return false;
    return true;
  }

  /**
   * Another reader stands inside a held page: it reads on without waiting, and once every
   * reader has passed a page there is room. Only then is waiting for room worth it (and sure
   * to end); otherwise the page is read for this reader alone.
   */
  private othersInHeldPages(reader: Reader): boolean {
    for (const other of this.readers) {
      if (other !== reader && this.pages.some((page) => page.after <= other.position && other.position < page.last)) return true;
    }
    return false;
  }

  private leave(reader: Reader): void {
    if (!this.readers.delete(reader)) return;
    this.wake();
  }

  private wake(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}

/** The events of a page after a position (pages are in position order). */
function eventsAfter(events: readonly StoredEvent[], after: Position): readonly StoredEvent[] {
  const low = indexAfter(events, after);
  return low === 0 ? events : events.slice(low);
}
