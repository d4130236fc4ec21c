import { parseArgs } from 'node:util';
import { APP_GRANTABLE } from '../auth/permissions.js';
import { ROLES, isRole } from '../auth/roles.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { openApiKeys } from '../engines.js';
import { isEntryScript, UsageError } from './usage.js';

/**
 * API keys, in the store the service uses (READ_STORE: the data folder's file, or MongoDB):
 *   privacy-ledger keys create --role privacy-officer --name "Intake form"
 *   privacy-ledger keys create --role app --name "Case system" --allow register-breach,take-measure
 *   privacy-ledger keys list
 *   privacy-ledger keys revoke <keyId>
 * (`npm run keys:create -- …` and the like run the same.) The key is printed once, at
 * creation; only a hash of it is stored.
 */
export const KEYS_USAGE = [
  'usage: privacy-ledger keys create --role <role> --name <name> [--allow <permissions, for --role app>]',
  '       privacy-ledger keys list',
  '       privacy-ledger keys revoke <keyId>',
  `roles: ${ROLES.join(', ')}`,
  `an app key may be allowed: ${APP_GRANTABLE.join(', ')}`,
].join('\n');
const USAGE = KEYS_USAGE;

/** Why a create cannot be run, naming what is valid; undefined when it can. */
function createProblem(role: string | undefined, name: string | undefined, allowed: readonly string[]): string | undefined {
  if (role === undefined) return `--role is required; the roles are: ${ROLES.join(', ')}`;
  if (!isRole(role)) return `unknown role ${role}; the roles are: ${ROLES.join(', ')}`;
  if (!name) return '--name is required (who or what the key is for)';
  if (role !== 'app' && allowed.length > 0) return `--allow is for --role app only (a ${role} key has the role's permissions)`;
  const unknown = allowed.filter((permission) => !(APP_GRANTABLE as readonly string[]).includes(permission));
  if (unknown.length > 0) return `an app key cannot be allowed ${unknown.join(', ')}; it may be allowed: ${APP_GRANTABLE.join(', ')}`;
  return undefined;
}

/** The command line, parsed and checked before any store is opened: a mistyped role creates no file. */
export function parseKeysArguments(argv: readonly string[]) {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' }, allow: { type: 'string' } } });
  } catch (error) {
    // An unknown option or a missing value: say which, and how it is used, without a stack trace.
    throw new UsageError((error as Error).message, USAGE);
  }
  const { values, positionals } = parsed;
  const allowed = values.allow?.split(',').map((p) => p.trim()).filter(Boolean) ?? [];
  const problem =
    command === 'create'
      ? createProblem(values.role, values.name, allowed)
      : command === 'list' || command === 'revoke'
        ? undefined
        : `${command === undefined ? 'keys needs a command' : `unknown keys command ${command}`}; the commands are: create, list, revoke`;
  if (problem) throw new UsageError(problem, USAGE);
  return { command, values, positionals, allowed };
}

export async function keysCommand(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseKeysArguments(argv);
  } catch (error) {
    console.error(`privacy-ledger: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { command, values, positionals, allowed } = parsed;
  let store;
  try {
    store = await openApiKeys(loadConfig(process.env));
    switch (command) {
      case 'create': {
        if (!isRole(values.role) || !values.name) return 2;
        const created = await store.create({ role: values.role, name: values.name, allowed }, new Date());
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
          console.error(`privacy-ledger: keys revoke needs the keyId (privacy-ledger keys list shows them)\n${USAGE}`);
          return 2;
        }
        const revoked = await store.revoke(keyId, new Date());
        console.log(revoked ? `revoked ${keyId}` : `no active key ${keyId}`);
        return revoked ? 0 : 1;
      }
      case undefined:
      default:
        return 2;
    }
  } catch (error) {
    console.error(error instanceof ConfigError ? `privacy-ledger: ${error.message}` : `privacy-ledger: ${(error as Error).message}`);
    return 2;
  } finally {
    await store?.close();
  }
}

if (isEntryScript(import.meta.url)) process.exit(await keysCommand(process.argv.slice(2)));
