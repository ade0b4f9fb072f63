import { HistoryVerifier } from '@jixiao/evaluation';
import { HistoryJournal } from '@jixiao/persistence';
import { DataSource } from 'typeorm';
import { driveCase, issueCampaign } from '../support/api-client';
import { testNow } from '../support/clock';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/** The journal on PostgreSQL: the one writer of history, of the chain's head and of the columns a move rewrites. */
describe('the history journal', () => {
  let t: TestApp;
  let world: World;
  let db: DataSource;
  let journal: HistoryJournal;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    db = t.app.get(DataSource);
    journal = t.app.get(HistoryJournal);
  });
  afterAll(() => t.close());

  async function newCase(): Promise<string> {
    const unit = world.units[0]!;
    return (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
  }

  async function caseRow(caseId: string): Promise<Record<string, unknown>> {
    const [row] = await db.query(
      `SELECT state, version, content_version, (snapshot->'context'->>'contentVersion')::int AS snapshot_content_version,
              submitted_at IS NOT NULL AS submitted, submitted_late, return_count, last_return_reason, published_at IS NOT NULL AS published
         FROM evaluation_cases WHERE id = $1`,
      [caseId],
    );
    return row;
  }

  const note = (comment: string, expectedVersion: number | null = null) => ({
    event: 'NOTE',
    actorId: world.units[0]!.admin.id,
    onBehalfOfId: null,
    comment,
    details: { comment },
    at: testNow(),
    expectedVersion,
  });

  itOnRealServer('lands two concurrent appends to one case one after the other, with an unbroken chain', async () => {
    const caseId = await newCase();
    let second: Promise<unknown> = Promise.resolve();
    await db.transaction(async (first) => {
      expect(await journal.append(first, caseId, note('first'))).toMatchObject({ version: 2 });
      // The second writer's lock waits for the first transaction; it must then chain from the head the first left.
      second = db.transaction((other) => journal.append(other, caseId, note('second')));
      await waitForLockWaiters(db, caseId);
    });
    expect(await second).toMatchObject({ version: 3 });

    const records: Array<{ seq: number; comment: string; from_state: string; to_state: string; content_version: number; prev_hash: string; hash: string }> = await db.query(
      'SELECT seq, comment, from_state, to_state, content_version, prev_hash, hash FROM case_history WHERE case_id = $1 ORDER BY seq',
      [caseId],
    );
    expect(records.map((r) => [r.seq, r.comment])).toEqual([
      [1, null],
      [2, 'first'],
      [3, 'second'],
    ]);
    expect(records[2]!.prev_hash).toBe(records[1]!.hash);
    // A record-only entry takes where the case stands from the case itself.
    expect(records[2]).toMatchObject({ from_state: 'notice_issued', to_state: 'notice_issued', content_version: 1 });
    expect(await caseRow(caseId)).toMatchObject({ version: 3 });
    expect(await t.app.get(HistoryVerifier).verify(caseId)).toEqual([{ caseId, valid: true, records: 3, firstBroken: null, authenticated: true }]);
  });

  it('writes nothing for an entry whose case has moved past its expected version', async () => {
    const caseId = await newCase();
    expect(await journal.append(db.manager, caseId, note('on version 1', 1))).toMatchObject({ version: 2 });
    expect(await journal.append(db.manager, caseId, note('also on version 1', 1))).toBeNull();

    const [counted] = await db.query('SELECT count(*)::int AS n FROM case_history WHERE case_id = $1', [caseId]);
    expect(counted.n).toBe(2);
    expect(await caseRow(caseId)).toMatchObject({ version: 2 });
  });

  it('chains several entries to several cases in one call, each case from its own head', async () => {
    const [a, b] = [await newCase(), await newCase()];
    const answers = await journal.appendMany(db.manager, [
      { ...note('a1'), caseId: a },
      { ...note('b1'), caseId: b },
      { ...note('a2'), caseId: a },
    ]);
    expect(answers.map((x) => [x!.caseId, x!.version])).toEqual([
      [a, 2],
      [b, 2],
      [a, 3],
    ]);
    const verified = await t.app.get(HistoryVerifier).verify(null);
    expect(verified.find((r) => r.caseId === a)).toMatchObject({ valid: true, records: 3 });
    expect(verified.find((r) => r.caseId === b)).toMatchObject({ valid: true, records: 2 });
  });

  it('keeps the content-version column with the snapshot through FORM_GROUP and a return by the bureau, and the tracking columns with the moves', async () => {
    const unit = world.units[0]!;
    const officer = world.bureau.officer;
    const caseId = await newCase();
    expect(await caseRow(caseId)).toMatchObject({ state: 'notice_issued', version: 1, content_version: 1, snapshot_content_version: 1 });

    const formed = await newCase();
    await driveCase(t.api, unit, officer, formed, 'group_formed');
    expect(await caseRow(formed)).toMatchObject({ state: 'group_formed', content_version: 1, snapshot_content_version: 1 });

    await driveCase(t.api, unit, officer, caseId, 'submitted');
    expect(await caseRow(caseId)).toMatchObject({ state: 'submitted.awaiting_acceptance', content_version: 1, submitted: true, submitted_late: false, return_count: 0 });

    const returned = await t.api.post(officer, `/api/cases/${caseId}/events`, { type: 'RETURN', reason: '自评得分依据不足' });
    expect(returned.status).toBe(200);
    expect(await caseRow(caseId)).toMatchObject({
      state: 'self_assessment',
      content_version: 2,
      snapshot_content_version: 2,
      submitted: false,
      submitted_late: null,
      return_count: 1,
      last_return_reason: '自评得分依据不足',
      published: false,
    });
    // The return's own record belongs to the version it returned.
    const [record] = await db.query(`SELECT content_version FROM case_history WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`, [caseId]);
    expect(record.content_version).toBe(1);

    // A later record-only entry is recorded at the new content version, read from the column.
    await journal.append(db.manager, caseId, note('after the return'));
    const [after] = await db.query(`SELECT content_version, from_state FROM case_history WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`, [caseId]);
    expect(after).toEqual({ content_version: 2, from_state: 'self_assessment' });
  });
});

/** Waits until a session of this database waits for another's lock: the second writer, at the case's row. */
async function waitForLockWaiters(db: DataSource, caseId: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const [row] = await db.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0',
    );
    if (row.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`No writer waited for case ${caseId}.`);
}
