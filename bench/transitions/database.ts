import { Client } from 'pg';

/** The tables one transition reads or writes. */
const TRANSITION_TABLES = [
  'evaluation_cases',
  'case_history',
  'case_sections',
  'case_group_members',
  'campaigns',
  'organisations',
  'users',
  'role_assignments',
  'sessions',
];

export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function describeServer(databaseUrl: string): Promise<{ version: string; autovacuum: boolean }> {
  return withClient(databaseUrl, async (client) => {
    const rows = (await client.query<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'autovacuum')`)).rows;
    const setting = (name: string) => rows.find((row) => row.name === name)?.setting ?? '?';
    return { version: setting('server_version'), autovacuum: setting('autovacuum') === 'on' };
  });
}

/**
 * Every phase rewrites the same 16 case rows thousands of times. Vacuuming and analysing before a
 * phase gives each one the same start, as autovacuum would in production; test servers often run
 * with it off. It changes no data.
 */
export async function vacuumAnalyze(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, (client) => client.query(`VACUUM (ANALYZE) ${TRANSITION_TABLES.join(', ')}`));
}

/**
 * Sessions opened on the database so far (PostgreSQL 14+); a second call counts the first one's
 * session too. The difference over a phase shows the service's pool closing idle connections and
 * opening new ones.
 */
export async function sessionsOpened(databaseUrl: string): Promise<number | null> {
  return withClient(databaseUrl, async (client) => {
    try {
      const rows = (await client.query<{ sessions: string }>('SELECT sessions FROM pg_stat_database WHERE datname = current_database()')).rows;
      return rows.length === 0 ? null : Number(rows[0]!.sessions);
    } catch {
      return null; // before PostgreSQL 14
    }
  });
}

/** The server's current write-ahead log position, for `walBytesSince`. */
export async function walPosition(databaseUrl: string): Promise<string> {
  return withClient(databaseUrl, async (client) => (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn);
}

/**
 * Bytes of write-ahead log the whole server wrote since `from`: every database's writes (and this
 * query's session), since PostgreSQL keeps one log for the server.
 */
export async function walBytesSince(databaseUrl: string, from: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const rows = (await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes', [from])).rows;
    return Number(rows[0]!.bytes);
  });
}
