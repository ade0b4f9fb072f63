import { CaseStore, Transactor, migrate } from '@jixiao/persistence';
import { DataSource } from 'typeorm';
import { issueCampaign } from '../support/api-client';
import { startTestApp, testDatabase, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

describe('case persistence on PostgreSQL', () => {
  let t: TestApp;
  let world: World;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    caseId = (await issueCampaign(t.api, world.bureau.officer, [world.units[0]!.id])).caseIds.get(world.units[0]!.id)!;
  });
  afterAll(() => t.close());

  it('updates a case only at the version it was read at', async () => {
    const store = t.app.get(CaseStore);
    const transactor = t.app.get(Transactor);
    const row = (await store.findById(transactor.manager, caseId))!;
    const write = (expectedVersion: number) =>
      transactor.run((tx) =>
        store.updateIfVersion(tx, { caseId, expectedVersion, state: row.state, snapshot: row.snapshot, machineVersion: row.machineVersion }),
      );

    expect(await write(row.version)).toBe(row.version + 1);
    expect(await write(row.version)).toBeNull();
    expect((await store.findById(transactor.manager, caseId))!.version).toBe(row.version + 1);
  });

  it('numbers history records 1, 2, 3 per case and refuses a duplicate step', async () => {
    const store = t.app.get(CaseStore);
    const transactor = t.app.get(Transactor);
    const entry = { event: 'NOTE', fromState: 'notice_issued', toState: 'notice_issued', actorId: null, comment: null, details: {}, contentVersion: 1 };
    await transactor.run(async (tx) => {
      await store.findForUpdate(tx, caseId);
      await store.appendHistory(tx, caseId, entry);
      await store.appendHistory(tx, caseId, entry);
    });
    const history = await store.history(transactor.manager, caseId);
    expect(history.map((h) => h.seq)).toEqual([1, 2, 3]);
    await expect(
      t.app.get(DataSource).query(`INSERT INTO case_history (case_id, seq, event, to_state, content_version) VALUES ($1, 2, 'X', 'x', 1)`, [caseId]),
    ).rejects.toThrow(/case_history_case_id_seq_key|duplicate key/);
  });

  it('keeps the migrations applied once; running them again changes nothing', async () => {
    const applied: Array<{ name: string }> = await t.app.get(DataSource).query('SELECT name FROM schema_migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toContain('InitialSchema1764480000000');
    expect(await migrate({ url: testDatabase().url, poolMax: 1 })).toEqual([]);
  });
});
