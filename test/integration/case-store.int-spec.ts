import { CaseStore, Transactor } from '@jixiao/persistence';
import { DataSource } from 'typeorm';
import { issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

describe('case persistence on PostgreSQL', () => {
  let t: TestApp;
  let world: World;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    caseId = (await issueCampaign(t.api, world.bureau.officer, [world.units[0]!.id])).caseIds.get(world.units[0]!.id)!;
    // An app start, a world and an issued notice: more than Jest's 30 s on a loaded machine, as in the other suites that start the app.
  }, 120_000);
  afterAll(() => t?.close());

  const note = { event: 'NOTE', fromState: 'notice_issued', toState: 'notice_issued', actorId: null, onBehalfOfId: null, comment: null, details: {}, contentVersion: 1, at: new Date('2025-01-28T02:00:00Z') };

  it('moves a case on only from the version it was read at, numbering its history with the new version', async () => {
    const store = t.app.get(CaseStore);
    const transactor = t.app.get(Transactor);
    const row = (await store.findById(transactor.manager, caseId))!;

    const first = await store.advance(transactor.manager, { caseId, expectedVersion: row.version }, note);
    const stale = await store.advance(transactor.manager, { caseId, expectedVersion: row.version }, note);

    expect(first).toMatchObject({ version: row.version + 1 });
    expect(stale).toBeNull();
    const history = await store.history(transactor.manager, caseId);
    expect(history.map((h) => h.seq)).toEqual([1, 2]);
    expect((await store.findById(transactor.manager, caseId))!.version).toBe(2);
  });

  it('appends without a version check when none is given, and refuses a duplicate step', async () => {
    const store = t.app.get(CaseStore);
    const transactor = t.app.get(Transactor);
    await transactor.run(async (tx) => {
      await store.advance(tx, { caseId, expectedVersion: null }, note);
      await store.advance(tx, { caseId, expectedVersion: null }, note);
    });
    const history = await store.history(transactor.manager, caseId);
    expect(history.map((h) => h.seq)).toEqual([1, 2, 3, 4]);
    expect((await store.findById(transactor.manager, caseId))!.version).toBe(4);
    await expect(
      t.app.get(DataSource).query(`INSERT INTO case_history (case_id, seq, event, to_state, content_version, prev_hash, hash) VALUES ($1, 2, 'X', 'x', 1, '', '')`, [caseId]),
    ).rejects.toThrow(/case_history_case_id_seq_key|duplicate key/);
  });

  it('keeps the migrations applied once, with none left to run', async () => {
    const applied: Array<{ name: string }> = await t.app.get(DataSource).query('SELECT name FROM schema_migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toContain('InitialSchema1764480000000');
    expect(new Set(applied.map((m) => m.name)).size).toBe(applied.length);
    expect(await t.app.get(DataSource).showMigrations()).toBe(false);
  });
});
