import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '@jixiao/persistence';
import { itOnRealServer, testDatabase } from '../support/test-app';

/**
 * Several processes start together on one database (machines behind a balancer, the api and the
 * worker): the migrations run under a lock, so exactly one of them applies them.
 */
describe('migrations under a lock', () => {
  const created: string[] = [];
  let admin: Client | null = null;

  async function emptyDatabase(): Promise<string> {
    if (!admin) {
      admin = new Client({ connectionString: testDatabase().url });
      await admin.connect();
    }
    const name = `jixiao_migrate_${randomUUID().slice(0, 8)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    created.push(name);
    const url = new URL(testDatabase().url);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async function appliedRows(url: string): Promise<{ rows: number; distinct: number }> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const result = await client.query('SELECT count(*)::int AS rows, count(DISTINCT name)::int AS distinct FROM schema_migrations');
      return result.rows[0] as { rows: number; distinct: number };
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    if (!admin) return;
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  itOnRealServer('applies the migrations once when two start at once on an empty database: one applies all, the other none', async () => {
    const url = await emptyDatabase();
    const [first, second] = await Promise.all([migrate({ url, poolMax: 1 }), migrate({ url, poolMax: 1 })]);
    const applied = [first, second].sort((a, b) => b.length - a.length);
    expect(applied[0]!.length).toBeGreaterThan(0);
    expect(applied[1]).toEqual([]);
    expect(await appliedRows(url)).toEqual({ rows: applied[0]!.length, distinct: applied[0]!.length });
    // A later start finds nothing to do.
    expect(await migrate({ url, poolMax: 1 })).toEqual([]);
  }, 120_000);

  itOnRealServer('waits while another session holds the migration lock, then applies them', async () => {
    const url = await emptyDatabase();
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('jixiao:migrations'))`);
      const migrating = migrate({ url, poolMax: 1, applicationName: 'jixiao-migrate-waiting' });
      // Until the holder lets go, the migration is waiting on the advisory lock and has created nothing.
      for (;;) {
        const waiting = await holder.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'jixiao-migrate-waiting' AND wait_event = 'advisory'`,
        );
        if (waiting.rows[0].n === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const tables = await holder.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
      expect(tables.rows[0].n).toBe(0);
      await holder.query(`SELECT pg_advisory_unlock(hashtext('jixiao:migrations'))`);
      expect((await migrating).length).toBeGreaterThan(0);
    } finally {
      await holder.end();
    }
  }, 120_000);
});
