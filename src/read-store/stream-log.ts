import type { EventStore, Position, StoredEvent, StreamCursor } from '../event-store/event-store.port.js';

export interface StreamLogOptions {
  /** Events read (and parsed) at once. */
  readonly pageSize: number;
  /** Pages held for the readers behind the one that read them; the reader ahead waits for room. */
  readonly maxPages: number;
}

/**
 * Eight pages: the readers of one build (the three breach projections) fold at different speeds
 * and each waits for its own commits, so the one ahead needs room to go on folding while another
 * commits. With two pages they held each other up (each waited for the others' commits): less was
 * promoted to the old generation and a few µs of CPU an event less, but the first start on a 3M
 * log took 192 -> 223-231 s and a rebuild over 1M 20,139 -> 18,405 events/s (README.md).
 */
export const DEFAULT_STREAM_LOG: StreamLogOptions = { pageSize: 500, maxPages: 8 };

/**
 * One reader's way through a build in stream order: the head it reads up to, how many events
 * that is (for progress; undefined when the store cannot count), and the pages in turn.
 */
export interface StreamRead {
  readonly head: Position;
  readonly total: number | undefined;
  /** The next page, stream by stream in revision order; undefined once every event up to `head` was given. */
  next(): Promise<readonly StoredEvent[] | undefined>;
  close(): void;
}

interface Page {
  readonly events: readonly StoredEvent[];
  /** Fewer events than a page: the last one. */
  readonly last: boolean;
}

interface Reader {
  /** The index of the next page it reads. */
  index: number;
  closed: boolean;
}

/** One build: the head fixed when it began, the pages read so far, the readers still in it. */
interface Build {
  readonly head: Position;
  readonly total: number | undefined;
  /** Where page k begins: after the last event of page k - 1 (undefined for page 0). */
  readonly starts: (StreamCursor | undefined)[];
  readonly pages: Map<number, Promise<Page>>;
  readonly readers: Set<Reader>;
  roomWaiters: (() => void)[];
}

/**
 * The read in stream order that builds the empty read models of one category's projections
 * (`EventStore.readCategoriesByStream`): the three breach projections building at once read the
 * breach streams once. As `SharedLog` does for the global order, a page is read once and held
 * until every reader of the build has passed it, and the reader furthest ahead waits once
 * `maxPages` are held; a reader that joins later reads from the first page, the pages others
 * already left behind on its own. Every reader of one build reads up to the same head (the one
 * the first reader found): any head will do, since each runner goes on from it in global order.
 */
export class StreamLog {
  private current: Promise<Build> | undefined;
  /** Pages read from the store, for tests and figures. */
  private reads = 0;

  constructor(
    private readonly events: EventStore,
    private readonly categories: readonly string[],
    private readonly options: StreamLogOptions = DEFAULT_STREAM_LOG,
    /** Told of each page read from the store. */
    private readonly onRead?: () => void,
  ) {}

  get pagesRead(): number {
    return this.reads;
  }

  /** Joins the build under way, or begins one at the head of the log as it stands. */
  async open(): Promise<StreamRead> {
    this.current ??= this.begin();
    const building = this.current;
    const build = await building;
    const reader: Reader = { index: 0, closed: false };
    build.readers.add(reader);
    const close = () => {
      if (reader.closed) return;
      reader.closed = true;
      build.readers.delete(reader);
      this.evict(build);
      if (build.readers.size === 0 && this.current === building) this.current = undefined;
    };
    return { head: build.head, total: build.total, next: () => this.next(build, reader), close };
  }

  private async begin(): Promise<Build> {
    const head = await this.events.headPosition();
    const total = await this.events.countCategoryEvents?.({ categories: this.categories, toPosition: head });
    return { head, total, starts: [undefined], pages: new Map(), readers: new Set(), roomWaiters: [] };
  }

  private async next(build: Build, reader: Reader): Promise<readonly StoredEvent[] | undefined> {
    for (;;) {
      if (reader.closed) return undefined;
      const index = reader.index;
      if (index > 0 && build.starts.length <= index) return undefined; // the page before was the last
      let page = build.pages.get(index);
      if (page === undefined) {
        // Ahead of another reader with the pages full: wait until it has passed one.
        if (build.pages.size >= this.options.maxPages && [...build.readers].some((other) => other !== reader && other.index < index)) {
          await new Promise<void>((resolve) => build.roomWaiters.push(resolve));
          continue;
        }
        page = this.fetch(build, index);
      }
      const { events } = await page;
      if (reader.closed) return undefined;
      reader.index = index + 1;
      this.evict(build);
      if (events.length === 0) return undefined;
      return events;
    }
  }

  private fetch(build: Build, index: number): Promise<Page> {
    const page = this.read(build, index);
    build.pages.set(index, page);
    page.catch(() => build.pages.delete(index)); // a failed read is tried again, not handed on
    return page;
  }

  private async read(build: Build, index: number): Promise<Page> {
    const after = build.starts[index];
    const events = await this.events.readCategoriesByStream!({ categories: this.categories, toPosition: build.head, maxCount: this.options.pageSize, ...(after ? { after } : {}) });
    this.reads += 1;
    this.onRead?.();
    const last = events.length < this.options.pageSize;
    const end = events.at(-1);
    if (!last && end) {
      build.starts[index + 1] = { streamId: end.streamId, revision: end.revision };
      // Asked for at once while there is room: a store that reads on another thread (SQLite)
      // reads it while the readers fold this one.
      if (build.readers.size > 0 && build.pages.size < this.options.maxPages && !build.pages.has(index + 1)) void this.fetch(build, index + 1);
    }
    return { events, last };
  }

  /** Drops the pages every reader has passed, and lets a reader waiting for room go on. */
  private evict(build: Build): void {
    let lowest = Number.POSITIVE_INFINITY;
    for (const reader of build.readers) lowest = Math.min(lowest, reader.index);
    for (const index of build.pages.keys()) if (index < lowest) build.pages.delete(index);
    const waiters = build.roomWaiters;
    build.roomWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
