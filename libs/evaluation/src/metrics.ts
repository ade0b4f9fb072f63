import { Injectable } from '@nestjs/common';
import { ObservationStore, type DatabaseGauges } from '@jixiao/persistence';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { Clock } from './clock';

/** Values read from the database are this old at most: a scrape storm costs one statement per window. */
export const DATABASE_GAUGES_CACHE_MS = 15_000;

const DATABASE_GAUGES: Array<[keyof DatabaseGauges, string, string]> = [
  ['outboxDepth', 'jixiao_mail_outbox_depth', 'Mail pending or being sent'],
  ['oldestWaitingMailSeconds', 'jixiao_mail_oldest_waiting_seconds', 'Seconds the longest-waiting due mail has been due (0: none waits)'],
  ['failedMails', 'jixiao_mail_failed', 'Mail given up on after its last attempt'],
  ['overdueDueItems', 'jixiao_due_items_overdue', 'Open due items past their due date (China Standard Time)'],
  ['signInFailuresLastHour', 'jixiao_sign_in_failures_last_hour', 'Failed sign-ins over the last hour'],
  ['signInThrottledLastHour', 'jixiao_sign_in_throttled_last_hour', 'Sign-ins refused by the attempt limits (lockouts) over the last hour'],
];

/**
 * The metrics every process exposes (api and worker): the process's own (memory, event-loop lag, GC),
 * its connection pool, and what is read from the database at scrape time, kept DATABASE_GAUGES_CACHE_MS.
 * One registry per application, so that tests may build several in one process.
 */
@Injectable()
export class ServiceMetrics {
  readonly registry = new Registry();
  private cached: { at: number; values: Promise<DatabaseGauges> } | null = null;

  constructor(
    private readonly store: ObservationStore,
    private readonly clock: Clock,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const read = this.databaseGauges.bind(this);
    for (const [key, name, help] of DATABASE_GAUGES) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        // Every api process of a cluster reads the same value: merged, it is that value, not their sum.
        aggregator: 'max',
        async collect() {
          // A database that does not answer leaves the last value: the process's own metrics are still
          // answered, and jixiao_database_read_ok says the database figures are stale.
          const values = await read().catch(() => null);
          if (values !== null) this.set(values[key]);
        },
      });
    }
    new Gauge({
      name: 'jixiao_database_read_ok',
      help: 'Whether the last read of the database figures succeeded (1) or failed (0: they are stale)',
      registers: [this.registry],
      aggregator: 'min',
      async collect() {
        this.set((await read().then(() => 1, () => 0)));
      },
    });
    const pool = () => this.store.poolUse();
    new Gauge({
      name: 'jixiao_db_pool_connections',
      help: 'Connections of this process\'s pool, by state (total, idle, waiting: requests queued for one; max: the ceiling)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const use = pool();
        this.set({ state: 'total' }, use.total);
        this.set({ state: 'idle' }, use.idle);
        this.set({ state: 'waiting' }, use.waiting);
        this.set({ state: 'max' }, use.max);
      },
    });
  }

  /** The Prometheus text format. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private databaseGauges(): Promise<DatabaseGauges> {
    const now = Date.now();
    if (this.cached === null || now - this.cached.at >= DATABASE_GAUGES_CACHE_MS) {
      const values = this.store.gauges(this.clock.now());
      this.cached = { at: now, values };
      // A failed read is not kept: the next scrape tries again.
      values.catch(() => {
        if (this.cached?.values === values) this.cached = null;
      });
    }
    return this.cached.values;
  }
}
