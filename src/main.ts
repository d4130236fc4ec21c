import 'reflect-metadata';
import { getHeapStatistics } from 'node:v8';
import { pino } from 'pino';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { heapLimit } from './config/heap-limit.js';
import { createLogger } from './logging/logger.js';

async function main(): Promise<void> {
  let config: AppConfig;
  let heap: ReturnType<typeof heapLimit>;
  try {
    config = loadConfig(process.env);
    heap = heapLimit(process.env, getHeapStatistics().heap_size_limit);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`privacy-ledger: ${error.message}\n`);
    process.exit(2);
  }
  // Written to stdout off the request path: a synchronous write per log line (the default)
  // was ~3% of the service's time under load. pino
  // flushes what is still buffered when the process exits (also on process.exit).
  const logger = createLogger(config.logLevel, pino.destination({ dest: 1, sync: false }));
  if (heap.warning !== undefined) logger.warn({ heapLimitMb: heap.heapLimitMb }, heap.warning);
  try {
    const app = await createApp(config, logger);
    await app.listen({ port: config.http.port, host: config.http.host });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    logger.info({ host: config.http.host, port, dataDir: config.dataDir, eventStore: config.eventStore.engine, heapLimitMb: heap.heapLimitMb }, 'privacy ledger listening');

    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing in-flight requests and appends');
      setTimeout(() => {
        logger.fatal({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      await app.close();
      logger.info('stopped');
      process.exit(0);
    };
    process.once('SIGTERM', (signal) => void stop(signal));
    process.once('SIGINT', (signal) => void stop(signal));
  } catch (error) {
    logger.fatal({ err: error }, `cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

void main();
