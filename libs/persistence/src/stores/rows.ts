import type { Tx } from '../data-source';

/**
 * Runs SQL and answers the rows it returned. TypeORM's plain `query()` answers `[rows, count]` for
 * UPDATE and DELETE but bare rows otherwise; the structured result is the same for every command.
 */
export async function queryRows<T = Record<string, unknown>>(tx: Tx, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const runner = tx.queryRunner ?? tx.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return result.records as T[];
  } finally {
    if (!tx.queryRunner) await runner.release();
  }
}
