import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { loadConfig } from '@jixiao/config';
import { createApp, type AppOptions } from '../../apps/api/src/create-app';
import { ApiClient } from './api-client';
import { TEST_HISTORY_KEY, TEST_SEAL_KEY } from './history-key';
import { TestClock } from './clock';

export interface TestApp {
  app: INestApplication;
  api: ApiClient;
  server: Server;
  /** True on a real PostgreSQL server; false on the embedded PGlite (one connection). */
  realServer: boolean;
  close(): Promise<void>;
}

export function testDatabase(): { url: string; realServer: boolean } {
  const url = process.env.JIXIAO_TEST_DATABASE_URL;
  if (!url) throw new Error('The test database is not set up: run the tests through `npm test`.');
  return { url, realServer: process.env.JIXIAO_TEST_DATABASE_KIND === 'server' };
}

/** The API application on the shared test database, on the tests' clock (TEST_TODAY), listening on a free loopback port. */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const { url, realServer } = testDatabase();
  // TEST_LOG_LEVEL=error shows the service's own logs while debugging a test.
  const config = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DEMO_DATA: 'false', HISTORY_KEY: TEST_HISTORY_KEY, SEAL_KEY_ENCRYPTION_KEY: TEST_SEAL_KEY, ...env });
  const app = await createApp(config, { url, poolMax: realServer ? 10 : 1 }, { clock: new TestClock(), ...options });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  return {
    app,
    server,
    api: new ApiClient(server),
    realServer,
    close: () => app.close(),
  };
}

/** Prints why a test that needs several real connections did not run, and skips it. */
export function itOnRealServer(name: string, fn: () => Promise<void>, timeout?: number): void {
  if (process.env.JIXIAO_TEST_DATABASE_KIND === 'server') {
    it(name, fn, timeout);
  } else {
    it.skip(`${name} [skipped: needs several connections; set TEST_DATABASE_URL to a PostgreSQL server]`, fn);
  }
}
