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
    /** Failed sign-ins in a row that lock the account. */
    lockoutThreshold: number;
    /** How long a locked account stays locked. */
    lockoutMinutes: number;
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
  /** Tests only: the worker's clock starts at this instant and runs on from there. */
  clockStart: Date | null;
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
  };
}

function authConfig(env: Env): AppConfig['auth'] {
  if (env.AUTH_TOKEN_TTL_MINUTES !== undefined && env.AUTH_TOKEN_TTL_MINUTES !== '') {
    throw new ConfigError(
      'AUTH_TOKEN_TTL_MINUTES',
      'is no longer read: set AUTH_ACCESS_TOKEN_TTL_MINUTES (access token) and AUTH_REFRESH_TOKEN_TTL_MINUTES (session) instead.',
    );
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
    lockoutThreshold: integer(env, 'AUTH_LOCKOUT_THRESHOLD', 5, 1, 100),
    lockoutMinutes: integer(env, 'AUTH_LOCKOUT_MINUTES', 15, 1, 24 * 60),
  };
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
  };
  if (production) checkProduction(config);
  return config;
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
