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
