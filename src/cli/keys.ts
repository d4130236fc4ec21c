import { parseArgs } from 'node:util';
import { APP_GRANTABLE } from '../auth/permissions.js';
import { ROLES, isRole } from '../auth/roles.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { openApiKeys } from '../engines.js';

/**
 * API keys, in the store the service uses (READ_STORE: the data folder's file, or MongoDB):
 *   npm run keys:create -- --role privacy-officer --name "Intake form"
 *   npm run keys:create -- --role app --name "Case system" --allow register-breach,take-measure
 *   npm run keys:list
 *   npm run keys:revoke -- <keyId>
 * The key is printed once, at creation; only a hash of it is stored.
 */
const USAGE = [
  'usage: npm run keys:create -- --role <role> --name <name> [--allow <commands, for --role app>]',
  '       npm run keys:list',
  '       npm run keys:revoke -- <keyId>',
].join('\n');

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' }, allow: { type: 'string' } } });
  } catch (error) {
    // An unknown option or a missing value: say which, and how it is used, without a stack trace.
    console.error(`privacy-ledger: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  let store;
  try {
    store = await openApiKeys(loadConfig(process.env));
    switch (command) {
      case 'create': {
        if (!isRole(values.role) || !values.name) {
          console.error(`usage: npm run keys:create -- --role <${ROLES.join('|')}> --name <name> [--allow <commands, for --role app: ${APP_GRANTABLE.join(',')}>]`);
          return 2;
        }
        const created = await store.create({ role: values.role, name: values.name, allowed: values.allow?.split(',').map((p) => p.trim()).filter(Boolean) ?? [] }, new Date());
        console.log(JSON.stringify(created, null, 2));
        console.error('Keep the key safe: it is not shown again. Send it as: Authorization: Bearer <key>');
        return 0;
      }
      case 'list':
        console.log(JSON.stringify(await store.list(), null, 2));
        return 0;
      case 'revoke': {
        const keyId = positionals[0];
        if (!keyId) {
          console.error('usage: npm run keys:revoke -- <keyId>');
          return 2;
        }
        const revoked = await store.revoke(keyId, new Date());
        console.log(revoked ? `revoked ${keyId}` : `no active key ${keyId}`);
        return revoked ? 0 : 1;
      }
      case undefined:
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (error) {
    console.error(error instanceof ConfigError ? `privacy-ledger: ${error.message}` : `privacy-ledger: ${(error as Error).message}`);
    return 2;
  } finally {
    await store?.close();
  }
}

process.exit(await main(process.argv.slice(2)));
