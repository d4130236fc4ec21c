import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { COSIGNATURE_V1, parseVerifierKey } from '../ledger/checkpoint.js';
import { AlertsConfigError, loadAlertsConfig, type AlertsConfig } from '../alerts/alerts.config.js';
import { connectionStringProblem, hasCredentials } from '../event-store/eventstoredb/connection-string.js';
import { mongoDbUriHasCredentials, mongoDbUriProblem } from '../read-store/mongodb/mongodb-uri.js';

/**
 * All configuration, read from the environment in this one place and checked at boot:
 * a wrong value stops the service with a message naming the variable, never later.
 * Every variable here is listed in the README's configuration table.
 */
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
/** A value checked by `problem`, whose message never quotes the value (it may hold a password). */
const checked = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, context) => {
    const found = problem(value);
    if (found) context.addIssue({ code: 'custom', message: found });
  });
const userName = z.string().regex(/^[^\s:@/]{1,128}$/, 'a user name (no spaces, :, @ or /)');

const environment = z.object({
  PORT: int(0, 65535, 3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  EVENT_STORE: z.enum(['sqlite', 'eventstoredb']).default('sqlite'),
  EVENTSTORE_CONNECTION_STRING: checked(connectionStringProblem).optional(),
  EVENTSTORE_USERNAME: userName.optional(),
  EVENTSTORE_PASSWORD_FILE: z.string().min(1).optional(),
  EVENTSTORE_MAX_APPEND_BYTES: int(1024, 64 * 1024 * 1024, 1024 * 1024),
  SQLITE_EVENTS_FILE: z.string().min(1).optional(),
  MAX_EVENT_BYTES: int(1024, 64 * 1024 * 1024, 1024 * 1024),
  GROUP_COMMIT_MAX_BATCH: int(1, 100_000, 500),
  SQLITE_BUSY_TIMEOUT_MS: int(0, 600_000, 5000),
  DISK_FREE_MIN_BYTES: int(0, Number.MAX_SAFE_INTEGER, 16 * 1024 * 1024),
  SUBSCRIPTION_POLL_MS: int(10, 60_000, 250),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: int(100, 600_000, 10_000),
  HTTP_BODY_LIMIT_BYTES: int(1024, 64 * 1024 * 1024, 1024 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000, 10_000),
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000, 30_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000, 10_000),
  // 10,000 rows of an old register (a title, a paragraph, times: ~0.5 KB a row) with room to spare.
  IMPORT_BODY_LIMIT_BYTES: int(1024, 256 * 1024 * 1024, 16 * 1024 * 1024),
  DIENSTEN: z
    .string()
    .default('DBV,OCW,DPZ,SZW,DSB,DSO,BSD')
    .transform((list) => list.split(',').map((name) => name.trim()))
    .refine((names) => names.length > 0 && names.every((name) => /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/.test(name)), 'a comma-separated list of department codes')
    .refine((names) => new Set(names).size === names.length, 'each dienst once'),
  BUSINESS_TIME_MAX_SKEW_SECONDS: int(0, 86_400, 300),
  // The diensten's display names in exports and labels: `CODE=Dutch name|English name`, separated by `;`.
  DIENST_NAMES: z
    .string()
    .default('DBV=Dienst Bedrijfsvoering|Corporate Services;OCW=Onderwijs, Cultuur en Welzijn|Education, Culture and Welfare;DPZ=Dienst Publiekszaken|Public Services;SZW=Sociale Zaken en Werkgelegenheid|Social Affairs and Employment;DSB=Dienst Stadsbeheer|City Management;DSO=Dienst Stedelijke Ontwikkeling|Urban Development;BSD=Bestuursdienst|Executive Office')
    .transform((list, context) => parseDienstNames(list, context)),
  READ_STORE: z.enum(['sqlite', 'mongodb']).default('sqlite'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URI')
    .pipe(checked(mongoDbUriProblem))
    .optional(),
  MONGODB_USERNAME: userName.optional(),
  MONGODB_PASSWORD_FILE: z.string().min(1).optional(),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'a database name').default('privacy-ledger'),
  SQLITE_READ_MODELS_FILE: z.string().min(1).optional(),
  READ_WAIT_TIMEOUT_MS: int(0, 60_000, 5000),
  PROJECTION_BATCH_SIZE: int(1, 10_000, 100),
  PROJECTION_CATCH_UP_BATCH_SIZE: int(1, 100_000, 1000),
  PROJECTION_CACHE_MB: int(0, 1024, 8),
  AT_RISK_HOURS: int(1, 72, 24),
  REPEAT_INCIDENT_WINDOW_DAYS: int(1, 3660, 90),
  PROJECTION_LEASE_SECONDS: int(1, 3600, 15),
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'a name of letters, digits and ._:- (at most 100)').optional(),
  PERSONAL_DATA_KEYS_FILE: z.string().min(1).default('personal-data-keys.sqlite'),
  PERSONAL_DATA_KEYS_WITH_APPEND: z.enum(['true', 'false']).default('true'),
  API_KEYS_FILE: z.string().min(1).default('api-keys.sqlite'),
  ACCESS_LOG_FILE: z.string().min(1).default('access-log.sqlite'),
  SIGNING_KEY_FILE: z.string().min(1).default('ledger-signing-key.pem'),
  LEDGER_ORIGIN: z.string().regex(/^[^\s+]{1,200}$/, 'a name without spaces or +').default('privacy-ledger'),
  CHECKPOINT_INTERVAL_SECONDS: int(0, 604_800, 300),
  WITNESSES: z.string().default(''),
  WITNESS_QUORUM: z.coerce.number().int().min(0).max(100).optional(),
  WITNESS_TIMEOUT_MS: int(100, 60_000, 5000),
  TRUSTED_CHECKPOINTS_DIR: z.string().min(1).optional(),
  // Actor ids are `jwt:<issuer>#<sub>`: an issuer (a URL without fragment) never holds a #.
  AUTH_JWT_ISSUER: z.string().regex(/^[^#\s]+$/, 'an issuer without spaces or #').optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_JWKS_FILE: z.string().min(1).optional(),
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  DOCS_PUBLIC: z.enum(['true', 'false']).default('true'),
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000, 600),
  AUTH_FAILURES_PER_MINUTE: int(1, 1_000_000, 30),
  CORS_ORIGINS: z.string().default(''),
  JSON_MAX_DEPTH: int(2, 1000, 32),
  COMMAND_STATE_CACHE_STREAMS: int(0, 1_000_000, 1000),
  WEB_APP: z.enum(['true', 'false']).default('true'),
  WEB_COOKIE_SECURE: z.enum(['true', 'false']).default('true'),
  WEB_SESSION_IDLE_MINUTES: int(1, 1440, 30),
  WEB_SESSION_MAX_HOURS: int(1, 168, 10),
  WEB_API_KEY_SIGN_IN: z.enum(['true', 'false']).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_SCOPES: z.string().default('openid profile'),
});

/** Every environment variable the service reads (the README's configuration table names each). */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(environment.shape);

export interface EventStoreDbConfig {
  readonly engine: 'eventstoredb';
  readonly connectionString: string;
  /** The service user, its password in a secret file (read when the store is opened). */
  readonly credentials?: SecretCredentials;
  readonly maxEventBytes: number;
  /** The server's MaxAppendSize: all events of one append together. */
  readonly maxAppendBytes: number;
}

export interface SecretCredentials {
  readonly username: string;
  /** Where the password is (a Docker secret, say); never the password itself. */
  readonly passwordFile: string;
}

export type EventStoreConfig = SqliteEventStoreConfig | EventStoreDbConfig;

export interface SqliteEventStoreConfig {
  readonly engine: 'sqlite';
  readonly file: string;
  readonly maxEventBytes: number;
  readonly maxBatch: number;
  readonly busyTimeoutMs: number;
  readonly pollIntervalMs: number;
}

/** The municipality's organisation, which breaches, DPIAs, the register, the labels and the exports share. */
export interface OrganisationConfig {
  /** The dienst codes (DIENSTEN): a command naming another is refused; per-dienst figures list each one. */
  readonly diensten: readonly string[];
  /** Display names per dienst code (DIENST_NAMES); a dienst without one is shown by its code. */
  readonly dienstNames: Readonly<Record<string, { readonly nl: string; readonly en: string }>>;
}

/** How commands are handled (src/command-handling/). */
export interface CommandsConfig {
  /** How far a time a person asserts may lie ahead of the service's clock (BUSINESS_TIME_MAX_SKEW_SECONDS); also bounds `asOf`. */
  readonly maxClockSkewMs: number;
  /** How many streams' folded states each slice's command handlers keep between commands (COMMAND_STATE_CACHE_STREAMS; 0: none). */
  readonly stateCacheStreams?: number;
}

/** What the deadline views and the reports judge by. */
export interface ReportingConfig {
  /** docs/domain.md: a breach is at risk when less than this many hours remain (AT_RISK_HOURS). */
  readonly atRiskHours: number;
  /** A breach of the same kind in the same dienst within this many days of an earlier one is a repeat incident (REPEAT_INCIDENT_WINDOW_DAYS). */
  readonly repeatIncidentWindowDays: number;
}

export interface ReadStoreConfig {
  readonly engine: 'sqlite' | 'mongodb';
  /** The SQLite file (engine sqlite). */
  readonly file: string;
  /** The MongoDB replica set (engine mongodb). */
  readonly mongodb?: MongoDbConfig;
  readonly readWaitMs: number;
  readonly batchSize: number;
  /** Most documents a projection writes in one commit while it catches up on the log (PROJECTION_CATCH_UP_BATCH_SIZE). */
  readonly catchUpBatchSize: number;
  /** Bytes (JSON text) of committed documents each projection keeps in memory (PROJECTION_CACHE_MB). */
  readonly cachedBytes: number;
  /** How long an instance's hold on a projection lasts without renewal. */
  readonly leaseTtlMs: number;
  /** This instance's name as a lease holder (INSTANCE_ID); absent: the data folder's, kept in `instanceFile`. */
  readonly instanceId?: string;
  readonly instanceFile: string;
}

export interface MongoDbConfig {
  readonly uri: string;
  readonly database: string;
  /** The service user, its password in a secret file (read when the client connects). */
  readonly credentials?: SecretCredentials;
}

export interface AuthConfig {
  readonly apiKeysFile: string;
  readonly accessLogFile: string;
  /** Bearer JWTs from an identity provider, when configured. */
  readonly jwt: { readonly issuer: string; readonly audience: string; readonly jwksUrl?: string; readonly jwksFile?: string; readonly rolesClaim: string } | null;
  readonly docsPublic: boolean;
}

/** The web app for people (src/web/). */
export interface WebConfig {
  readonly enabled: boolean;
  /** Cookies only over HTTPS (and `__Host-` names); off only for plain-HTTP trials on another host than localhost. */
  readonly cookieSecure: boolean;
  readonly sessionIdleMs: number;
  readonly sessionMaxMs: number;
  /** Signing in with an API key on the sign-in page (default: on unless an identity provider is configured for the pages). */
  readonly apiKeySignIn: boolean;
  /** Sign-in with the identity provider of AUTH_JWT_ISSUER (OpenID Connect, authorization code with PKCE). */
  readonly oidc: { readonly clientId: string; readonly clientSecretFile?: string; readonly redirectUrl: string; readonly scopes: string } | null;
}

export interface HttpConfig {
  readonly port: number;
  readonly host: string;
  readonly bodyLimitBytes: number;
  /** How long a client may take to send a request's headers, and the whole request; then 408. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Largest body of the import routes (CSV files of up to 10,000 rows). */
  readonly importBodyLimitBytes: number;
  readonly jsonMaxDepth: number;
  /** Requests per minute per identity (per address without a credential). */
  readonly rateLimitPerMinute: number;
  /** Failed authentications per minute per address: a budget of its own, against guessing. */
  readonly authFailuresPerMinute: number;
  /** Origins allowed by CORS; empty: CORS closed. */
  readonly corsOrigins: readonly string[];
}

export interface PersonalDataConfig {
  /** The key store of personal data in event payloads: a file of its own, outside the log. */
  readonly keysFile: string;
  /** SQLite: a new key is committed in the same writer round as the append that needs it (else in the round before). */
  readonly keysWithAppend: boolean;
}

export interface LedgerConfig {
  /** The log's name in checkpoints (the signed note's origin and key name). */
  readonly origin: string;
  readonly signingKeyFile: string;
  /** Whether a missing key file may be created (the embedded default); with READ_STORE=mongodb it must be provided. */
  readonly createSigningKey: boolean;
  /** 0: no scheduled checkpoints. */
  readonly checkpointIntervalMs: number;
  /** The witnesses each new checkpoint is sent to, and whose cosignatures verification requires. */
  readonly witnesses: readonly WitnessConfig[];
  /** How many of them must have cosigned the newest witnessed checkpoint; all of them when absent. */
  readonly witnessQuorum?: number;
  readonly witnessTimeoutMs: number;
  /** Signed checkpoint notes saved earlier, which the log must stay consistent with. */
  readonly trustedCheckpointsDir?: string;
}

export interface WitnessConfig {
  readonly name: string;
  /** The witness's submission prefix: requests go to `<url>/add-checkpoint`. */
  readonly url: string;
  /** Its cosignature/v1 verifier key (type 0x04), pinned here, never taken from an answer. */
  readonly verifierKey: string;
}

/**
 * The configuration, grouped by what it configures (the environment variables are flat; the
 * README's table names each one):
 *
 * - the domain: `organisation` (the diensten and their names), `commands` (command handling),
 *   `reporting` (the deadline views and the reports);
 * - the doors: `http`, `auth`, `web`;
 * - the stores and what runs beside them: `eventStore`, `readStore` (with the projections'
 *   leases), `personalData`, `ledger`, `alerts`;
 * - the process as a whole: `dataDir`, `sqliteBusyTimeoutMs`, `diskFreeMinBytes`, `logLevel`,
 *   `shutdownTimeoutMs`.
 */
export interface AppConfig {
  readonly organisation: OrganisationConfig;
  readonly commands: CommandsConfig;
  readonly reporting: ReportingConfig;
  readonly http: HttpConfig;
  readonly auth: AuthConfig;
  readonly web: WebConfig;
  readonly eventStore: EventStoreConfig;
  readonly readStore: ReadStoreConfig;
  readonly personalData: PersonalDataConfig;
  readonly ledger: LedgerConfig;
  /** Deadline alerts and escalation (src/alerts/alerts.config.ts). */
  readonly alerts: AlertsConfig;
  readonly dataDir: string;
  /** How long a writer waits for another process's lock on any of the embedded SQLite files. */
  readonly sqliteBusyTimeoutMs: number;
  /** Below this much free space on a file system holding one of the files, /health reports degraded. */
  readonly diskFreeMinBytes: number;
  readonly logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  readonly shutdownTimeoutMs: number;
}

export const APP_CONFIG = Symbol('AppConfig');

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): AppConfig {
  // An empty variable counts as unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if ((e.OIDC_CLIENT_ID === undefined) !== (e.OIDC_REDIRECT_URL === undefined)) {
    throw new ConfigError(['OIDC_CLIENT_ID and OIDC_REDIRECT_URL go together: set both (with AUTH_JWT_ISSUER), or neither']);
  }
  if (e.OIDC_CLIENT_ID !== undefined && e.AUTH_JWT_ISSUER === undefined) {
    throw new ConfigError(['OIDC_CLIENT_ID: the pages sign in with the identity provider of AUTH_JWT_ISSUER; set it (and AUTH_JWT_AUDIENCE, AUTH_JWKS_URL) too']);
  }
  const jwtParts = [e.AUTH_JWT_ISSUER, e.AUTH_JWT_AUDIENCE, e.AUTH_JWKS_URL ?? e.AUTH_JWKS_FILE];
  if (jwtParts.some(Boolean) && !jwtParts.every(Boolean)) {
    throw new ConfigError(['AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE and AUTH_JWKS_URL (or AUTH_JWKS_FILE) go together: set all of them, or none']);
  }
  // Node refuses a headers timeout beyond the request's: the headers are part of the request.
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) throw new ConfigError(['HTTP_HEADERS_TIMEOUT_MS: at most HTTP_REQUEST_TIMEOUT_MS']);
  if (e.AUTH_JWKS_URL && e.AUTH_JWKS_FILE) throw new ConfigError(['AUTH_JWKS_URL and AUTH_JWKS_FILE: set one of them']);
  const engines = [
    e.EVENT_STORE === 'eventstoredb' && !e.EVENTSTORE_CONNECTION_STRING ? 'EVENTSTORE_CONNECTION_STRING: required with EVENT_STORE=eventstoredb' : undefined,
    e.READ_STORE === 'mongodb' && !e.MONGODB_URI ? 'MONGODB_URI: required with READ_STORE=mongodb' : undefined,
    e.READ_STORE === 'mongodb' ? sharedSigningKeyProblem(present.SIGNING_KEY_FILE) : undefined,
    ...credentialProblems('EVENTSTORE', e.EVENTSTORE_USERNAME, e.EVENTSTORE_PASSWORD_FILE, e.EVENTSTORE_CONNECTION_STRING, hasCredentials, 'EVENTSTORE_CONNECTION_STRING'),
    ...credentialProblems('MONGODB', e.MONGODB_USERNAME, e.MONGODB_PASSWORD_FILE, e.MONGODB_URI, mongoDbUriHasCredentials, 'MONGODB_URI'),
    e.EVENT_STORE === 'eventstoredb' && e.MAX_EVENT_BYTES > e.EVENTSTORE_MAX_APPEND_BYTES
      ? `MAX_EVENT_BYTES: ${e.MAX_EVENT_BYTES} is more than EVENTSTORE_MAX_APPEND_BYTES (${e.EVENTSTORE_MAX_APPEND_BYTES}): EventStoreDB could never store such an event`
      : undefined,
  ].filter((problem): problem is string => problem !== undefined);
  if (engines.length > 0) throw new ConfigError(engines);
  const witnesses = parseWitnesses(e.WITNESSES);
  if (e.WITNESS_QUORUM !== undefined && e.WITNESS_QUORUM > witnesses.length) throw new ConfigError([`WITNESS_QUORUM: ${e.WITNESS_QUORUM} is more than the ${witnesses.length} WITNESSES`]);
  const dataDir = resolve(cwd, e.DATA_DIR);
  const file = e.SQLITE_EVENTS_FILE ?? 'events.sqlite';
  const readModels = e.SQLITE_READ_MODELS_FILE ?? 'read-models.sqlite';
  let alerts: AlertsConfig;
  try {
    alerts = loadAlertsConfig(present, e.DIENSTEN);
  } catch (error) {
    throw error instanceof AlertsConfigError ? new ConfigError(error.problems) : error;
  }
  return {
    http: {
      port: e.PORT,
      host: e.HOST,
      bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      importBodyLimitBytes: e.IMPORT_BODY_LIMIT_BYTES,
      jsonMaxDepth: e.JSON_MAX_DEPTH,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
      corsOrigins: e.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    },
    auth: {
      apiKeysFile: isAbsolute(e.API_KEYS_FILE) ? e.API_KEYS_FILE : join(dataDir, e.API_KEYS_FILE),
      accessLogFile: isAbsolute(e.ACCESS_LOG_FILE) ? e.ACCESS_LOG_FILE : join(dataDir, e.ACCESS_LOG_FILE),
      jwt:
        e.AUTH_JWT_ISSUER && e.AUTH_JWT_AUDIENCE
          ? {
              issuer: e.AUTH_JWT_ISSUER,
              audience: e.AUTH_JWT_AUDIENCE,
              rolesClaim: e.AUTH_ROLES_CLAIM,
              ...(e.AUTH_JWKS_URL ? { jwksUrl: e.AUTH_JWKS_URL } : {}),
              ...(e.AUTH_JWKS_FILE ? { jwksFile: isAbsolute(e.AUTH_JWKS_FILE) ? e.AUTH_JWKS_FILE : resolve(cwd, e.AUTH_JWKS_FILE) } : {}),
            }
          : null,
      docsPublic: e.DOCS_PUBLIC === 'true',
    },
    organisation: { diensten: e.DIENSTEN, dienstNames: e.DIENST_NAMES },
    commands: { maxClockSkewMs: e.BUSINESS_TIME_MAX_SKEW_SECONDS * 1000, stateCacheStreams: e.COMMAND_STATE_CACHE_STREAMS },
    reporting: { atRiskHours: e.AT_RISK_HOURS, repeatIncidentWindowDays: e.REPEAT_INCIDENT_WINDOW_DAYS },
    dataDir,
    eventStore:
      e.EVENT_STORE === 'eventstoredb'
        ? {
            engine: 'eventstoredb',
            connectionString: e.EVENTSTORE_CONNECTION_STRING as string,
            ...secretCredentials(e.EVENTSTORE_USERNAME, e.EVENTSTORE_PASSWORD_FILE, cwd),
            maxEventBytes: e.MAX_EVENT_BYTES,
            maxAppendBytes: e.EVENTSTORE_MAX_APPEND_BYTES,
          }
        : {
      engine: 'sqlite',
      file: isAbsolute(file) ? file : join(dataDir, file),
      maxEventBytes: e.MAX_EVENT_BYTES,
      maxBatch: e.GROUP_COMMIT_MAX_BATCH,
      busyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
      pollIntervalMs: e.SUBSCRIPTION_POLL_MS,
          },
    sqliteBusyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    diskFreeMinBytes: e.DISK_FREE_MIN_BYTES,
    ledger: {
      origin: e.LEDGER_ORIGIN,
      signingKeyFile: isAbsolute(e.SIGNING_KEY_FILE) ? e.SIGNING_KEY_FILE : join(dataDir, e.SIGNING_KEY_FILE),
      // Several instances must sign with one key: with MongoDB it is provided, never made by one of them.
      createSigningKey: e.READ_STORE !== 'mongodb',
      checkpointIntervalMs: e.CHECKPOINT_INTERVAL_SECONDS * 1000,
      witnesses,
      ...(e.WITNESS_QUORUM !== undefined ? { witnessQuorum: e.WITNESS_QUORUM } : {}),
      witnessTimeoutMs: e.WITNESS_TIMEOUT_MS,
      ...(e.TRUSTED_CHECKPOINTS_DIR ? { trustedCheckpointsDir: resolve(cwd, e.TRUSTED_CHECKPOINTS_DIR) } : {}),
    },
    readStore: {
      engine: e.READ_STORE,
      file: isAbsolute(readModels) ? readModels : join(dataDir, readModels),
      ...(e.MONGODB_URI ? { mongodb: { uri: e.MONGODB_URI, database: e.MONGODB_DATABASE, ...secretCredentials(e.MONGODB_USERNAME, e.MONGODB_PASSWORD_FILE, cwd) } } : {}),
      readWaitMs: e.READ_WAIT_TIMEOUT_MS,
      batchSize: e.PROJECTION_BATCH_SIZE,
      catchUpBatchSize: e.PROJECTION_CATCH_UP_BATCH_SIZE,
      cachedBytes: e.PROJECTION_CACHE_MB * 1024 * 1024,
      leaseTtlMs: e.PROJECTION_LEASE_SECONDS * 1000,
      ...(e.INSTANCE_ID ? { instanceId: e.INSTANCE_ID } : {}),
      instanceFile: join(dataDir, 'instance.sqlite'),
    },
    personalData: {
      keysFile: isAbsolute(e.PERSONAL_DATA_KEYS_FILE) ? e.PERSONAL_DATA_KEYS_FILE : join(dataDir, e.PERSONAL_DATA_KEYS_FILE),
      keysWithAppend: e.PERSONAL_DATA_KEYS_WITH_APPEND === 'true',
    },
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    alerts,
    web: {
      enabled: e.WEB_APP === 'true',
      cookieSecure: e.WEB_COOKIE_SECURE === 'true',
      sessionIdleMs: e.WEB_SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.WEB_SESSION_MAX_HOURS * 3_600_000,
      apiKeySignIn: e.WEB_API_KEY_SIGN_IN === undefined ? e.OIDC_CLIENT_ID === undefined : e.WEB_API_KEY_SIGN_IN === 'true',
      oidc:
        e.OIDC_CLIENT_ID !== undefined && e.OIDC_REDIRECT_URL !== undefined
          ? {
              clientId: e.OIDC_CLIENT_ID,
              redirectUrl: e.OIDC_REDIRECT_URL,
              scopes: e.OIDC_SCOPES,
              ...(e.OIDC_CLIENT_SECRET_FILE ? { clientSecretFile: isAbsolute(e.OIDC_CLIENT_SECRET_FILE) ? e.OIDC_CLIENT_SECRET_FILE : resolve(cwd, e.OIDC_CLIENT_SECRET_FILE) } : {}),
            }
          : null,
    },
  };
}

/**
 * With READ_STORE=mongodb the instances share everything but the data folder, so the
 * signing key cannot default to a file in it: each host would create a key of its own and
 * sign a history the others' checkpoints contradict. Production names a secret file
 * (a Docker secret under /run/secrets/), by an absolute path.
 */
function sharedSigningKeyProblem(file: string | undefined): string | undefined {
  const why = "every instance must sign checkpoints with one key, provided as a secret file outside DATA_DIR (e.g. /run/secrets/ledger-signing-key); a key made in one host's data folder would differ per host";
  if (file === undefined) return `SIGNING_KEY_FILE: required with READ_STORE=mongodb, as an absolute path: ${why}`;
  if (!isAbsolute(file)) return `SIGNING_KEY_FILE: ${file} is relative to DATA_DIR; with READ_STORE=mongodb give an absolute path: ${why}`;
  return undefined;
}

/**
 * A user name and a password file go together; the password then comes from the file only,
 * never also from the connection string (which is easily logged, and visible in the
 * environment of the process).
 */
function credentialProblems(
  prefix: string,
  username: string | undefined,
  passwordFile: string | undefined,
  connection: string | undefined,
  carriesCredentials: (connection: string) => boolean,
  connectionVariable: string,
): string[] {
  if ((username === undefined) !== (passwordFile === undefined)) return [`${prefix}_USERNAME and ${prefix}_PASSWORD_FILE go together: set both, or neither`];
  if (username !== undefined && connection !== undefined && carriesCredentials(connection)) {
    return [`${connectionVariable}: carries a user name and password while ${prefix}_USERNAME is set; keep the credentials out of it`];
  }
  return [];
}

function secretCredentials(username: string | undefined, passwordFile: string | undefined, cwd: string): { credentials?: SecretCredentials } {
  return username !== undefined && passwordFile !== undefined ? { credentials: { username, passwordFile: resolve(cwd, passwordFile) } } : {};
}

/**
 * WITNESSES: comma-separated `<name>=<url>=<verifier key>`; the URL holds no '=' or ',', the
 * verifier key (which may end in '=') is the witness's cosignature/v1 key, named `<name>`.
 */
function parseWitnesses(text: string): WitnessConfig[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const problems: string[] = [];
  const witnesses = entries.flatMap((entry): WitnessConfig[] => {
    const first = entry.indexOf('=');
    const second = entry.indexOf('=', first + 1);
    const name = entry.slice(0, first);
    const url = entry.slice(first + 1, second);
    const verifierKey = entry.slice(second + 1);
    try {
      if (first <= 0 || second < 0) throw new Error('expected <name>=<url>=<verifier key>');
      if (!/^https?:\/\/[^\s]+$/.test(url)) throw new Error(`${url} is not an http(s) URL`);
      const key = parseVerifierKey(verifierKey);
      if (key.type !== COSIGNATURE_V1 || key.name !== name) throw new Error(`the verifier key is not a cosignature/v1 (type 0x04) key named ${name}`);
    } catch (error) {
      problems.push(`WITNESSES: ${JSON.stringify(entry.slice(0, 80))}: ${(error as Error).message}`);
      return [];
    }
    return [{ name, url: url.replace(/\/+$/, ''), verifierKey }];
  });
  if (new Set(witnesses.map((w) => w.name)).size !== witnesses.length) problems.push('WITNESSES: each witness name once');
  if (problems.length > 0) throw new ConfigError(problems);
  return witnesses;
}

/**
 * DIENST_NAMES: `CODE=Dutch name|English name`, separated by `;` (names may hold commas; the
 * English name is optional: then the Dutch one serves both). Names hold no `;`, `=` or `|`.
 * Empty: every dienst is shown by its code.
 */
function parseDienstNames(list: string, context: z.RefinementCtx): Record<string, { nl: string; en: string }> {
  const names: Record<string, { nl: string; en: string }> = {};
  for (const entry of list.split(';').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([A-Za-z0-9][A-Za-z0-9 _.-]{0,63})=([^=|]+)(?:\|([^=|]+))?$/.exec(entry);
    const code = match?.[1]?.trim();
    if (!match || code === undefined || Object.hasOwn(names, code)) {
      context.addIssue({ code: 'custom', message: `${JSON.stringify(entry)}: each entry once, as CODE=Dutch name|English name` });
      continue;
    }
    const nl = (match[2] as string).trim();
    names[code] = { nl, en: (match[3] ?? nl).trim() };
  }
  return names;
}
