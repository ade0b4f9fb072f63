import { Injectable, Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';

export interface ScheduledJob {
  /** Queue name, e.g. 'mail-delivery'. */
  name: string;
  /** Cron expression (minute precision) in `tz`. */
  cron: string;
  tz?: string;
  run(): Promise<void>;
}

interface PgPool {
  options: { max?: number };
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  connect(): Promise<{ query(text: string, values?: unknown[]): Promise<unknown>; release(): void }>;
}

/** The advisory lock under which one process at a time sets the queue up. */
const SETUP_LOCK = 'jixiao.job-queue.setup';

/**
 * The durable job queue (pg-boss, its tables in the `pgboss` schema of the application's database).
 * It shares the application's connection pool: over the embedded database there is only one
 * connection, and pg-boss must queue behind the application's statements on it.
 */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger('JobQueue');
  private boss: PgBoss | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Creates the queues, schedules every job and starts working them. */
  async start(jobs: readonly ScheduledJob[], options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) as Promise<{ rows: unknown[] }> },
      schema: 'pgboss',
      // Scheduled runs only: a run missed while no worker was up is simply the next one; 'stately'
      // queues (below) keep at most one run waiting and one running, so nothing piles up.
      retryLimit: 0,
      expireInSeconds: 15 * 60,
    });
    boss.on('error', (error: Error) => this.logger.error({ err: error }, 'Job queue error'));
    // Workers that start at once on a new database would install pg-boss's schema and create its
    // queues at the same moment: one then fails on the catalog's unique index or a deadlock. One
    // process at a time sets up, under a lock held on a connection of its own. The embedded
    // database has one connection, and one process: it needs no lock.
    const lock = (pool.options.max ?? 10) > 1 ? await pool.connect() : null;
    try {
      await lock?.query('SELECT pg_advisory_lock(hashtext($1))', [SETUP_LOCK]);
      await boss.start();
      this.boss = boss;
      for (const job of jobs) {
        await boss.createQueue(job.name, { name: job.name, policy: 'stately' });
        await boss.schedule(job.name, job.cron, {}, { tz: job.tz ?? 'Asia/Shanghai' });
        await boss.work(job.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
          await job.run();
        });
      }
    } finally {
      await lock?.query('SELECT pg_advisory_unlock(hashtext($1))', [SETUP_LOCK]);
      lock?.release();
    }
  }

  /** Queues one run of a scheduled job now, besides its schedule; a worker of any process picks it up. */
  async runNow(name: string): Promise<void> {
    if (!this.boss) throw new Error('The job queue is not started');
    await this.boss.send(name, {});
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, close: false, timeout: 20_000 });
  }
}
