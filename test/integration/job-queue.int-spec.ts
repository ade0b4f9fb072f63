import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { JobQueue, Transactor } from '@jixiao/persistence';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The durable queue (pg-boss) on the application's own pool: over the embedded database that is
 * one connection, shared with the API's statements.
 */
describe('the job queue', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 30_000);
  afterAll(async () => {
    await t.app.get(JobQueue).stop();
    await t.close();
  });

  it('keeps its schedules in the database and runs a job queued there, beside ordinary requests', async () => {
    const name = `test-${randomUUID()}`;
    let ran!: () => void;
    const done = new Promise<void>((resolve) => (ran = resolve));
    const queue = t.app.get(JobQueue);
    const sql = (text: string, values: unknown[]) => t.app.get(Transactor).manager.query(text, values);
    // A yearly schedule, so that only the run queued below happens during the test.
    await queue.start([{ name, cron: '0 0 1 1 *', run: async () => ran() }], { pollingIntervalSeconds: 0.5 });
    expect(await sql(`SELECT name, cron, timezone FROM pgboss.schedule WHERE name = $1`, [name])).toEqual([{ name, cron: '0 0 1 1 *', timezone: 'Asia/Shanghai' }]);
    await queue.runNow(name);
    expect((await request(t.server).get('/api/health')).status).toBe(200);
    await done;
    const [job] = await sql(`SELECT state FROM pgboss.job WHERE name = $1`, [name]);
    expect(['active', 'completed']).toContain(job?.state);
  }, 20_000);
});
