/**
 * All configuration, read from the environment once at start-up into typed groups. A wrong value
 * stops the process with a message that names the variable.
 */
export interface AppConfig {
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
    /** Load demo data when the database has none. Defaults to on for the embedded database only. */
    seed: boolean;
    /** The password every demo account gets. */
    password: string;
  };
  log: {
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    pretty: boolean;
  };
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
  return {
    http: {
      port: integer(env, 'PORT', 3000, 0, 65535),
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    },
    database: {
      url: databaseUrl,
      poolMax: integer(env, 'DATABASE_POOL_MAX', 10, 1, 200),
      dataDir: env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data',
      logQueries: flag(env, 'DATABASE_LOG_QUERIES', false),
    },
    auth: authConfig(env),
    demo: {
      seed: flag(env, 'DEMO_DATA', databaseUrl === null),
      password: demoPassword,
    },
    log: {
      level,
      pretty: flag(env, 'LOG_PRETTY', false),
    },
  };
}
