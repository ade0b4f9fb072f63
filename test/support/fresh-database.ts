import { randomUUID } from 'node:crypto';
import { createDataSource, migrate, startEmbeddedDatabase } from '@jixiao/persistence';
import { testDatabase } from './test-app';

export interface FreshDatabase {
  url: string;
  /** False on an in-memory PGlite: one connection only. */
  realServer: boolean;
  drop(): Promise<void>;
}

/**
 * An empty, migrated database of its own, for the suites that start where a real installation
 * starts: with no account at all. On the test server, a new database dropped afterwards; without
 * one, a second in-memory PGlite.
 */
export async function freshDatabase(label: string): Promise<FreshDatabase> {
  const server = testDatabase();
  if (!server.realServer) {
    const embedded = await startEmbeddedDatabase(null);
    await migrate({ url: embedded.url, poolMax: 1 });
    await embedded.idle();
    return { url: embedded.url, realServer: false, drop: () => embedded.stop() };
  }
  const name = `jixiao_${label}_${randomUUID().slice(0, 8)}`;
  const admin = createDataSource({ url: server.url, poolMax: 1 });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  const parsed = new URL(server.url);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  await migrate({ url, poolMax: 1 });
  return {
    url,
    realServer: true,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
