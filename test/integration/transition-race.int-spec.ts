import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { driveCase, issueCampaign } from '../support/api-client';
import { itOnRealServer, startTestApp, testDatabase, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/**
 * Forces the race the version check exists for: both requests read the case and decide before
 * either writes. A lock held from outside makes both wait at their UPDATE; releasing it lets the
 * first commit, and the second must then find the version gone.
 */
describe('two decisions made on the same version', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
  });
  afterAll(() => t.close());

  itOnRealServer('lets the first write win and refuses the second with 409, leaving one history row', async () => {
    const unit = world.units[0]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    await t.api.token(unit.compiler);
    await t.api.token(unit.leader);

    const blocker = new Client({ connectionString: testDatabase().url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM evaluation_cases WHERE id = $1 FOR UPDATE', [caseId]);
      const byCompiler = t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' });
      const byLeader = t.api.post(unit.leader, `/api/cases/${caseId}/events`, { type: 'SUBMIT' });
      const pending = Promise.all([byCompiler, byLeader]);
      await waitForLockWaiters(blocker, 2);
      await blocker.query('COMMIT');
      const answers = await pending;

      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('CASE.VERSION_CONFLICT');
      const rows: Array<{ n: number }> = await t.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM case_history WHERE case_id = $1 AND event = 'SUBMIT'`, [caseId]);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await blocker.end();
    }
  }, 30_000);
});

async function waitForLockWaiters(blocker: Client, count: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    // Statistics views are a snapshot per transaction; the blocker is inside one, so refresh it.
    await blocker.query('SELECT pg_stat_clear_snapshot()');
    const result = await blocker.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0');
    if (result.rows[0].n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${count} transitions never came to wait on the lock`);
}
