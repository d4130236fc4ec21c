/**
 * A child process that stands for another instance caught in the middle of creating an
 * event-store file: it takes SQLite's write lock on the (new, still empty) file, prints
 * "locked", holds it for the given milliseconds, then lets go and prints "released".
 *
 *   node dist-bench/test/support/hold-write-lock.js <file> <ms>
 */
import Database from 'better-sqlite3';

const [file = '', ms = '0'] = process.argv.slice(2);
const db = new Database(file);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
setTimeout(() => {
  db.exec('ROLLBACK');
  db.close();
  process.stdout.write('released\n');
}, Number(ms));
