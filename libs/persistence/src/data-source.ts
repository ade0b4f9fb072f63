import { types } from 'pg';
import { DataSource, MigrationExecutor, type DataSourceOptions, type EntityManager } from 'typeorm';
import { ENTITIES } from './entities';
import { CountingClient } from './query-stats';
import { MIGRATIONS } from './migrations';

// DATE columns stay 'YYYY-MM-DD' strings: they are calendar dates in Asia/Shanghai, not instants.
types.setTypeParser(types.builtins.DATE, (value) => value);

/** A transaction handle. Opaque to callers: only the stores of this lib look inside. */
export type Tx = EntityManager;

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  logQueries?: boolean;
  applicationName?: string;
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    // Failed statements surface as errors the API logs once; TypeORM need not print them too.
    logging: options.logQueries ? 'all' : false,
    applicationName: options.applicationName ?? 'jixiao',
    // Idle connections stay open for minutes: a fresh backend plans and caches from cold, and
    // reopening them every 10 s (pg's default) put latency spikes into steady traffic.
    extra: { Client: CountingClient, max: options.poolMax, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 300_000 },
  };
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}

/** The advisory lock taken around the migrations; never change it, or an old and a new version would not wait for each other. */
const MIGRATION_LOCK = 'jixiao:migrations';

/**
 * Applies pending migrations; safe to call from several processes at once. The lock, the check of
 * what is applied and the migrations share one connection: a session lock holds only on the session
 * that took it, so the migrations must not run on another one from the pool. A process that waits
 * for the lock then finds everything applied and applies nothing.
 */
export async function migrate(options: DatabaseOptions): Promise<string[]> {
  const dataSource = createDataSource({ ...options, poolMax: 1 });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
