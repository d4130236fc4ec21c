import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ServiceMetrics } from './service-metrics.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsRoute {
  constructor(private readonly service: ServiceMetrics) {}

  @Get()
  @ApiOperation({
    summary: 'The service\'s figures in the Prometheus text format: requests and latency per route, commits, projection lag, checkpoint ages, the alert outbox, rate-limit refusals',
    description: 'For a monitoring system: an admin, or an app key allowed read-metrics. Metric names and their meaning: src/metrics/README.md.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.service.scrape();
    void reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  }
}
