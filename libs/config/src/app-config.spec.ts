import { ConfigError, loadConfig } from './app-config';

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

  it('keeps access tokens short and locks accounts after repeated failures by default', () => {
    expect(loadConfig({}).auth).toEqual({
      accessTokenTtlMinutes: 15,
      refreshTokenTtlMinutes: 480,
      idleTimeoutMinutes: 30,
      lockoutThreshold: 5,
      lockoutMinutes: 15,
    });
  });

  it('reads the account security settings', () => {
    const config = loadConfig({
      AUTH_ACCESS_TOKEN_TTL_MINUTES: '5',
      AUTH_REFRESH_TOKEN_TTL_MINUTES: '60',
      AUTH_IDLE_TIMEOUT_MINUTES: '10',
      AUTH_LOCKOUT_THRESHOLD: '3',
      AUTH_LOCKOUT_MINUTES: '30',
    });
    expect(config.auth).toEqual({ accessTokenTtlMinutes: 5, refreshTokenTtlMinutes: 60, idleTimeoutMinutes: 10, lockoutThreshold: 3, lockoutMinutes: 30 });
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
    ['AUTH_LOCKOUT_THRESHOLD', '0'],
    ['AUTH_LOCKOUT_MINUTES', '-5'],
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
    expect(config.worker).toMatchObject({ inProcess: true, pollIntervalMs: 5000, leaseSeconds: 300, maxAttempts: 6, retryBaseSeconds: 60, crashAt: null, onlyOrganisationIds: null, clockStart: null });
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
