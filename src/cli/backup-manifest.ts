/** The file a backup lists its files in (name, size, sha256). Apart from backup.ts, which loads SQLite, so the help text can name it. */
export const MANIFEST = 'BACKUP.json';
