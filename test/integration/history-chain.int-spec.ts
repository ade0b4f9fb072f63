import { HistoryVerifier } from '@jixiao/evaluation';
import { CaseStore, createDataSource, HistoryJournal, Transactor } from '@jixiao/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { driveCase, issueCampaign, type DrivableState } from '../support/api-client';
import { testNow } from '../support/clock';
import { itOnRealServer, startTestApp, testDatabase, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

const ZERO_HASH = '0'.repeat(64);

describe('tamper-evident case history', () => {
  let t: TestApp;
  let world: World;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** A fresh case of the first unit, driven to `target`: each test that tampers gets its own. */
  async function newCase(target: DrivableState | null): Promise<string> {
    const unit = world.units[0]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    if (target !== null) await driveCase(t.api, unit, world.bureau.officer, caseId, target);
    return caseId;
  }

  async function verify(caseId: string) {
    const [result] = await t.app.get(HistoryVerifier).verify(caseId);
    return result!;
  }

  /** Runs SQL with the history's triggers off (superuser only), as someone editing the database behind the service's back. */
  async function behindTheTriggersBack(sql: string, parameters: unknown[]): Promise<void> {
    await db.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(sql, parameters);
    });
  }

  async function records(caseId: string): Promise<Array<{ seq: number; prev_hash: string; hash: string }>> {
    return db.query('SELECT seq, prev_hash, hash FROM case_history WHERE case_id = $1 ORDER BY seq', [caseId]);
  }

  it('chains every record of a case driven through its lifecycle, and verifies it as intact', async () => {
    const caseId = await newCase('submitted.accepted');

    const chain = await records(caseId);
    expect(chain.length).toBeGreaterThan(8);
    expect(chain.map((r) => r.seq)).toEqual(chain.map((_, index) => index + 1));
    expect(chain[0]!.prev_hash).toBe(ZERO_HASH);
    chain.slice(1).forEach((record, index) => expect(record.prev_hash).toBe(chain[index]!.hash));
    const [head] = await db.query('SELECT history_hash, version FROM evaluation_cases WHERE id = $1', [caseId]);
    expect(head).toEqual({ history_hash: chain.at(-1)!.hash, version: chain.length });

    expect(await verify(caseId)).toEqual({ caseId, valid: true, records: chain.length, firstBroken: null, authenticated: true });
  });

  it('answers the verification over HTTP to whoever may see the case, and 404 to another unit', async () => {
    const caseId = await newCase('self_assessment');
    const length = (await records(caseId)).length;
    const [unit, otherUnit] = world.units;

    for (const user of [unit!.leader, unit!.member, world.bureau.officer]) {
      const response = await t.api.get(user, `/api/cases/${caseId}/history/verify`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ caseId, valid: true, records: length, firstBroken: null, authenticated: true });
    }
    const outside = await t.api.get(otherUnit!.admin, `/api/cases/${caseId}/history/verify`);
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('CASE.NOT_FOUND');
    const unknown = await t.api.get(unit!.leader, `/api/cases/${randomUUID()}/history/verify`);
    expect(unknown.status).toBe(404);

    const history = await t.api.get(unit!.leader, `/api/cases/${caseId}/history`);
    expect(history.body).toHaveLength(length);
    expect(history.body[0]).toMatchObject({ seq: 1, event: 'ISSUE', onBehalfOfId: null });
  });

  it('refuses a plain UPDATE, DELETE or TRUNCATE of the history', async () => {
    const caseId = await newCase('group_formed');
    await expect(db.query(`UPDATE case_history SET comment = 'edited' WHERE case_id = $1`, [caseId])).rejects.toThrow(
      /case_history is append-only: UPDATE is not allowed/,
    );
    await expect(db.query(`DELETE FROM case_history WHERE case_id = $1`, [caseId])).rejects.toThrow(/case_history is append-only: DELETE is not allowed/);
    // In a transaction rolled back whatever happens, so a failing guard cannot empty a shared database.
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await expect(runner.query('TRUNCATE case_history')).rejects.toThrow(/case_history is append-only: TRUNCATE is not allowed/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await verify(caseId)).toMatchObject({ valid: true, records: 2 });
  });

  it('names the record whose comment was edited behind the trigger, with reason hash', async () => {
    const caseId = await newCase('self_assessment');
    const length = (await records(caseId)).length;

    await behindTheTriggersBack(`UPDATE case_history SET comment = 'nothing to see' WHERE case_id = $1 AND seq = 3`, [caseId]);

    expect(await verify(caseId)).toEqual({ caseId, valid: false, records: length, firstBroken: { seq: 3, reason: 'hash' }, authenticated: true });
    const response = await t.api.get(world.units[0]!.leader, `/api/cases/${caseId}/history/verify`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ valid: false, firstBroken: { seq: 3, reason: 'hash' }, authenticated: true });
  });

  it('catches the removal of the last records as a head mismatch', async () => {
    const caseId = await newCase('self_assessment');
    const length = (await records(caseId)).length;

    await behindTheTriggersBack(`DELETE FROM case_history WHERE case_id = $1 AND seq >= $2`, [caseId, length - 1]);

    expect(await verify(caseId)).toEqual({ caseId, valid: false, records: length - 2, firstBroken: { seq: length - 1, reason: 'head' }, authenticated: true });
  });

  it('catches a record removed from the middle, and the next one renumbered to hide the gap', async () => {
    const caseId = await newCase('self_assessment');
    const length = (await records(caseId)).length;

    await behindTheTriggersBack(`DELETE FROM case_history WHERE case_id = $1 AND seq = 2`, [caseId]);
    expect(await verify(caseId)).toEqual({ caseId, valid: false, records: length - 1, firstBroken: { seq: 3, reason: 'seq' }, authenticated: true });

    await behindTheTriggersBack(`UPDATE case_history SET seq = 2 WHERE case_id = $1 AND seq = 3`, [caseId]);
    expect(await verify(caseId)).toMatchObject({ valid: false, firstBroken: { seq: 2, reason: 'prev_hash' }, authenticated: true });
  });

  it('verifies every case at once and reports each one', async () => {
    const intact = await newCase(null);
    const edited = await newCase('group_formed');
    await behindTheTriggersBack(`UPDATE case_history SET details = '{"forged": true}'::jsonb WHERE case_id = $1 AND seq = 2`, [edited]);

    const all = await t.app.get(HistoryVerifier).verify(null);
    expect(all.find((r) => r.caseId === intact)).toEqual({ caseId: intact, valid: true, records: 1, firstBroken: null, authenticated: true });
    expect(all.find((r) => r.caseId === edited)).toMatchObject({ valid: false, firstBroken: { seq: 2, reason: 'hash' }, authenticated: true });
  });

  itOnRealServer('keeps one unbroken chain when many appends to one case race', async () => {
    const caseId = await newCase(null);
    const store = t.app.get(CaseStore);
    const manager = t.app.get(Transactor).manager;
    const entry = (n: number) => ({
      event: 'NOTE',
      fromState: 'notice_issued',
      toState: 'notice_issued',
      actorId: world.units[0]!.admin.id,
      onBehalfOfId: null,
      comment: `note ${n}`,
      details: { n },
      contentVersion: 1,
      at: testNow(),
    });

    const results = await Promise.all(Array.from({ length: 24 }, (_, n) => store.advance(manager, { caseId, expectedVersion: null }, entry(n))));

    expect(results.map((r) => r!.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, n) => n + 2));
    expect(await verify(caseId)).toEqual({ caseId, valid: true, records: 25, firstBroken: null, authenticated: true });
  });

  itOnRealServer('lets a member of jixiao_app append and read the history, but never change or remove it', async () => {
    const caseId = await newCase('group_formed');
    const role = `jixiao_history_test_${world.tag}`;
    await db.query(`CREATE ROLE ${role} LOGIN IN ROLE jixiao_app`);
    const url = new URL(testDatabase().url);
    url.username = role;
    url.password = '';
    const asApp = createDataSource({ url: url.toString(), poolMax: 1, applicationName: 'jixiao-history-test' });
    try {
      await asApp.initialize();
      const appended = await new CaseStore(t.app.get(HistoryJournal)).advance(asApp.manager, { caseId, expectedVersion: 2 }, {
        event: 'NOTE',
        fromState: 'group_formed',
        toState: 'group_formed',
        actorId: world.units[0]!.admin.id,
        onBehalfOfId: world.units[0]!.leader.id,
        comment: 'appended by the application role',
        details: {},
        contentVersion: 1,
        at: testNow(),
      });
      expect(appended).toMatchObject({ version: 3 });
      const read: Array<{ n: number }> = await asApp.query('SELECT count(*)::int AS n FROM case_history WHERE case_id = $1', [caseId]);
      expect(read[0]!.n).toBe(3);

      await expect(asApp.query(`UPDATE case_history SET comment = 'edited' WHERE case_id = $1`, [caseId])).rejects.toThrow(/permission denied/);
      await expect(asApp.query(`DELETE FROM case_history WHERE case_id = $1`, [caseId])).rejects.toThrow(/permission denied/);
      await expect(asApp.query(`TRUNCATE case_history`)).rejects.toThrow(/permission denied/);
      // Nor can it switch the guard off: that needs the table's owner or a superuser.
      await expect(asApp.query(`ALTER TABLE case_history DISABLE TRIGGER case_history_append_only`)).rejects.toThrow(/must be owner/);
      await expect(asApp.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
    } finally {
      if (asApp.isInitialized) await asApp.destroy();
      await db.query(`DROP ROLE ${role}`);
    }
    expect(await verify(caseId)).toEqual({ caseId, valid: true, records: 3, firstBroken: null, authenticated: true });
  });
});
