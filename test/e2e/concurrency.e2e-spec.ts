import { DataSource } from 'typeorm';
import { driveCase, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

describe('two people acting at once', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 3 });
  });
  afterAll(() => t.close());

  const historyRows = async (caseId: string, event: string): Promise<number> => {
    const rows: Array<{ n: number }> = await t.app.get(DataSource).query(
      'SELECT count(*)::int AS n FROM case_history WHERE case_id = $1 AND event = $2',
      [caseId, event],
    );
    return rows[0]!.n;
  };

  it('accepts exactly one of 20 simultaneous identical events and records one history row', async () => {
    const unit = world.units[0]!;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    await t.api.token(unit.compiler);

    const answers = await Promise.all(Array.from({ length: 20 }, () => t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' })));

    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(['CASE.VERSION_CONFLICT', 'CASE.TRANSITION_NOT_ALLOWED']).toContain(refused.body.code);
    }
    expect(await historyRows(caseId, 'SUBMIT')).toBe(1);
  });

  it('creates one account of ten made at once under one user name, in two units, and refuses the others with USER.USERNAME_TAKEN', async () => {
    const [first, second] = [world.units[1]!, world.units[2]!];
    const username = `same.name.${world.tag}`;
    await Promise.all([t.api.token(first.admin), t.api.token(second.admin)]);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const unit = i % 2 === 0 ? first : second;
        // Half set a first password, half send an invitation: both paths create the account.
        const access = i % 4 < 2 ? { password: 'Tong#Shi2026ab' } : { email: `${username}.${i}@test.example` };
        return t.api.post(unit.admin, `/api/organisations/${unit.id}/users`, { username, displayName: `同名${i}`, roles: ['member'], ...access });
      }),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.code).toBe('USER.USERNAME_TAKEN');
    const rows: Array<{ n: number }> = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM users WHERE username = $1', [username]);
    expect(rows[0]!.n).toBe(1);
  });

  it('replays the first answer for a repeated Idempotency-Key and changes nothing', async () => {
    const unit = world.units[1]!;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    const headers = { 'Idempotency-Key': `submit-${caseId}` };

    const first = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' }, headers);
    const again = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' }, headers);

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await historyRows(caseId, 'SUBMIT')).toBe(1);

    const otherBody = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT', comment: '再次报送' }, headers);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const current = await t.api.get(unit.compiler, `/api/cases/${caseId}`);
    expect(current.body.version).toBe(first.body.case.version);
  });

  it('answers every simultaneous request that carries the same Idempotency-Key with the one result', async () => {
    const unit = world.units[2]!;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    await t.api.token(unit.compiler);
    const headers = { 'Idempotency-Key': `parallel-${caseId}` };

    const answers = await Promise.all(Array.from({ length: 10 }, () => t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT' }, headers)));

    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await historyRows(caseId, 'SUBMIT')).toBe(1);
  });

  it('refuses an event sent against a version that is no longer current', async () => {
    const unit = world.units[0]!;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    const seen = await t.api.get(unit.admin, `/api/cases/${caseId}`);
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'group_formed');

    const stale = await t.api.post(unit.leader, `/api/cases/${caseId}/events`, { type: 'START_SELF_ASSESSMENT', expectedVersion: seen.body.version });

    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CASE.VERSION_CONFLICT');
    expect(stale.body.details.currentVersion).toBe(seen.body.version + 1);
    expect(stale.body.details.allowedEvents).toEqual(['START_SELF_ASSESSMENT']);
  });
});
