import { availableParallelism } from 'node:os';
import { assertHistoryKey, ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('runs the embedded database with demo data when no DATABASE_URL is set', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ url: null, dataDir: './data' });
    expect(config.demo.seed).toBe(true);
    expect(config.http).toMatchObject({ port: 3000, bodyLimitBytes: 1024 * 1024 });
  });

  it('uses a real server without demo data when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/jixiao', DATABASE_POOL_MAX: '25' });
    expect(config.database).toMatchObject({ url: 'postgres://app@db:5432/jixiao', poolMax: 25 });
    expect(config.demo.seed).toBe(false);
  });

  it('runs one api process per CPU on a real server, and exactly one on the embedded database', () => {
    const server = 'postgres://app@db:5432/jixiao';
    expect(loadConfig({ DATABASE_URL: server }).http.processes).toBe(Math.min(availableParallelism(), 64));
    expect(loadConfig({ DATABASE_URL: server, API_PROCESSES: '3' }).http.processes).toBe(3);
    expect(loadConfig({ DATABASE_URL: server, API_PROCESSES: '64' }).http.processes).toBe(64);
    expect(loadConfig({}).http.processes).toBe(1);
    expect(loadConfig({ API_PROCESSES: '1' }).http.processes).toBe(1);
  });

  it.each([
    [{ DATABASE_URL: 'postgres://app@db:5432/jixiao', API_PROCESSES: '0' }, /API_PROCESSES: expected a number from 1 to 64, got 0/],
    [{ DATABASE_URL: 'postgres://app@db:5432/jixiao', API_PROCESSES: '65' }, /API_PROCESSES: expected a number from 1 to 64, got 65/],
    [{ DATABASE_URL: 'postgres://app@db:5432/jixiao', API_PROCESSES: 'all' }, /API_PROCESSES: expected a whole number/],
    [{ API_PROCESSES: '2' }, /API_PROCESSES: must be 1 with the embedded database.*PGlite serves one connection/],
  ])('refuses API_PROCESSES %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('keeps access tokens short and limits failed sign-ins per pair, account and address by default', () => {
    expect(loadConfig({}).auth).toEqual({
      accessTokenTtlMinutes: 15,
      refreshTokenTtlMinutes: 480,
      idleTimeoutMinutes: 30,
      attempts: {
        windowMinutes: 15,
        signInPerAccountAddress: 5,
        signInPerAccount: 30,
        signInPerAddress: 50,
        refreshPerAccount: 30,
        refreshFailuresPerAddress: 100,
      },
    });
    expect(loadConfig({}).http).toMatchObject({ trustProxy: false, maxRequestsPerTokenPerMinute: 1200 });
  });

  it('reads the account security settings', () => {
    const config = loadConfig({
      AUTH_ACCESS_TOKEN_TTL_MINUTES: '5',
      AUTH_REFRESH_TOKEN_TTL_MINUTES: '60',
      AUTH_IDLE_TIMEOUT_MINUTES: '10',
      AUTH_ATTEMPT_WINDOW_MINUTES: '30',
      AUTH_SIGNIN_MAX_PER_ACCOUNT_ADDRESS: '3',
      AUTH_SIGNIN_MAX_PER_ACCOUNT: '12',
      AUTH_SIGNIN_MAX_PER_ADDRESS: '200',
      AUTH_REFRESH_MAX_PER_ACCOUNT: '10',
      AUTH_REFRESH_MAX_FAILURES_PER_ADDRESS: '40',
      API_MAX_REQUESTS_PER_MINUTE: '300',
    });
    expect(config.auth).toEqual({
      accessTokenTtlMinutes: 5,
      refreshTokenTtlMinutes: 60,
      idleTimeoutMinutes: 10,
      attempts: { windowMinutes: 30, signInPerAccountAddress: 3, signInPerAccount: 12, signInPerAddress: 200, refreshPerAccount: 10, refreshFailuresPerAddress: 40 },
    });
    expect(config.http.maxRequestsPerTokenPerMinute).toBe(300);
  });

  it.each([
    ['', false],
    ['off', false],
    ['1', 1],
    ['loopback', ['loopback']],
    ['10.0.0.5, 172.18.0.0/16,loopback', ['10.0.0.5', '172.18.0.0/16', 'loopback']],
    ['fd00::/8', ['fd00::/8']],
  ])('reads TRUST_PROXY=%j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it.each([['true'], ['everyone'], ['10.0.0.300'], ['10.0.0.0/33'], ['11']])('refuses TRUST_PROXY=%j, naming it', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });

  it.each([['AUTH_LOCKOUT_THRESHOLD'], ['AUTH_LOCKOUT_MINUTES']])('stops when the retired %s is still set, naming what replaced it', (variable) => {
    expect(() => loadConfig({ [variable]: '5' })).toThrow(new RegExp(`${variable}.*(AUTH_SIGNIN_MAX_PER_ACCOUNT|AUTH_ATTEMPT_WINDOW_MINUTES)`));
  });

  it('stops when the per-account ceiling is below the per-pair one', () => {
    expect(() => loadConfig({ AUTH_SIGNIN_MAX_PER_ACCOUNT_ADDRESS: '10', AUTH_SIGNIN_MAX_PER_ACCOUNT: '5' })).toThrow(/AUTH_SIGNIN_MAX_PER_ACCOUNT/);
  });

  it('stops when the replaced AUTH_TOKEN_TTL_MINUTES is still set, naming its successors', () => {
    expect(() => loadConfig({ AUTH_TOKEN_TTL_MINUTES: '480' })).toThrow(/AUTH_TOKEN_TTL_MINUTES.*AUTH_ACCESS_TOKEN_TTL_MINUTES.*AUTH_REFRESH_TOKEN_TTL_MINUTES/);
  });

  it('stops when the access token would outlive the session', () => {
    expect(() => loadConfig({ AUTH_ACCESS_TOKEN_TTL_MINUTES: '90', AUTH_REFRESH_TOKEN_TTL_MINUTES: '60' })).toThrow(/AUTH_ACCESS_TOKEN_TTL_MINUTES/);
  });

  it.each([
    ['AUTH_ACCESS_TOKEN_TTL_MINUTES', '0'],
    ['AUTH_REFRESH_TOKEN_TTL_MINUTES', 'eight hours'],
    ['AUTH_IDLE_TIMEOUT_MINUTES', '1'],
    ['AUTH_SIGNIN_MAX_PER_ADDRESS', '0'],
    ['AUTH_ATTEMPT_WINDOW_MINUTES', '-5'],
    ['API_MAX_REQUESTS_PER_MINUTE', 'lots'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOL_MAX', '0'],
    ['DEMO_DATA', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['DEMO_PASSWORD', 'short'],
  ])('stops with a message naming %s when it is %s', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });
});

describe('mail and worker configuration', () => {
  it('writes mail to the local mailbox under the data directory and runs the worker in the API when embedded', () => {
    const config = loadConfig({ DATA_DIR: '/var/lib/jixiao/' });
    expect(config.mail).toEqual({ smtpUrl: null, from: '绩效自评 <noreply@jixiao.local>', mailboxDir: '/var/lib/jixiao/mailbox' });
    expect(config.worker).toMatchObject({ inProcess: true, pollIntervalMs: 5000, leaseSeconds: 300, maxAttempts: 6, retryBaseSeconds: 60, crashAt: null, onlyOrganisationIds: null, clockStart: null, clockFile: null });
  });

  it('sends through SMTP_URL and expects a separate worker with a real database', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/jixiao', SMTP_URL: 'smtps://user:secret@mail.example.gov.cn:465', MAIL_FROM: 'noreply@example.gov.cn' });
    expect(config.mail).toMatchObject({ smtpUrl: 'smtps://user:secret@mail.example.gov.cn:465', from: 'noreply@example.gov.cn' });
    expect(config.worker.inProcess).toBe(false);
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example' }, /SMTP_URL.*smtp: or smtps:/],
    [{ SMTP_URL: 'not a url' }, /SMTP_URL/],
    [{ SMTP_URL: 'smtp://' }, /SMTP_URL.*host/],
    [{ MAIL_FROM: '绩效自评' }, /MAIL_FROM/],
    [{ MAIL_LEASE_SECONDS: '0' }, /MAIL_LEASE_SECONDS/],
    [{ MAIL_MAX_ATTEMPTS: 'many' }, /MAIL_MAX_ATTEMPTS/],
    [{ WORKER_POLL_INTERVAL_MS: '10' }, /WORKER_POLL_INTERVAL_MS/],
    [{ WORKER_IN_PROCESS: 'maybe' }, /WORKER_IN_PROCESS/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('honours the crash point, the delivery scope and the clock of tests only with NODE_ENV=test', () => {
    expect(() => loadConfig({ JIXIAO_WORKER_CRASH_AT: 'before-send' })).toThrow(/JIXIAO_WORKER_CRASH_AT.*NODE_ENV=test/);
    expect(() => loadConfig({ JIXIAO_TEST_CLOCK_START: '2025-03-12T02:00:00Z', NODE_ENV: 'production' })).toThrow(/JIXIAO_TEST_CLOCK_START/);
    expect(() => loadConfig({ NODE_ENV: 'test', JIXIAO_WORKER_CRASH_AT: 'during-send' })).toThrow(/before-send, after-send/);
    expect(() => loadConfig({ NODE_ENV: 'test', JIXIAO_WORKER_ONLY_ORGANISATIONS: 'abc' })).toThrow(/JIXIAO_WORKER_ONLY_ORGANISATIONS/);
    const config = loadConfig({
      NODE_ENV: 'test',
      JIXIAO_WORKER_CRASH_AT: 'after-send',
      JIXIAO_TEST_CLOCK_START: '2025-03-12T02:00:00Z',
      JIXIAO_WORKER_ONLY_ORGANISATIONS: '5b2d3c1e-0000-4000-8000-000000000001',
    });
    expect(config.worker).toMatchObject({ crashAt: 'after-send', clockStart: new Date('2025-03-12T02:00:00Z'), onlyOrganisationIds: ['5b2d3c1e-0000-4000-8000-000000000001'] });
  });

  it('takes a clock file in tests only, and not beside a clock start', () => {
    expect(() => loadConfig({ JIXIAO_TEST_CLOCK_FILE: '/tmp/clock' })).toThrow(/JIXIAO_TEST_CLOCK_FILE.*NODE_ENV=test/);
    expect(() => loadConfig({ NODE_ENV: 'test', JIXIAO_TEST_CLOCK_FILE: '/tmp/clock', JIXIAO_TEST_CLOCK_START: '2025-03-12T02:00:00Z' })).toThrow(/not both/);
    expect(loadConfig({ NODE_ENV: 'test', JIXIAO_TEST_CLOCK_FILE: '/tmp/clock' }).worker.clockFile).toBe('/tmp/clock');
  });

  it('reads the history key and the retired ones, and names the variable of a malformed one', () => {
    const key = 'ab'.repeat(32);
    const config = loadConfig({ HISTORY_KEY: key, HISTORY_KEYS_OLD: ` ${'cd'.repeat(32)}, ${'ef'.repeat(32)} ` });
    expect(config.history.key).toEqual(Buffer.from(key, 'hex'));
    expect(config.history.oldKeys).toEqual([Buffer.from('cd'.repeat(32), 'hex'), Buffer.from('ef'.repeat(32), 'hex')]);
    expect(() => loadConfig({ HISTORY_KEY: 'secret' })).toThrow(/HISTORY_KEY.*64 hexadecimal characters/);
    expect(() => loadConfig({ HISTORY_KEY: 'ab'.repeat(31) })).toThrow(ConfigError);
    expect(() => loadConfig({ HISTORY_KEY: key, HISTORY_KEYS_OLD: 'zz'.repeat(32) })).toThrow(/HISTORY_KEYS_OLD/);
  });

  it('refuses to start without a history key in production or on a real server, and lets the embedded demo keep its own', () => {
    expect(() => assertHistoryKey(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db:5432/jixiao' }))).toThrow(/HISTORY_KEY.*required/);
    expect(() => assertHistoryKey(loadConfig({ DATABASE_URL: 'postgres://app@db:5432/jixiao' }))).toThrow(/HISTORY_KEY/);
    expect(() => assertHistoryKey(loadConfig({}))).not.toThrow();
    expect(loadConfig({}).history).toEqual({ key: null, oldKeys: [], keyRequired: false });
    expect(() => assertHistoryKey(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db:5432/jixiao', HISTORY_KEY: 'ab'.repeat(32) }))).not.toThrow();
  });
});

describe('configuration of a production start (NODE_ENV=production)', () => {
  const server = { NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db:5432/jixiao' };

  it('never loads demo data, and says it is a production start', () => {
    const config = loadConfig(server);
    expect(config.production).toBe(true);
    expect(config.demo.seed).toBe(false);
  });

  it('refuses DEMO_DATA=true, naming the variable', () => {
    expect(() => loadConfig({ ...server, DEMO_DATA: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...server, DEMO_DATA: 'true' })).toThrow(/DEMO_DATA.*NODE_ENV=production/);
    expect(loadConfig({ ...server, DEMO_DATA: 'false' }).demo.seed).toBe(false);
  });

  it('refuses to start without DATABASE_URL instead of running the embedded demo database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL.*NODE_ENV=production/);
  });

  it('keeps `npm start` without NODE_ENV a demo on the embedded database', () => {
    const config = loadConfig({});
    expect(config.production).toBe(false);
    expect(config.demo.seed).toBe(true);
    expect(config.database.url).toBeNull();
  });
});

describe('retention configuration', () => {
  it('keeps security events a year, ended sessions a week, idempotency keys three days and mail texts 90 days by default', () => {
    expect(loadConfig({}).retention).toEqual({ securityEventsDays: 365, endedSessionsDays: 7, idempotencyKeyHours: 72, mailBodiesDays: 90 });
  });

  it('refuses to keep security events less than 180 days, naming the variable and the reason', () => {
    expect(() => loadConfig({ RETENTION_SECURITY_EVENTS_DAYS: '90' })).toThrow(/RETENTION_SECURITY_EVENTS_DAYS.*at least 180.*等保 2\.0/);
    expect(loadConfig({ RETENTION_SECURITY_EVENTS_DAYS: '180' }).retention.securityEventsDays).toBe(180);
  });

  it.each([
    ['RETENTION_SECURITY_EVENTS_DAYS', 'forever'],
    ['RETENTION_ENDED_SESSIONS_DAYS', '0'],
    ['RETENTION_IDEMPOTENCY_KEY_HOURS', '12'],
    ['RETENTION_MAIL_BODIES_DAYS', '-1'],
  ])('stops with a message naming %s when it is %s', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });
});

describe('metrics and shutdown configuration', () => {
  it('turns metrics off, runs no worker listener, closes the listener at once and waits 10 s for requests in flight by default', () => {
    expect(loadConfig({}).observability).toEqual({ metricsToken: null, workerMetricsPort: null, workerMetricsHost: '127.0.0.1', shutdownGraceMs: 10_000, shutdownDrainMs: 0 });
  });

  it('takes a long enough token, a worker port and address, a grace and a drain', () => {
    const token = 'a1'.repeat(32);
    const env = { METRICS_TOKEN: token, WORKER_METRICS_PORT: '9464', WORKER_METRICS_HOST: '10.0.0.5', SHUTDOWN_GRACE_MS: '30000', SHUTDOWN_DRAIN_MS: '5000' };
    expect(loadConfig(env).observability).toEqual({
      metricsToken: token,
      workerMetricsPort: 9464,
      workerMetricsHost: '10.0.0.5',
      shutdownGraceMs: 30_000,
      shutdownDrainMs: 5_000,
    });
  });

  it.each([
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', `${'a'.repeat(40)} b`],
    ['WORKER_METRICS_PORT', '70000'],
    ['WORKER_METRICS_HOST', 'example.org'],
    ['SHUTDOWN_GRACE_MS', 'soon'],
    ['SHUTDOWN_DRAIN_MS', '-1'],
    ['SHUTDOWN_DRAIN_MS', '600000'],
  ])('stops with a message naming %s when it is %s', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });
});

describe('the seal key encryption key', () => {
  const hex = 'a1'.repeat(32);

  it('is absent unless set', () => {
    expect(loadConfig({}).seal).toEqual({ keyEncryptionKey: null, oldKeys: [] });
  });

  it('reads 32 bytes written in hexadecimal or in base64, and retired keys beside it', () => {
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ SEAL_KEY_ENCRYPTION_KEY: hex }).seal.keyEncryptionKey).toEqual(Buffer.from(hex, 'hex'));
    const config = loadConfig({ SEAL_KEY_ENCRYPTION_KEY: base64, SEAL_KEY_ENCRYPTION_KEYS_OLD: `${hex}, ${base64}` });
    expect(config.seal.keyEncryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(config.seal.oldKeys).toEqual([Buffer.from(hex, 'hex'), Buffer.alloc(32, 7)]);
  });

  it.each([
    ['too short', 'ab'.repeat(16)],
    ['not hexadecimal', 'zz'.repeat(32)],
    ['base64 of 16 bytes', Buffer.alloc(16).toString('base64')],
  ])('stops the start naming the variable when it is %s', (_, value) => {
    expect(() => loadConfig({ SEAL_KEY_ENCRYPTION_KEY: value })).toThrow(/SEAL_KEY_ENCRYPTION_KEY.*32 random bytes/);
  });

  it('refuses retired keys without a current one', () => {
    expect(() => loadConfig({ SEAL_KEY_ENCRYPTION_KEYS_OLD: hex })).toThrow(/SEAL_KEY_ENCRYPTION_KEY.*current key/);
  });
});
