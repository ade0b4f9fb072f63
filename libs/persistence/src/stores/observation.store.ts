import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';

/** What the metrics read from the database, gathered in one statement (see docs/operations.md#metrics-and-health). */
export interface DatabaseGauges {
  /** Mail pending or being sent. */
  outboxDepth: number;
  /** Seconds the longest-waiting due mail has been due; 0 when none waits. */
  oldestWaitingMailSeconds: number;
  /** Mail given up on after its last attempt. */
  failedMails: number;
  /** Open due items past their due date (China Standard Time). */
  overdueDueItems: number;
  /** Failed sign-ins over the last hour. */
  signInFailuresLastHour: number;
  /** Sign-ins refused by the attempt limits (the lockouts) over the last hour. */
  signInThrottledLastHour: number;
}

/** The connection pool of this process. */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

const GAUGES_SQL = `
  SELECT
    (SELECT count(*) FROM mail_outbox WHERE status IN ('pending', 'sending'))::int AS "outboxDepth",
    coalesce((SELECT extract(epoch FROM $1::timestamptz - min(next_attempt_at)) FROM mail_outbox
      WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1::timestamptz), 0)::float8 AS "oldestWaitingMailSeconds",
    (SELECT count(*) FROM mail_outbox WHERE status = 'failed')::int AS "failedMails",
    (SELECT count(*) FROM due_items
      WHERE closed_at IS NULL AND due_date < ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date)::int AS "overdueDueItems",
    (SELECT count(*) FROM security_events
      WHERE at > $1::timestamptz - interval '1 hour' AND kind = 'login' AND outcome = 'failure')::int AS "signInFailuresLastHour",
    (SELECT count(*) FROM security_events
      WHERE at > $1::timestamptz - interval '1 hour' AND kind = 'login' AND outcome = 'throttled')::int AS "signInThrottledLastHour"`;

/** Reads for the metrics and the readiness probe; nothing here writes. */
@Injectable()
export class ObservationStore {
  private readonly migrationNames = MIGRATIONS.map((migration) => migration.name);

  constructor(private readonly dataSource: DataSource) {}

  async gauges(now: Date): Promise<DatabaseGauges> {
    const [row] = (await this.dataSource.query(GAUGES_SQL, [now.toISOString()])) as DatabaseGauges[];
    return row!;
  }

  /** Migrations this build knows that the database has not applied. */
  async pendingMigrations(): Promise<string[]> {
    const rows = (await this.dataSource.query('SELECT name FROM schema_migrations')) as Array<{ name: string }>;
    const applied = new Set(rows.map((row) => row.name));
    return this.migrationNames.filter((name) => !applied.has(name));
  }

  poolUse(): PoolUse {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return { total: 0, idle: 0, waiting: 0, max: 0 };
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 0 };
  }
}
