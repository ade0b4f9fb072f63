import { migrate, startEmbeddedDatabase, type EmbeddedDatabase } from '@jixiao/persistence';
import { parseTestToday } from './clock';

declare global {
  var __jixiaoEmbeddedDatabase: EmbeddedDatabase | undefined;
}

/**
 * Prepares the database every integration and end-to-end suite shares: the server that
 * TEST_DATABASE_URL names, or an in-memory PGlite started here when it is not set. Migrations run
 * once; suites then build their own data through factories, so they never clash.
 */
export default async function globalSetup(): Promise<void> {
  // A wrong TEST_TODAY stops the run here, once, rather than in every suite.
  const pinned = parseTestToday(process.env.TEST_TODAY);
  if (pinned) process.stdout.write(`\nToday is pinned by TEST_TODAY=${process.env.TEST_TODAY}: the tests' clock starts at ${pinned.toISOString()}.\n`);
  let url = process.env.TEST_DATABASE_URL;
  if (url) {
    process.env.JIXIAO_TEST_DATABASE_KIND = 'server';
  } else {
    const embedded = await startEmbeddedDatabase(null);
    globalThis.__jixiaoEmbeddedDatabase = embedded;
    url = embedded.url;
    process.env.JIXIAO_TEST_DATABASE_KIND = 'embedded';
    process.stdout.write(
      '\nTests run on an in-memory PGlite with one connection, one suite at a time. Tests that need several\n' +
        'real connections are skipped (their names say so); set TEST_DATABASE_URL to a PostgreSQL server to run them.\n',
    );
  }
  process.env.JIXIAO_TEST_DATABASE_URL = url;
  await migrate({ url, poolMax: 1 });
}
