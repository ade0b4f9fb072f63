import { randomBytes } from 'node:crypto';
import type { Tx } from '../data-source';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Each connection names its statements with its own suffix. The embedded database serves every
 * connection from one session, where a name prepared by an earlier connection still exists.
 */
const statementSuffixes = new WeakMap<object, string>();

function statementName(client: object, name: string): string {
  let suffix = statementSuffixes.get(client);
  if (suffix === undefined) {
    suffix = randomBytes(6).toString('hex');
    statementSuffixes.set(client, suffix);
  }
  return `${name}.${suffix}`;
}

/**
 * Runs SQL and answers the rows it returned. TypeORM's plain `query()` answers `[rows, count]` for
 * UPDATE and DELETE but bare rows otherwise; the structured result is the same for every command.
 *
 * With a `name`, the statement is prepared once per connection and reused, which saves the
 * planning on the statements every request runs. A name must always go with the same text.
 */
export async function queryRows<T = Record<string, unknown>>(tx: Tx, sql: string, parameters: unknown[] = [], name?: string): Promise<T[]> {
  // Outside a transaction the statement goes straight to a pooled client: a TypeORM query runner
  // made, connected and released for one statement costs more CPU than the statement's own work.
  // (TypeORM's query log, DATABASE_LOG_QUERIES, then does not list it.)
  if (!tx.queryRunner) return pooled<T>(tx, sql, parameters, name);
  const runner = tx.queryRunner;
  if (name !== undefined) {
    const client = (await runner.connect()) as PgClient;
    const result = await client.query({ name: statementName(client, name), text: sql, values: parameters });
    return result.rows as T[];
  }
  const result = await runner.query(sql, parameters, true);
  return result.records as T[];
}

interface PgPool {
  connect(): Promise<PgClient & { release(error?: Error | boolean): void }>;
}

async function pooled<T>(tx: Tx, sql: string, parameters: unknown[], name: string | undefined): Promise<T[]> {
  const pool = (tx.connection.driver as unknown as { master: PgPool }).master;
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    const result = await client.query({ name: name === undefined ? undefined : statementName(client, name), text: sql, values: parameters } as never);
    return result.rows as T[];
  } catch (error) {
    // A connection that failed at the protocol level is dropped; a statement error leaves it usable.
    if (!(error instanceof Error) || !('code' in error)) failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(failure);
  }
}
