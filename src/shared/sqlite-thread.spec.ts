import { afterEach, describe, expect, it } from '@jest/globals';
import { startSqliteThread } from './sqlite-thread.js';

const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(':memory:');
parentPort.postMessage({ answer: db.prepare('SELECT 6 * 7 AS answer').get().answer, input: workerData.input });
`;

function answerOf(input: string): Promise<unknown> {
  const worker = startSqliteThread(PROGRAM, { input });
  return new Promise((resolve, reject) => {
    worker.once('message', (message) => void worker.terminate().then(() => resolve(message)));
    worker.once('error', reject);
  });
}

describe('startSqliteThread', () => {
  const flags = [...process.execArgv];
  afterEach(() => {
    process.execArgv.splice(0, process.execArgv.length, ...flags);
  });

  it('runs CommonJS program text with better-sqlite3 and the data given', async () => {
    await expect(answerOf('x')).resolves.toEqual({ answer: 42, input: 'x' });
  });

  it('starts in a process started with per-process flags (--expose-gc, --max-old-space-size)', async () => {
    process.execArgv.push('--expose-gc', '--max-old-space-size=512');
    await expect(answerOf('z')).resolves.toEqual({ answer: 42, input: 'z' });
  });

  it('runs it as CommonJS in a process started with --input-type=module (node -e)', async () => {
    process.execArgv.push('--input-type=module');
    await expect(answerOf('y')).resolves.toEqual({ answer: 42, input: 'y' });
  });
});
