import { AuthService, DueItemsService } from '@jixiao/evaluation';
import { CaseStore, DueItemStore, LifecycleStore, NotificationStore, queryStats, SessionStore, Transactor } from '@jixiao/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { driveCase, issueCampaign } from '../support/api-client';
import { itOnRealServer, startTestApp, testDatabase, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/**
 * A lifecycle event reads its case without a lock and writes everything in one statement that
 * lands only if the case is still as read. These tests force what can happen in between.
 */
describe('a lifecycle event written in one statement', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 3 });
  }, 120_000);
  afterAll(() => t?.close());

  const openItems = async (caseId: string) =>
    (await t.app
      .get(DataSource)
      .query(`SELECT kind, recipient_id, due_date::text AS due_date FROM due_items WHERE case_id = $1 AND closed_at IS NULL ORDER BY kind, recipient_id`, [caseId])) as Array<{
      kind: string;
      due_date: string;
    }>;

  itOnRealServer('reads and decides again when the due facts changed after its read, so its due items follow the new facts', async () => {
    const unit = world.units[0]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'internal_review');
    await t.api.token(unit.leader);
    const before = await openItems(caseId);
    expect(before.length).toBeGreaterThan(0);
    const extended = '2027-03-31';
    expect(before.every((i) => i.due_date !== extended)).toBe(true);

    // An extension of the deadline, written as every refresh that locks cases writes: the case's
    // row locked, its facts revision moved. The APPROVE reads before it commits and writes after.
    const blocker = new Client({ connectionString: testDatabase().url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`UPDATE evaluation_cases SET submission_deadline_override = $2, facts_revision = facts_revision + 1 WHERE id = $1`, [caseId, extended]);
      const approving = t.api.post(unit.leader, `/api/cases/${caseId}/events`, { type: 'APPROVE' });
      await waitForLockWaiters(blocker, 1);
      await blocker.query('COMMIT');
      const answer = await approving;
      expect(answer.status).toBe(200);
    } finally {
      await blocker.end();
    }

    const after = await openItems(caseId);
    // The seal keeper's task is due by the extended deadline: the write was decided on the new facts.
    expect(after.some((i) => i.kind === 'seal' && i.due_date === extended)).toBe(true);
    // And a refresh from the stored facts finds nothing to change.
    const changes = await t.app.get(Transactor).run((tx) => t.app.get(DueItemsService).refresh(tx, [caseId]));
    expect(changes).toEqual({ opened: 0, closed: 0, moved: 0, cancelled: 0 });
    const history = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM case_history WHERE case_id = $1 AND event = 'APPROVE'`, [caseId]);
    expect(history[0].n).toBe(1);
  }, 60_000);

  it('takes two statements for a plain event: the read, which looks the session up too, and the write', async () => {
    const unit = world.units[1]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    await t.api.token(unit.compiler);
    const before = queryStats().queries;
    const answer = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' });
    const statements = queryStats().queries - before;
    expect(answer.status).toBe(200);
    expect(statements).toBe(2);
  });

  it('reads the session and the case in one statement, as the session lookup and the read by person do on their own', async () => {
    const unit = world.units[1]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    const landed = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' }, { 'Idempotency-Key': 'read-as-1' });
    expect(landed.status).toBe(200);
    const token = await t.api.token(unit.compiler);
    const auth = t.app.get(AuthService);
    const store = t.app.get(LifecycleStore);
    const tx = t.app.get(Transactor).manager;
    const query = auth.sessionQuery(token);
    for (const withContent of [false, true]) {
      const both = await store.readAs(tx, caseId, query, 'read-as-1', withContent);
      expect(both.session).toEqual(await t.app.get(SessionStore).findLive(tx, query));
      expect(both.session!.principal.userId).toBe(unit.compiler.id);
      const alone = await store.read(tx, caseId, unit.compiler.id, 'read-as-1', withContent);
      expect(alone!.idempotencyKey).not.toBeNull();
      expect(alone!.content === null).toBe(!withContent);
      expect(both.read).toEqual(alone);
    }
    expect(await store.readAs(tx, caseId, auth.sessionQuery('A'.repeat(43)), null)).toEqual({ session: null, read: null });
    const nowhere = await store.readAs(tx, '00000000-0000-4000-8000-000000000000', query, null);
    expect(nowhere.session!.principal.userId).toBe(unit.compiler.id);
    expect(nowhere.read).toBeNull();
  });

  it('makes the case record, the due facts and the notices facts as the stores that read each of them on their own do', async () => {
    const unit = world.units[2]!;
    const other = world.units[0]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'internal_review');
    const tx = t.app.get(Transactor).manager;
    const db = t.app.get(DataSource);
    const people = [unit.leader, unit.deputy, unit.compiler, unit.sealKeeper, world.bureau.officer, other.leader];
    const compare = async () => {
      const [due] = await t.app.get(DueItemStore).facts(tx, [caseId], { lock: false });
      const notices = (await t.app.get(NotificationStore).caseFacts(tx, caseId))!;
      for (const person of people) {
        const read = (await t.app.get(LifecycleStore).read(tx, caseId, person.id, null))!;
        expect(read.record).toEqual(await t.app.get(CaseStore).loadRecord(tx, caseId, person.id));
        expect(read.due).toEqual(due);
        expect(read.notices).toEqual({ group: notices.group, financeOfficerIds: notices.financeOfficerIds, unitName: notices.unitName, fiscalYear: notices.fiscalYear });
      }
    };
    await compare();

    // Orders and cases the plain drive does not reach: leaders in a set order and one without a
    // place, a person with two roles, added approvers, a section without its assignee, and a
    // campaign with no officer of its own (the notices then go to the bureau's).
    await db.query(`UPDATE case_group_members SET position = 2 WHERE case_id = $1 AND role = 'group_leader'`, [caseId]);
    await db.query(
      `INSERT INTO case_group_members (case_id, user_id, role, remit, position)
       SELECT $1, u, r, g.remit, p FROM (VALUES ($2::uuid, 'group_leader', 1), ($3::uuid, 'group_leader', NULL::int), ($4::uuid, 'member', NULL::int)) v(u, r, p)
         CROSS JOIN LATERAL (SELECT remit FROM case_group_members WHERE case_id = $1 AND role = 'group_leader' LIMIT 1) g`,
      [caseId, other.leader.id, other.deputy.id, unit.compiler.id],
    );
    const version = (await db.query(`SELECT content_version FROM evaluation_cases WHERE id = $1`, [caseId]))[0].content_version;
    await db.query(
      `INSERT INTO case_extra_approvers (case_id, content_version, user_id, reason, added_by, created_at, placement, anchor_id)
       VALUES ($1, $2, $3, '请复核', $5, '2027-01-02T00:00:00Z', NULL, NULL), ($1, $2, $4, '请复核', $5, '2027-01-01T00:00:00Z', 'after', $5)`,
      [caseId, version, other.member.id, other.member2.id, unit.leader.id],
    );
    await db.query(`UPDATE case_sections SET assignee_id = NULL WHERE case_id = $1 AND position = (SELECT max(position) FROM case_sections WHERE case_id = $1)`, [caseId]);
    await compare();
    await db.query(`DELETE FROM campaign_officers WHERE campaign_id = (SELECT campaign_id FROM evaluation_cases WHERE id = $1)`, [caseId]);
    await compare();
    expect((await t.app.get(LifecycleStore).read(tx, caseId, unit.compiler.id, null))!.record.caseRoles).toEqual(['compiler', 'member']);
  });

  it('writes nothing of an event whose write fails, and the next attempt lands whole', async () => {
    const unit = world.units[2]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    const data = t.app.get(DataSource);
    const counts = async () =>
      (
        await data.query(
          `SELECT (SELECT version FROM evaluation_cases WHERE id = $1) AS version,
                  (SELECT count(*)::int FROM case_history WHERE case_id = $1) AS history,
                  (SELECT count(*)::int FROM due_items WHERE case_id = $1) AS items,
                  (SELECT count(*)::int FROM notifications WHERE case_id = $1) AS notices`,
          [caseId],
        )
      )[0];
    const before = await counts();
    // A trigger that fails the statement after the case's row was updated: the whole write must roll back.
    await data.query(`CREATE OR REPLACE FUNCTION jixiao_test_fail_history() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN IF NEW.case_id = '${caseId}'::uuid THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await data.query(`CREATE TRIGGER jixiao_test_fail_history BEFORE INSERT ON case_history FOR EACH ROW EXECUTE FUNCTION jixiao_test_fail_history()`);
    try {
      const failed = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' }, { 'Idempotency-Key': 'write-fails-1' });
      expect(failed.status).toBe(500);
      expect(await counts()).toEqual(before);
    } finally {
      await data.query(`DROP TRIGGER jixiao_test_fail_history ON case_history`);
      await data.query(`DROP FUNCTION jixiao_test_fail_history()`);
    }
    // The key was not stored with the failed attempt: the same key now lands the event once.
    const landed = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' }, { 'Idempotency-Key': 'write-fails-1' });
    expect(landed.status).toBe(200);
    const after = await counts();
    expect(after.version).toBe(before.version + 1);
    expect(after.history).toBe(before.history + 1);
  });
});

async function waitForLockWaiters(blocker: Client, count: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    await blocker.query('SELECT pg_stat_clear_snapshot()');
    const result = await blocker.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0');
    if (result.rows[0].n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} sessions ever waited for the blocker's lock`);
}
