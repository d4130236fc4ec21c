import { ConfigError, loadConfig } from '../config/config.js';
import { openDocumentStore, openEventStore } from '../engines.js';
import { PersonalDataCodec } from '../personal-data/personal-data-codec.js';
import { openCheckedPersonalDataKeys } from '../personal-data/personal-data.module.js';
import { PERSONAL_DATA_SCHEMES } from '../personal-data-schemes.js';
import type { ProjectionStatus } from '../read-store/projection-status.js';
import { createProjections } from '../read-store/read-store.module.js';
import { systemClock } from '../shared/clock.js';
import { isEntryScript } from './usage.js';

/**
 * `npm run projections:rebuild -- <name>`: rebuilds one projection from position 0 into a
 * new generation, beside the live one (the service may keep running on the same files: it
 * follows the switch within a second), and exits once the new generation has taken over.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const name = argv[0];
  const config = loadConfig(process.env);
  const events = await openEventStore(config.eventStore, systemClock);
  const log = (level: string) => (fields: object, message: string) => console.log(JSON.stringify({ level, time: new Date().toISOString(), ...fields, msg: message }));
  // The same key store as the service, checked as the service checks it at start: a rebuild
  // decrypts what is not erased and shows "[erased]" for what is, so on a lost or older key
  // file it would show breaches as erased that never were.
  let keys;
  try {
    keys = await openCheckedPersonalDataKeys(config, events, PERSONAL_DATA_SCHEMES);
  } catch (error) {
    await events.close();
    console.error(`privacy-ledger: ${(error as Error).message}`);
    return 1;
  }
  const documents = await openDocumentStore(config);
  const projections = createProjections(config, events, documents, systemClock, new PersonalDataCodec(keys, PERSONAL_DATA_SCHEMES), { info: log('info'), error: log('error') });
  try {
    if (!name || !projections.names().includes(name)) {
      console.error(`usage: npm run projections:rebuild -- <name>\nprojections: ${projections.names().join(', ')}`);
      return 2;
    }
    const { generation, done } = await projections.rebuild(name);
    // Progress on a long log: a line at once, every PROGRESS_EVERY_MS, and when done.
    const report = async () => {
      const rebuild = (await projections.status()).find((entry) => entry.name === name)?.rebuild;
      if (rebuild) log('info')(progressFields(rebuild), progressMessage(name, rebuild));
    };
    await report();
    const progress = setInterval(() => void report(), PROGRESS_EVERY_MS);
    try {
      await done;
    } finally {
      clearInterval(progress);
    }
    const status = (await projections.status()).find((entry) => entry.name === name);
    if (status?.lastRebuild) {
      const { targetPosition, eventsPerSecond } = status.lastRebuild;
      log('info')({ generation, position: targetPosition, targetPosition, eventsPerSecond, percent: 100, secondsLeft: 0 }, progressMessage(name, { percent: 100, eventsPerSecond, secondsLeft: 0 }));
    }
    const tookOver = status?.generation === generation && status.rebuild === null && status.state !== 'failed';
    console.log(JSON.stringify({ level: tookOver ? 'info' : 'error', projection: name, generation, status, msg: tookOver ? 'rebuilt and live' : 'rebuild failed' }));
    return tookOver ? 0 : 1;
  } finally {
    await projections.stop();
    await documents.close();
    await keys.close();
    await events.close();
  }
}

const PROGRESS_EVERY_MS = 2000;

type RebuildStatus = NonNullable<ProjectionStatus['rebuild']>;

function progressFields({ generation, position, targetPosition, eventsPerSecond, percent, secondsLeft }: RebuildStatus) {
  return { generation, position, targetPosition, eventsPerSecond, percent, secondsLeft };
}

/** `rebuilding breach-register.v2: 42.5%, 51,234 events/s, 12 s left`. */
function progressMessage(name: string, { percent, eventsPerSecond, secondsLeft }: Pick<RebuildStatus, 'percent' | 'eventsPerSecond' | 'secondsLeft'>): string {
  const rate = eventsPerSecond === null ? 'starting' : `${eventsPerSecond.toLocaleString('en')} events/s`;
  const left = secondsLeft === null ? 'time left unknown yet' : `${secondsLeft} s left`;
  return `rebuilding ${name}: ${percent}%, ${rate}, ${left}`;
}

if (isEntryScript(import.meta.url)) main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `privacy-ledger: ${error.message}` : error);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
