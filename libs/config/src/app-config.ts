import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';

/**
 * All configuration, read from the environment once at start-up into typed groups. A wrong value
 * stops the process with a message that names the variable.
 */
export interface AppConfig {
  /** NODE_ENV=production: a real PostgreSQL server is required and demo data is never loaded. */
  production: boolean;
  http: {
    port: number;
    /** Largest request body accepted, in bytes. */
    bodyLimitBytes: number;
    /** Public base URL used in links (mails, printed start banner). */
    publicUrl: string | null;
    /**
     * Which proxies' X-Forwarded-For is believed for the client's address (Express `trust proxy`):
     * false (none, the default), a number of hops, or addresses, subnets and Express's names.
     */
    trustProxy: false | number | string[];
    /** Requests one session may make per minute, counted per api process. */
    maxRequestsPerTokenPerMinute: number;
    /**
     * API_PROCESSES: how many api processes `node dist/apps/api/src/main.js` runs on this machine,
     * all on one port. The CPU count on a real PostgreSQL; always 1 with the embedded database.
     */
    processes: number;
  };
  database: {
    /** A real PostgreSQL server; null runs the embedded PGlite. */
    url: string | null;
    poolMax: number;
    /** Where the embedded database keeps its files. */
    dataDir: string;
    /** Log every SQL statement (development only). */
    logQueries: boolean;
  };
  auth: {
    /** How long an access token stays valid; refresh for a new one. */
    accessTokenTtlMinutes: number;
    /** How long a session lasts from sign-in: refresh tokens rotate within it but never extend it. */
    refreshTokenTtlMinutes: number;
    /** A session with no request for this long is refused; sign in again. */
    idleTimeoutMinutes: number;
    attempts: AttemptLimits;
  };
  demo: {
    /**
     * Load demo data when the database has none. Defaults to on for the embedded database only;
     * never in production. Without it, an empty database gets one system administrator instead.
     */
    seed: boolean;
    /** The password every demo account gets. */
    password: string;
  };
  log: {
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    pretty: boolean;
  };
  mail: MailConfig;
  worker: WorkerConfig;
  history: HistoryConfig;
  seal: SealConfig;
  retention: RetentionConfig;
  observability: ObservabilityConfig;
}

/** Metrics and shutdown (see docs/operations.md#metrics-and-health). */
export interface ObservabilityConfig {
  /** METRICS_TOKEN: the Bearer token GET /api/metrics asks for; null turns the route off (404). */
  metricsToken: string | null;
  /** WORKER_METRICS_PORT: the worker's own metrics listener; null runs none. */
  workerMetricsPort: number | null;
  /** WORKER_METRICS_HOST: the address it binds, the loopback unless set. */
  workerMetricsHost: string;
  /** SHUTDOWN_GRACE_MS: how long a SIGTERM waits for requests in flight (and the worker for its mails). */
  shutdownGraceMs: number;
  /**
   * SHUTDOWN_DRAIN_MS: how long an api process keeps taking new connections after a SIGTERM turned
   * it not-ready, so that a balancer polling `/api/health/ready` stops sending it requests before
   * its listener closes. 0 (the default) closes the listener at once.
   */
  shutdownDrainMs: number;
}

/** Shorter tokens are guessable; `openssl rand -hex 32` gives 64 characters. */
export const METRICS_TOKEN_MIN_LENGTH = 32;

/** What the worker's daily purge may delete, and when. History is never purged. */
export interface RetentionConfig {
  /** Security events older than this are deleted; at least 180 days (等保 2.0). */
  securityEventsDays: number;
  /** Sessions are deleted this long after they ended (expired or signed out). */
  endedSessionsDays: number;
  /** An Idempotency-Key is replayed for at least this long, then forgotten. */
  idempotencyKeyHours: number;
  /** The payload (the text rendered into a mail) of a mail delivered or dropped this long ago is cleared. */
  mailBodiesDays: number;
}

/** 等保 2.0 asks for security audit records of at least six months. */
export const SECURITY_EVENTS_MIN_DAYS = 180;

export interface HistoryConfig {
  /** HISTORY_KEY: the secret new history links are keyed with; null lets the embedded demo keep its own in DATA_DIR. */
  key: Buffer | null;
  /** HISTORY_KEYS_OLD: retired keys, still accepted for the links they made. */
  oldKeys: Buffer[];
  /** A start refuses to run without HISTORY_KEY: in production, and on a real PostgreSQL server. */
  keyRequired: boolean;
}

/** The key units' seal private keys are encrypted with at rest (AES-256-GCM); see docs/architecture.md#electronic-seals. */
export interface SealConfig {
  /** SEAL_KEY_ENCRYPTION_KEY: 32 bytes; null lets the embedded demo keep its own in DATA_DIR, and elsewhere seals cannot be set up. */
  keyEncryptionKey: Buffer | null;
  /** SEAL_KEY_ENCRYPTION_KEYS_OLD: retired keys, still used to open the private keys they encrypted. */
  oldKeys: Buffer[];
}

/**
 * Ceilings on sign-in and refresh attempts per window, counted in the database so that they hold
 * across api processes. A sign-in or refresh that succeeds is not counted.
 */
export interface AttemptLimits {
  windowMinutes: number;
  /** Sign-ins (and password changes) that fail for one user name from one address. */
  signInPerAccountAddress: number;
  /** Sign-ins that fail for one user name from anywhere. */
  signInPerAccount: number;
  /** Sign-ins that fail from one address, whatever the user name. */
  signInPerAddress: number;
  /** Refreshes of one person's sessions. */
  refreshPerAccount: number;
  /** Refreshes that fail from one address. */
  refreshFailuresPerAddress: number;
}

export interface MailConfig {
  /** smtp:// or smtps:// of the outgoing mail server; null writes every message to the local mailbox. */
  smtpUrl: string | null;
  /** The From header, e.g. '绩效自评 <noreply@jixiao.local>'. */
  from: string;
  /** Where the local mailbox keeps its messages (DATA_DIR/mailbox). */
  mailboxDir: string;
}

export interface WorkerConfig {
  /** Run the worker inside the API process: the default with the embedded database (one connection). */
  inProcess: boolean;
  /** How often the delivery loop looks for due mail, besides the queue's once-a-minute schedule. */
  pollIntervalMs: number;
  /** How long a claimed row stays with its worker; after that another worker may take it over. */
  leaseSeconds: number;
  /** Delivery attempts before a row is marked failed. */
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long. */
  retryBaseSeconds: number;
  /** Rows claimed per round. */
  batchSize: number;
  /** Where the delivery loop stops on purpose, killing its process (tests of crash recovery only). */
  crashAt: 'before-send' | 'after-send' | null;
  /** Tests only: deliver the mail of these organisations' people, so parallel suites never take each other's rows. */
  onlyOrganisationIds: string[] | null;
  /** Tests only: the worker's clock (and an api process's) starts at this instant and runs on from there. */
  clockStart: Date | null;
  /**
   * JIXIAO_TEST_CLOCK_FILE (tests only): a file holding an ISO instant that is the product's time
   * in every process that reads it, until the file changes. The season simulation (bench/season)
   * moves it working day by working day; the worker sweeps and delivers on each change.
   */
  clockFile: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error in ${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}".`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}.`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}".`);
}

function url(env: Env, name: string, protocols: readonly string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL.');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a URL starting with ${protocols.join(' or ')}, got ${parsed.protocol}.`);
  }
  return raw;
}

function mailConfig(env: Env, dataDir: string): MailConfig {
  const from = env.MAIL_FROM && env.MAIL_FROM !== '' ? env.MAIL_FROM : '绩效自评 <noreply@jixiao.local>';
  if (!/<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/.test(from)) {
    throw new ConfigError('MAIL_FROM', `expected an address like "绩效自评 <noreply@example.gov.cn>", got "${from}".`);
  }
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  if (smtpUrl !== null && new URL(smtpUrl).hostname === '') throw new ConfigError('SMTP_URL', 'names no mail server host, e.g. smtp://mail.example.gov.cn:25.');
  return {
    smtpUrl,
    from,
    mailboxDir: `${dataDir.replace(/\/+$/, '')}/mailbox`,
  };
}

const CRASH_POINTS = ['before-send', 'after-send'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A setting that only tests may use: refused outside NODE_ENV=test, so it is never left on by mistake. */
function testOnly(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (env.NODE_ENV !== 'test') throw new ConfigError(name, 'is a test setting and is honoured only with NODE_ENV=test.');
  return raw;
}

function workerConfig(env: Env, embedded: boolean): WorkerConfig {
  const crash = testOnly(env, 'JIXIAO_WORKER_CRASH_AT');
  if (crash !== null && !(CRASH_POINTS as readonly string[]).includes(crash)) {
    throw new ConfigError('JIXIAO_WORKER_CRASH_AT', `expected one of ${CRASH_POINTS.join(', ')}.`);
  }
  const only = testOnly(env, 'JIXIAO_WORKER_ONLY_ORGANISATIONS');
  const onlyOrganisationIds = only === null ? null : only.split(',').map((id) => id.trim());
  if (onlyOrganisationIds?.some((id) => !UUID.test(id))) throw new ConfigError('JIXIAO_WORKER_ONLY_ORGANISATIONS', 'expected organisation ids (UUIDs) separated by commas.');
  const clock = testOnly(env, 'JIXIAO_TEST_CLOCK_START');
  const clockStart = clock === null ? null : new Date(clock);
  if (clockStart !== null && Number.isNaN(clockStart.getTime())) throw new ConfigError('JIXIAO_TEST_CLOCK_START', `expected an ISO instant, got "${clock}".`);
  const clockFile = testOnly(env, 'JIXIAO_TEST_CLOCK_FILE');
  if (clockFile !== null && clockStart !== null) throw new ConfigError('JIXIAO_TEST_CLOCK_FILE', 'set either JIXIAO_TEST_CLOCK_START or JIXIAO_TEST_CLOCK_FILE, not both.');
  return {
    inProcess: flag(env, 'WORKER_IN_PROCESS', embedded),
    pollIntervalMs: integer(env, 'WORKER_POLL_INTERVAL_MS', 5000, 50, 60 * 60 * 1000),
    leaseSeconds: integer(env, 'MAIL_LEASE_SECONDS', 300, 1, 24 * 3600),
    maxAttempts: integer(env, 'MAIL_MAX_ATTEMPTS', 6, 1, 50),
    retryBaseSeconds: integer(env, 'MAIL_RETRY_BASE_SECONDS', 60, 0, 24 * 3600),
    batchSize: integer(env, 'MAIL_BATCH_SIZE', 50, 1, 1000),
    crashAt: crash as WorkerConfig['crashAt'],
    onlyOrganisationIds,
    clockStart,
    clockFile,
  };
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: off unless set, since a client that is trusted can name any address it likes. */
function trustProxy(env: Env): AppConfig['http']['trustProxy'] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    throw new ConfigError('TRUST_PROXY', 'would believe any client\'s X-Forwarded-For: name the proxy instead (its address or subnet, "loopback", or a number of hops).');
  }
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 10);
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address ?? '');
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32));
    if (!PROXY_NAMES.includes(entry) && (version === 0 || !prefixOk || rest.length > 0)) {
      throw new ConfigError('TRUST_PROXY', `expected proxy addresses or subnets (10.0.0.5, 172.18.0.0/16), ${PROXY_NAMES.join(', ')} or a number of hops, got "${entry}".`);
    }
  }
  return entries;
}

function attemptLimits(env: Env): AttemptLimits {
  const perAccountAddress = integer(env, 'AUTH_SIGNIN_MAX_PER_ACCOUNT_ADDRESS', 5, 1, 1000);
  const perAccount = integer(env, 'AUTH_SIGNIN_MAX_PER_ACCOUNT', 30, 1, 10_000);
  if (perAccount < perAccountAddress) {
    throw new ConfigError('AUTH_SIGNIN_MAX_PER_ACCOUNT', `must be at least AUTH_SIGNIN_MAX_PER_ACCOUNT_ADDRESS (${perAccountAddress}), got ${perAccount}.`);
  }
  return {
    windowMinutes: integer(env, 'AUTH_ATTEMPT_WINDOW_MINUTES', 15, 1, 24 * 60),
    signInPerAccountAddress: perAccountAddress,
    signInPerAccount: perAccount,
    signInPerAddress: integer(env, 'AUTH_SIGNIN_MAX_PER_ADDRESS', 50, 1, 100_000),
    refreshPerAccount: integer(env, 'AUTH_REFRESH_MAX_PER_ACCOUNT', 30, 1, 10_000),
    refreshFailuresPerAddress: integer(env, 'AUTH_REFRESH_MAX_FAILURES_PER_ADDRESS', 100, 1, 100_000),
  };
}

/** Variables that are no longer read, with what replaced them: a setting left behind stops the start. */
const REPLACED: Record<string, string> = {
  AUTH_TOKEN_TTL_MINUTES: 'is no longer read: set AUTH_ACCESS_TOKEN_TTL_MINUTES (access token) and AUTH_REFRESH_TOKEN_TTL_MINUTES (session) instead.',
  AUTH_LOCKOUT_THRESHOLD:
    'is no longer read: accounts are not locked any more; failed sign-ins are limited by AUTH_SIGNIN_MAX_PER_ACCOUNT_ADDRESS, AUTH_SIGNIN_MAX_PER_ACCOUNT and AUTH_SIGNIN_MAX_PER_ADDRESS (see docs/operations.md).',
  AUTH_LOCKOUT_MINUTES: 'is no longer read: accounts are not locked any more; the sign-in limits count over AUTH_ATTEMPT_WINDOW_MINUTES instead.',
};

function authConfig(env: Env): AppConfig['auth'] {
  for (const [variable, problem] of Object.entries(REPLACED)) {
    if (env[variable] !== undefined && env[variable] !== '') throw new ConfigError(variable, problem);
  }
  const accessTokenTtlMinutes = integer(env, 'AUTH_ACCESS_TOKEN_TTL_MINUTES', 15, 1, 24 * 60);
  const refreshTokenTtlMinutes = integer(env, 'AUTH_REFRESH_TOKEN_TTL_MINUTES', 8 * 60, 1, 30 * 24 * 60);
  if (accessTokenTtlMinutes > refreshTokenTtlMinutes) {
    throw new ConfigError(
      'AUTH_ACCESS_TOKEN_TTL_MINUTES',
      `must not exceed AUTH_REFRESH_TOKEN_TTL_MINUTES (${refreshTokenTtlMinutes}), got ${accessTokenTtlMinutes}.`,
    );
  }
  return {
    accessTokenTtlMinutes,
    refreshTokenTtlMinutes,
    idleTimeoutMinutes: integer(env, 'AUTH_IDLE_TIMEOUT_MINUTES', 30, 2, 24 * 60),
    attempts: attemptLimits(env),
  };
}

const HEX_KEY = /^[0-9a-f]{64}$/i;

function historyKey(name: string, raw: string): Buffer {
  if (!HEX_KEY.test(raw)) throw new ConfigError(name, `expected 64 hexadecimal characters (32 random bytes, e.g. from \`openssl rand -hex 32\`), got ${raw.length} characters.`);
  return Buffer.from(raw, 'hex');
}

function historyConfig(env: Env, databaseUrl: string | null): HistoryConfig {
  const raw = env.HISTORY_KEY ?? '';
  const key = raw === '' ? null : historyKey('HISTORY_KEY', raw);
  const oldKeys = (env.HISTORY_KEYS_OLD ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => historyKey('HISTORY_KEYS_OLD', item));
  return { key, oldKeys, keyRequired: env.NODE_ENV === 'production' || databaseUrl !== null };
}

/**
 * Stops a start that would write history without HISTORY_KEY where it is required. Tools that only
 * read (verify:history) may run without it.
 */
export function assertHistoryKey(config: AppConfig): void {
  if (config.history.key === null && config.history.keyRequired) {
    throw new ConfigError(
      'HISTORY_KEY',
      'is required in production and on a real PostgreSQL server: the case history is linked with it. Set it to 64 hexadecimal characters (`openssl rand -hex 32`) and keep it outside the database.',
    );
  }
}

const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;

/** 32 bytes as 64 hexadecimal characters or as base64 (44 characters ending in one `=`). */
function sealKey(name: string, raw: string): Buffer {
  if (HEX_KEY.test(raw)) return Buffer.from(raw, 'hex');
  if (BASE64_KEY.test(raw)) return Buffer.from(raw, 'base64');
  throw new ConfigError(
    name,
    `expected 32 random bytes as 64 hexadecimal characters (\`openssl rand -hex 32\`) or as base64 (\`openssl rand -base64 32\`), got ${raw.length} characters.`,
  );
}

function sealConfig(env: Env): SealConfig {
  const raw = (env.SEAL_KEY_ENCRYPTION_KEY ?? '').trim();
  const keyEncryptionKey = raw === '' ? null : sealKey('SEAL_KEY_ENCRYPTION_KEY', raw);
  const oldKeys = (env.SEAL_KEY_ENCRYPTION_KEYS_OLD ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => sealKey('SEAL_KEY_ENCRYPTION_KEYS_OLD', item));
  if (keyEncryptionKey === null && oldKeys.length > 0) {
    throw new ConfigError('SEAL_KEY_ENCRYPTION_KEY', 'is missing while SEAL_KEY_ENCRYPTION_KEYS_OLD names retired keys: set the current key as well.');
  }
  return { keyEncryptionKey, oldKeys };
}

const MAX_API_PROCESSES = 64;

function apiProcesses(env: Env, embedded: boolean): number {
  const raw = env.API_PROCESSES ?? '';
  if (embedded) {
    if (raw !== '' && raw !== '1') {
      throw new ConfigError(
        'API_PROCESSES',
        `must be 1 with the embedded database (no DATABASE_URL), got "${raw}": PGlite serves one connection, so one process. Set DATABASE_URL to a PostgreSQL server to run several api processes.`,
      );
    }
    return 1;
  }
  return integer(env, 'API_PROCESSES', Math.min(availableParallelism(), MAX_API_PROCESSES), 1, MAX_API_PROCESSES);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const level = (env.LOG_LEVEL ?? 'info') as AppConfig['log']['level'];
  if (!LOG_LEVELS.includes(level)) throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}.`);
  const demoPassword = env.DEMO_PASSWORD ?? 'Jixiao@2024';
  if (demoPassword.length < 8) throw new ConfigError('DEMO_PASSWORD', 'must be at least 8 characters long.');
  const dataDir = env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data';
  const production = env.NODE_ENV === 'production';
  const seed = flag(env, 'DEMO_DATA', databaseUrl === null && !production);
  const config: AppConfig = {
    production,
    http: {
      port: integer(env, 'PORT', 3000, 0, 65535),
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
      trustProxy: trustProxy(env),
      maxRequestsPerTokenPerMinute: integer(env, 'API_MAX_REQUESTS_PER_MINUTE', 1200, 1, 1_000_000),
      processes: apiProcesses(env, databaseUrl === null),
    },
    database: {
      url: databaseUrl,
      poolMax: integer(env, 'DATABASE_POOL_MAX', 10, 1, 200),
      dataDir,
      logQueries: flag(env, 'DATABASE_LOG_QUERIES', false),
    },
    auth: authConfig(env),
    demo: {
      seed,
      password: demoPassword,
    },
    log: {
      level,
      pretty: flag(env, 'LOG_PRETTY', false),
    },
    mail: mailConfig(env, dataDir),
    worker: workerConfig(env, databaseUrl === null),
    history: historyConfig(env, databaseUrl),
    seal: sealConfig(env),
    retention: retentionConfig(env),
    observability: observabilityConfig(env),
  };
  if (production) checkProduction(config);
  return config;
}

function observabilityConfig(env: Env): ObservabilityConfig {
  const token = env.METRICS_TOKEN ?? '';
  if (token !== '' && (token.length < METRICS_TOKEN_MIN_LENGTH || !/^[\x21-\x7e]+$/.test(token))) {
    throw new ConfigError('METRICS_TOKEN', `expected at least ${METRICS_TOKEN_MIN_LENGTH} printable characters without spaces (e.g. \`openssl rand -hex 32\`), got ${token.length} characters.`);
  }
  const port = env.WORKER_METRICS_PORT ?? '';
  const host = (env.WORKER_METRICS_HOST ?? '').trim() || '127.0.0.1';
  if (isIP(host) === 0 && host !== 'localhost') throw new ConfigError('WORKER_METRICS_HOST', `expected an IP address to bind, got "${host}".`);
  return {
    metricsToken: token === '' ? null : token,
    workerMetricsPort: port === '' ? null : integer(env, 'WORKER_METRICS_PORT', 0, 0, 65535),
    workerMetricsHost: host,
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 10 * 60 * 1000),
    shutdownDrainMs: integer(env, 'SHUTDOWN_DRAIN_MS', 0, 0, 5 * 60 * 1000),
  };
}

function retentionConfig(env: Env): RetentionConfig {
  const raw = env.RETENTION_SECURITY_EVENTS_DAYS;
  if (raw !== undefined && /^\d+$/.test(raw) && Number(raw) < SECURITY_EVENTS_MIN_DAYS) {
    throw new ConfigError('RETENTION_SECURITY_EVENTS_DAYS', `must be at least ${SECURITY_EVENTS_MIN_DAYS}: 等保 2.0 asks that security events be kept six months; got ${raw}.`);
  }
  return {
    securityEventsDays: integer(env, 'RETENTION_SECURITY_EVENTS_DAYS', 365, SECURITY_EVENTS_MIN_DAYS, 36_500),
    endedSessionsDays: integer(env, 'RETENTION_ENDED_SESSIONS_DAYS', 7, 1, 3650),
    idempotencyKeyHours: integer(env, 'RETENTION_IDEMPOTENCY_KEY_HOURS', 72, 24, 24 * 3650),
    mailBodiesDays: integer(env, 'RETENTION_MAIL_BODIES_DAYS', 90, 1, 36_500),
  };
}

/** Checked last, so that a wrong value of any other variable is named first. */
function checkProduction(config: AppConfig): void {
  if (config.demo.seed) {
    throw new ConfigError(
      'DEMO_DATA',
      'must not be true with NODE_ENV=production: demo accounts share a published password. Remove it; an empty database gets one administrator with a one-time password instead.',
    );
  }
  if (config.database.url === null) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required with NODE_ENV=production: set it to the PostgreSQL server (postgres://user:password@host:5432/jixiao). The embedded database is for trying Jixiao out (npm start without NODE_ENV).',
    );
  }
}
