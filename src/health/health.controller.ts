import { Controller, Get, HttpStatus, Inject, Injectable, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE_ENGINE } from '../event-store/event-store.module.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

const CHECK_TIMEOUT_MS = 2000;

/** Readiness turns 503 as soon as shutdown begins, so a load balancer stops sending work. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  shuttingDown = false;

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}

interface Check {
  readonly status: 'up' | 'down';
  readonly [detail: string]: unknown;
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_STORE_ENGINE) private readonly engine: string,
    private readonly shutdown: ShutdownState,
  ) {}

  /** Liveness: the process answers. Restarting it would not help with anything else. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the service can take commands, i.e. its store answers. */
  @Get(['', 'ready'])
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; checks: Record<string, Check> }> {
    const eventStore = await this.checkEventStore();
    const ok = eventStore.status === 'up' && !this.shutdown.shuttingDown;
    void reply.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : this.shutdown.shuttingDown ? 'shutting-down' : 'unavailable', checks: { eventStore } };
  }

  private async checkEventStore(): Promise<Check> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      const head = await Promise.race([this.store.headPosition(), timeout]);
      return { status: 'up', engine: this.engine, headPosition: head.toString() };
    } catch (error) {
      return { status: 'down', engine: this.engine, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
