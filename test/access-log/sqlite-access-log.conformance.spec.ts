import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { AccessLog } from '../../src/access-log/access-log.port.js';
import { SqliteAccessLog } from '../../src/access-log/sqlite/sqlite-access-log.js';
import { tempDir } from '../support/temp-dir.js';
import { describeAccessLogConformance } from './access-log.conformance.js';

const dir = tempDir();
afterAll(() => dir.remove());
const files = new WeakMap<AccessLog, string>();
let opened = 0;

function at(file: string): AccessLog {
  const log = new SqliteAccessLog(file);
  files.set(log, file);
  return log;
}

describeAccessLogConformance('sqlite', {
  open: async () => at(join(dir.path, `access-log-${++opened}.sqlite`)),
  another: async (log) => at(files.get(log) as string),
});

describe('the SQLite access log', () => {
  it('refuses UPDATE and DELETE in the file itself, whoever opens it', async () => {
    const file = join(dir.path, 'tamper.sqlite');
    const log = new SqliteAccessLog(file);
    await log.record({ at: '2026-03-01T10:00:00.000Z', actor: { id: 'api-key:0000000000000001', role: 'auditor' }, method: 'GET', route: '/ledger/export', url: '/ledger/export', status: 200 });
    await log.close();
    const db = new Database(file);
    try {
      expect(() => db.prepare('UPDATE access_log SET status = 500').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM access_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
