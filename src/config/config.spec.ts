import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { COSIGNATURE_V1, verifierKeyText } from '../ledger/checkpoint.js';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('runs on the embedded default with no variables set', () => {
    const config = loadConfig({}, '/srv/ledger');
    expect(config).toEqual({
      http: { port: 3000, host: '127.0.0.1', bodyLimitBytes: 1048576, importBodyLimitBytes: 16777216, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 10_000, jsonMaxDepth: 32, rateLimitPerMinute: 600, authFailuresPerMinute: 30, corsOrigins: [] },
      auth: { apiKeysFile: '/srv/ledger/data/api-keys.sqlite', accessLogFile: '/srv/ledger/data/access-log.sqlite', jwt: null, docsPublic: true },
      organisation: {
        diensten: ['DBV', 'OCW', 'DPZ', 'SZW', 'DSB', 'DSO', 'BSD'],
        dienstNames: {
          DBV: { nl: 'Dienst Bedrijfsvoering', en: 'Corporate Services' },
          OCW: { nl: 'Onderwijs, Cultuur en Welzijn', en: 'Education, Culture and Welfare' },
          DPZ: { nl: 'Dienst Publiekszaken', en: 'Public Services' },
          SZW: { nl: 'Sociale Zaken en Werkgelegenheid', en: 'Social Affairs and Employment' },
          DSB: { nl: 'Dienst Stadsbeheer', en: 'City Management' },
          DSO: { nl: 'Dienst Stedelijke Ontwikkeling', en: 'Urban Development' },
          BSD: { nl: 'Bestuursdienst', en: 'Executive Office' },
        },
      },
      commands: { maxClockSkewMs: 300_000, stateCacheStreams: 1000 },
      reporting: { atRiskHours: 24, repeatIncidentWindowDays: 90 },
      dataDir: '/srv/ledger/data',
      eventStore: { engine: 'sqlite', file: '/srv/ledger/data/events.sqlite', maxEventBytes: 1048576, maxBatch: 500, busyTimeoutMs: 5000, pollIntervalMs: 250 },
      ledger: { origin: 'privacy-ledger', signingKeyFile: '/srv/ledger/data/ledger-signing-key.pem', createSigningKey: true, checkpointIntervalMs: 300_000, witnesses: [], witnessTimeoutMs: 5000 },
      sqliteBusyTimeoutMs: 5000,
      diskFreeMinBytes: 16 * 1024 * 1024,
      readStore: { engine: 'sqlite', file: '/srv/ledger/data/read-models.sqlite', readWaitMs: 5000, batchSize: 100, catchUpBatchSize: 1000, cachedBytes: 8 * 1024 * 1024, leaseTtlMs: 15000, instanceFile: '/srv/ledger/data/instance.sqlite' },
      personalData: { keysFile: '/srv/ledger/data/personal-data-keys.sqlite', keysWithAppend: true },
      logLevel: 'info',
      shutdownTimeoutMs: 10000,
      // Its own spec: src/alerts/alerts.config.spec.ts.
      alerts: expect.objectContaining({ language: 'nl', smtp: null }),
      // The web app: on, secure cookies, sessions of 30 minutes idle and 10 hours at most, API-key sign-in.
      web: { enabled: true, cookieSecure: true, sessionIdleMs: 1_800_000, sessionMaxMs: 36_000_000, apiKeySignIn: true, oidc: null },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/ledger',
        EVENT_STORE: 'sqlite',
        SQLITE_EVENTS_FILE: 'log.db',
        MAX_EVENT_BYTES: '2048',
        GROUP_COMMIT_MAX_BATCH: '10',
        SQLITE_BUSY_TIMEOUT_MS: '100',
        SUBSCRIPTION_POLL_MS: '50',
        LOG_LEVEL: 'debug',
        SHUTDOWN_TIMEOUT_MS: '2000',
        HTTP_BODY_LIMIT_BYTES: '4096',
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: '5000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '3000',
        IMPORT_BODY_LIMIT_BYTES: '65536',
        DIENSTEN: 'ABC, DEF',
        DIENST_NAMES: 'ABC=Afdeling Archief, Post|Archives and Mail; DEF=Dienst Financiën',
        BUSINESS_TIME_MAX_SKEW_SECONDS: '60',
        READ_STORE: 'sqlite',
        SQLITE_READ_MODELS_FILE: 'views.db',
        READ_WAIT_TIMEOUT_MS: '100',
        PROJECTION_BATCH_SIZE: '50',
        PROJECTION_CACHE_MB: '2',
        AT_RISK_HOURS: '12',
        INSTANCE_ID: 'ledger-a',
        PERSONAL_DATA_KEYS_FILE: 'keys/personal.sqlite',
        PERSONAL_DATA_KEYS_WITH_APPEND: 'false',
        API_KEYS_FILE: '/etc/ledger/keys.sqlite',
        ACCESS_LOG_FILE: 'reads.sqlite',
        AUTH_JWT_ISSUER: 'https://login.example.nl',
        AUTH_JWT_AUDIENCE: 'privacy-ledger',
        AUTH_JWKS_URL: 'https://login.example.nl/jwks',
        AUTH_ROLES_CLAIM: 'groups',
        DOCS_PUBLIC: 'false',
        RATE_LIMIT_PER_MINUTE: '60',
        AUTH_FAILURES_PER_MINUTE: '6',
        CORS_ORIGINS: 'https://privacy.example.nl, https://fg.example.nl',
        JSON_MAX_DEPTH: '8',
        COMMAND_STATE_CACHE_STREAMS: '0',
      },
      '/ignored',
    );
    expect(config.http).toEqual({ port: 8080, host: '0.0.0.0', bodyLimitBytes: 4096, importBodyLimitBytes: 65536, headersTimeoutMs: 2000, requestTimeoutMs: 5000, keepAliveTimeoutMs: 3000, jsonMaxDepth: 8, rateLimitPerMinute: 60, authFailuresPerMinute: 6, corsOrigins: ['https://privacy.example.nl', 'https://fg.example.nl'] });
    expect(config.auth).toEqual({
      apiKeysFile: '/etc/ledger/keys.sqlite',
      accessLogFile: '/var/lib/ledger/reads.sqlite',
      jwt: { issuer: 'https://login.example.nl', audience: 'privacy-ledger', jwksUrl: 'https://login.example.nl/jwks', rolesClaim: 'groups' },
      docsPublic: false,
    });
    expect(config.organisation).toEqual({
      diensten: ['ABC', 'DEF'],
      dienstNames: { ABC: { nl: 'Afdeling Archief, Post', en: 'Archives and Mail' }, DEF: { nl: 'Dienst Financiën', en: 'Dienst Financiën' } },
    });
    expect(config.commands).toEqual({ maxClockSkewMs: 60_000, stateCacheStreams: 0 });
    expect(config.reporting).toEqual({ atRiskHours: 12, repeatIncidentWindowDays: 90 });
    expect(config.eventStore).toEqual({ engine: 'sqlite', file: '/var/lib/ledger/log.db', maxEventBytes: 2048, maxBatch: 10, busyTimeoutMs: 100, pollIntervalMs: 50 });
    expect(config.readStore).toEqual({ engine: 'sqlite', file: '/var/lib/ledger/views.db', readWaitMs: 100, batchSize: 50, catchUpBatchSize: 1000, cachedBytes: 2 * 1024 * 1024, leaseTtlMs: 15000, instanceId: 'ledger-a', instanceFile: '/var/lib/ledger/instance.sqlite' });
    expect(config.personalData).toEqual({ keysFile: '/var/lib/ledger/keys/personal.sqlite', keysWithAppend: false });
    expect(config.logLevel).toBe('debug');
    expect(config.shutdownTimeoutMs).toBe(2000);
  });

  it('keeps an absolute events file where it is', () => {
    expect(loadConfig({ SQLITE_EVENTS_FILE: '/mnt/ledger/events.sqlite' }).eventStore).toMatchObject({ engine: 'sqlite', file: '/mnt/ledger/events.sqlite' });
  });

  it('wants the issuer, the audience and a JWKS together, or none of them', () => {
    expect(() => loadConfig({ AUTH_JWT_ISSUER: 'https://login.example.nl' })).toThrow(/go together/);
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'ledger' })).toThrow(/OIDC_CLIENT_ID and OIDC_REDIRECT_URL go together/);
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'ledger', OIDC_REDIRECT_URL: 'https://ledger.example.nl/app/sign-in/callback' })).toThrow(/AUTH_JWT_ISSUER/);
    expect(() => loadConfig({ AUTH_JWT_ISSUER: 'i', AUTH_JWT_AUDIENCE: 'a', AUTH_JWKS_URL: 'https://x/jwks', AUTH_JWKS_FILE: 'jwks.json' })).toThrow(/one of them/);
    expect(loadConfig({ AUTH_JWT_ISSUER: 'i', AUTH_JWT_AUDIENCE: 'a', AUTH_JWKS_FILE: 'jwks.json' }, '/srv').auth.jwt).toMatchObject({ jwksFile: '/srv/jwks.json' });
  });

  it('wants the headers timeout within the request timeout', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
  });

  it('refuses an issuer with a #, which would blur where the issuer ends in an actor id', () => {
    expect(() => loadConfig({ AUTH_JWT_ISSUER: 'https://login.example.nl#x', AUTH_JWT_AUDIENCE: 'a', AUTH_JWKS_FILE: 'jwks.json' })).toThrow(/AUTH_JWT_ISSUER/);
  });

  it('runs on EventStoreDB and MongoDB when told to, and wants their connection strings', () => {
    const config = loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://node1:2113?tls=false', READ_STORE: 'mongodb', MONGODB_URI: 'mongodb://m:27017/?replicaSet=rs0', SIGNING_KEY_FILE: '/run/secrets/ledger-signing-key' });
    expect(config.eventStore).toEqual({ engine: 'eventstoredb', connectionString: 'esdb://node1:2113?tls=false', maxEventBytes: 1048576, maxAppendBytes: 1048576 });
    expect(config.readStore).toMatchObject({ engine: 'mongodb', mongodb: { uri: 'mongodb://m:27017/?replicaSet=rs0', database: 'privacy-ledger' } });
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
    expect(() => loadConfig({ READ_STORE: 'mongodb', SIGNING_KEY_FILE: '/run/secrets/ledger-signing-key' })).toThrow(/MONGODB_URI/);
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://x' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
  });

  describe('the EventStoreDB connection string', () => {
    const esdb = (connection: string, extra: Record<string, string> = {}) => () => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: connection, ...extra });
    const problemOf = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a configuration error');
    };

    it('accepts what the client parses: esdb:// and esdb+discover://, with options in any case', () => {
      expect(esdb('esdb://node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/certs/ca/ca.crt&nodePreference=leader')().eventStore).toMatchObject({ engine: 'eventstoredb' });
      expect(esdb('esdb+discover://cluster.example:2113?TLS=true&keep-alive-interval=5000')().eventStore).toMatchObject({ engine: 'eventstoredb' });
    });

    it('refuses kurrentdb:// and kdb://, which this client cannot parse, saying what to write instead', () => {
      for (const scheme of ['kurrentdb', 'kdb', 'kurrentdb+discover']) {
        expect(problemOf(esdb(`${scheme}://node1:2113?tls=false`))).toMatch(new RegExp(`EVENTSTORE_CONNECTION_STRING: ${scheme.replace('+', '\\+')}:// is not understood .*write esdb://`));
      }
    });

    it('refuses options the client would ignore, and tlsVerifyCert=false, which it does not honour', () => {
      expect(problemOf(esdb('esdb://node1:2113?tls=true&tlsCaFiel=/certs/ca.crt'))).toMatch(/option "tlsCaFiel" is not one the client reads/);
      expect(problemOf(esdb('esdb://node1:2113?tls=true&tlsVerifyCert=false'))).toMatch(/tlsVerifyCert=false has no effect/);
      expect(problemOf(esdb('esdb://node1:2113?tls=maybe'))).toMatch(/cannot parse it .*expected true or false/);
    });

    it('never quotes the connection string, nor its password, in a refusal', () => {
      for (const connection of ['kurrentdb://admin:s3cr3t-pw@node1:2113', 'esdb://admin:s3cr3t-pw@node1:2113?tls=perhaps', 'esdb://admin:s3cr3t-pw@node1:2113?nosuch=1', 'esdb://admin:s3cr3t-pw@node1:notaport']) {
        const message = problemOf(esdb(connection));
        expect(message).toMatch(/EVENTSTORE_CONNECTION_STRING/);
        expect(message).not.toMatch(/s3cr3t|admin/);
      }
    });

    it('takes the service user with its password file, never together with credentials in the string', () => {
      const config = loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://node1:2113', EVENTSTORE_USERNAME: 'privacy-ledger', EVENTSTORE_PASSWORD_FILE: '/run/secrets/eventstore-password' });
      expect(config.eventStore).toMatchObject({ credentials: { username: 'privacy-ledger', passwordFile: '/run/secrets/eventstore-password' } });
      expect(problemOf(esdb('esdb://node1:2113', { EVENTSTORE_USERNAME: 'privacy-ledger' }))).toMatch(/EVENTSTORE_USERNAME and EVENTSTORE_PASSWORD_FILE go together/);
      const both = problemOf(esdb('esdb://admin:changeit@node1:2113', { EVENTSTORE_USERNAME: 'privacy-ledger', EVENTSTORE_PASSWORD_FILE: '/run/secrets/p' }));
      expect(both).toMatch(/carries a user name and password while EVENTSTORE_USERNAME is set/);
      expect(both).not.toMatch(/changeit/);
    });

    it('keeps the event limit within what one append may carry', () => {
      expect(problemOf(esdb('esdb://node1:2113', { MAX_EVENT_BYTES: '2000000' }))).toMatch(/MAX_EVENT_BYTES: 2000000 is more than EVENTSTORE_MAX_APPEND_BYTES \(1048576\)/);
      expect(esdb('esdb://node1:2113', { MAX_EVENT_BYTES: '2000000', EVENTSTORE_MAX_APPEND_BYTES: '4194304' })().eventStore).toMatchObject({ maxEventBytes: 2000000, maxAppendBytes: 4194304 });
    });
  });

  describe('the MongoDB URI', () => {
    const mongo = (uri: string, extra: Record<string, string> = {}) => () => loadConfig({ READ_STORE: 'mongodb', MONGODB_URI: uri, SIGNING_KEY_FILE: '/run/secrets/k', ...extra });

    it('refuses what the driver cannot parse, without quoting the password', () => {
      expect(() => mongo('mongodb://svc:pa55word@m1:27017/?replicaSet=rs0&nosuchoption=1')()).toThrow(/MONGODB_URI: the driver cannot parse it: option nosuchoption is not supported/);
      try {
        mongo('mongodb://svc:pa55word@m1:27017/?replicaSet=rs0&tls=perhaps')();
        throw new Error('expected a refusal');
      } catch (error) {
        expect((error as Error).message).toMatch(/MONGODB_URI/);
        expect((error as Error).message).not.toMatch(/pa55word/);
      }
    });

    it('takes the service user with its password file', () => {
      const config = mongo('mongodb://m1,m2,m3/?replicaSet=rs0&tls=true', { MONGODB_USERNAME: 'privacy-ledger', MONGODB_PASSWORD_FILE: '/run/secrets/mongodb-password' })();
      expect(config.readStore.mongodb).toEqual({ uri: 'mongodb://m1,m2,m3/?replicaSet=rs0&tls=true', database: 'privacy-ledger', credentials: { username: 'privacy-ledger', passwordFile: '/run/secrets/mongodb-password' } });
      expect(() => mongo('mongodb://u:p@m1/?replicaSet=rs0', { MONGODB_USERNAME: 'privacy-ledger', MONGODB_PASSWORD_FILE: '/run/secrets/p' })()).toThrow(/MONGODB_URI: carries a user name and password/);
    });
  });

  it('takes the signing key from an absolute path outside the data folder, and creates it only for the embedded default', () => {
    expect(loadConfig({ SIGNING_KEY_FILE: '/run/secrets/ledger-signing-key' }, '/srv').ledger).toMatchObject({ signingKeyFile: '/run/secrets/ledger-signing-key', createSigningKey: true });
    const shared = loadConfig({ READ_STORE: 'mongodb', MONGODB_URI: 'mongodb://m:27017/?replicaSet=rs0', SIGNING_KEY_FILE: '/run/secrets/ledger-signing-key' }, '/srv');
    expect(shared.ledger).toMatchObject({ signingKeyFile: '/run/secrets/ledger-signing-key', createSigningKey: false });
  });

  it('refuses to start on MongoDB without a signing key file of its own: a key in each host\'s data folder would differ per host', () => {
    const mongodb = { READ_STORE: 'mongodb', MONGODB_URI: 'mongodb://m:27017/?replicaSet=rs0' };
    expect(() => loadConfig(mongodb)).toThrow(/SIGNING_KEY_FILE: required with READ_STORE=mongodb.*would differ per host/);
    expect(() => loadConfig({ ...mongodb, SIGNING_KEY_FILE: '' })).toThrow(/SIGNING_KEY_FILE: required/);
    expect(() => loadConfig({ ...mongodb, SIGNING_KEY_FILE: 'ledger-signing-key.pem' })).toThrow(/SIGNING_KEY_FILE: ledger-signing-key.pem is relative to DATA_DIR/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(3000);
  });

  it('refuses bad values, naming every variable at fault', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', EVENT_STORE: 'oracle', MAX_EVENT_BYTES: '-1', LOG_LEVEL: 'loud', DIENSTEN: 'A,,B', DIENST_NAMES: 'A=Eén;A=Twee' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'EVENT_STORE', 'MAX_EVENT_BYTES', 'LOG_LEVEL', 'DIENSTEN', 'DIENST_NAMES']) expect(problems).toContain(name);
    }
  });

  it('reads the witnesses, their quorum and the trusted checkpoints', () => {
    const key = (name: string) => verifierKeyText(name, generateKeyPairSync('ed25519').publicKey, COSIGNATURE_V1);
    const [a, b] = [key('a.example/w'), key('b.example')];
    const config = loadConfig({ WITNESSES: `a.example/w=https://a.example/witness/=${a}, b.example=http://127.0.0.1:8080=${b}`, WITNESS_QUORUM: '1', TRUSTED_CHECKPOINTS_DIR: 'trusted' }, '/srv');
    expect(config.ledger).toMatchObject({
      witnesses: [
        { name: 'a.example/w', url: 'https://a.example/witness', verifierKey: a },
        { name: 'b.example', url: 'http://127.0.0.1:8080', verifierKey: b },
      ],
      witnessQuorum: 1,
      trustedCheckpointsDir: '/srv/trusted',
    });
    expect(() => loadConfig({ WITNESSES: `c.example=https://c.example=${a}` })).toThrow(/named c\.example/);
    expect(() => loadConfig({ WITNESSES: `a.example/w=https://a.example=${verifierKeyText('a.example/w', generateKeyPairSync('ed25519').publicKey)}` })).toThrow(/type 0x04/);
    expect(() => loadConfig({ WITNESSES: 'a.example=ftp://x=y' })).toThrow(/WITNESSES/);
    expect(() => loadConfig({ WITNESSES: `a.example/w=https://a.example=${a}`, WITNESS_QUORUM: '2' })).toThrow(/WITNESS_QUORUM/);
  });
});
