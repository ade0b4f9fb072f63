import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';

export interface EmbeddedDatabase {
  /** A postgres:// URL served over loopback by pglite-socket. */
  url: string;
  dataDir: string;
  /**
   * Resolves once no client holds the one connection. A client that has just closed (a data source
   * destroyed) keeps its place a moment longer; on Node 22 and 24 the next one is turned away meanwhile.
   */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export class DataDirectoryLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(`The data directory ${dataDir} is in use by another Jixiao process. Stop it first, or set DATA_DIR to another directory.`);
  }
}

/**
 * Takes the one-process lock of a data directory (the service, a backup and a restore all take it);
 * answers its release. Refuses with DataDirectoryLockedError while another process holds it.
 */
export async function lockDataDirectory(root: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(root, { lockfilePath: join(root, '.lock'), stale: 15_000, update: 5_000 });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new DataDirectoryLockedError(root);
    throw error;
  }
}

/**
 * Starts PostgreSQL compiled to WASM (PGlite) in this process and serves it on a loopback port,
 * so the ordinary `pg` driver and TypeORM talk to it exactly as to a server.
 *
 * PGlite serves one connection at a time: callers must use a pool of one (see docs/operations.md).
 */
export async function startEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let release: (() => Promise<void>) | null = null;
  let pgDir: string | undefined;
  if (dataDir !== null) {
    const root = resolve(dataDir);
    mkdirSync(root, { recursive: true });
    release = await lockDataDirectory(root);
    pgDir = join(root, 'pg');
  }
  const db = await PGlite.create(pgDir ? { dataDir: pgDir } : {});
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${conn}/postgres`,
    dataDir: pgDir ?? 'memory://',
    async idle() {
      const until = Date.now() + 5_000;
      while (server.getStats().activeConnections > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    async stop() {
      await server.stop();
      await db.close();
      if (release) await release();
    },
  };
}
