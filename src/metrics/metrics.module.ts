import { Module } from '@nestjs/common';
import { MetricsRoute } from './metrics.http.js';
import { ServiceMetrics } from './service-metrics.js';

/** GET /metrics for Prometheus (src/metrics/README.md). */
@Module({ controllers: [MetricsRoute], providers: [ServiceMetrics] })
export class MetricsModule {}
