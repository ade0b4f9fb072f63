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

  it.each([
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
