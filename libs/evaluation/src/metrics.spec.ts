import type { DatabaseGauges, ObservationStore, PoolUse } from '@jixiao/persistence';
import type { Clock } from './clock';
import { DATABASE_GAUGES_CACHE_MS, ServiceMetrics } from './metrics';

class FakeObservations {
  reads = 0;
  failNext = false;
  gauges(): Promise<DatabaseGauges> {
    this.reads += 1;
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('database unreachable'));
    }
    return Promise.resolve({ outboxDepth: 3, oldestWaitingMailSeconds: 4200.5, failedMails: 1, overdueDueItems: 7, signInFailuresLastHour: 2, signInThrottledLastHour: 0 });
  }
  poolUse(): PoolUse {
    return { total: 4, idle: 3, waiting: 0, max: 10 };
  }
}

describe('ServiceMetrics', () => {
  const clock: Clock = { now: () => new Date('2025-03-12T02:00:00Z') };
  let now = 1_000_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  it('reads the database once per cache window, however often it is scraped', async () => {
    const store = new FakeObservations();
    const metrics = new ServiceMetrics(store as unknown as ObservationStore, clock);
    const first = (await metrics.text()).body;
    expect(first).toMatch(/\njixiao_mail_outbox_depth 3\n/);
    expect(first).toMatch(/\njixiao_mail_oldest_waiting_seconds 4200.5\n/);
    expect(first).toMatch(/\njixiao_due_items_overdue 7\n/);
    expect(first).toMatch(/jixiao_db_pool_connections\{state="idle"\} 3\n/);
    await Promise.all([metrics.text(), metrics.text(), metrics.text()]);
    expect(store.reads).toBe(1);
    now += DATABASE_GAUGES_CACHE_MS;
    await metrics.text();
    expect(store.reads).toBe(2);
  });

  it('answers without the database figures when the database fails, and asks again at the next scrape', async () => {
    const store = new FakeObservations();
    const metrics = new ServiceMetrics(store as unknown as ObservationStore, clock);
    store.failNext = true;
    const failed = (await metrics.text()).body;
    expect(failed).toMatch(/\njixiao_database_read_ok 0\n/);
    expect(failed).toContain('process_resident_memory_bytes');
    const next = (await metrics.text()).body;
    expect(next).toMatch(/\njixiao_database_read_ok 1\n/);
    expect(next).toMatch(/\njixiao_mail_failed 1\n/);
    expect(store.reads).toBe(2);
  });
});
