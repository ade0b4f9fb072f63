import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIL_DELIVERY_OPTIONS, MailWorker, WORKING_DAYS, type MailDeliveryOptions } from '@jixiao/evaluation';
import { MailOutboxStore, Transactor } from '@jixiao/persistence';
import { newOutboxRow } from '../support/mail';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld } from '../support/world';
import { testNow } from '../support/clock';

/**
 * `npm start` on the embedded database runs the worker inside the API process, on its one
 * connection: the queue, the polling loop and the requests share it.
 */
describe('the worker inside the API process', () => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-inproc-'));
    t = await startTestApp({ DATA_DIR: dataDir, WORKER_POLL_INTERVAL_MS: '100' });
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockReturnValue(true);
  }, 30_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a new row within moments while requests go on, and stops cleanly', async () => {
    const world = await newWorld(t.app);
    // Deliver this test's people's mail only: other suites share the database.
    t.app.get<MailDeliveryOptions>(MAIL_DELIVERY_OPTIONS).onlyOrganisationIds = [world.units[0]!.id];
    const worker = t.app.get(MailWorker);
    await worker.start();
    try {
      const id = await newOutboxRow(t.app, { recipientId: world.units[0]!.member.id, sendAfter: testNow(), payload: { window: { start: '00:00', end: '24:00' } } });
      const deadline = performance.now() + 15_000;
      let status = 'pending';
      while (status !== 'sent' && performance.now() < deadline) {
        expect((await t.api.get(world.units[0]!.member, '/api/me/notification-preferences')).status).toBe(200);
        status = (await t.app.get(MailOutboxStore).find(t.app.get(Transactor).manager, id))!.status;
      }
      expect(status).toBe('sent');
      const inbox = await t.api.get(world.units[0]!.member, '/api/mailbox');
      expect(inbox.body.items.map((m: { id: string }) => m.id)).toEqual([id]);
    } finally {
      await worker.stop();
    }
  }, 30_000);
});
