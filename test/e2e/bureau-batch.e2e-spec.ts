import { randomUUID } from 'node:crypto';
import { WorkingCalendar } from '@jixiao/calendar';
import { DueItemsService, workingDaysUntil } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { testToday } from '../support/clock';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/**
 * The finance bureau's view into a unit (who is late with what) and its batch decisions on
 * submitted reports: each unit its own outcome, idempotent on retry, bounded, and safe against a
 * single decision taken at the same moment.
 */
describe('bureau: unit lateness and batch decisions', () => {
  let t: TestApp;
  let world: World;
  let stranger: World;
  let campaignId: string;
  let caseOf: (index: number) => string;
  const NATIONAL = new WorkingCalendar([]);
  const LATE_DUE = () => inDays(-6);

  const history = async (index: number) => (await t.api.get(world.bureau.officer, `/api/cases/${caseOf(index)}/history`)).body as Array<{ event: string; comment: string | null; actorId: string }>;
  const batch = (body: object, headers: Record<string, string> = {}) => t.api.post(world.bureau.officer, `/api/campaigns/${campaignId}/batch-decisions`, body, headers);

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 7 });
    stranger = await newWorld(t.app, { unitCount: 1 });
    const officer = world.bureau.officer;
    const issued = await issueCampaign(t.api, officer, world.units.map((u) => u.id));
    campaignId = issued.campaignId;
    caseOf = (index) => issued.caseIds.get(world.units[index]!.id)!;
    await driveCase(t.api, world.units[0]!, officer, caseOf(0), 'self_assessment');
    await driveCase(t.api, world.units[1]!, officer, caseOf(1), 'sealed');
    for (const index of [2, 3, 4, 5, 6]) await driveCase(t.api, world.units[index]!, officer, caseOf(index), 'submitted');
    // Unit 0's first section was due six days ago: its writer is late with it.
    const transactor = t.app.get(Transactor);
    await transactor.manager.query(
      `UPDATE case_sections SET due_date = $2 WHERE case_id = $1 AND position = (SELECT min(position) FROM case_sections WHERE case_id = $1)`,
      [caseOf(0), LATE_DUE()],
    );
    await transactor.run((tx) => t.app.get(DueItemsService).refresh(tx, [caseOf(0)]));
  }, 180_000);
  afterAll(() => t.close());

  describe('who inside a unit is late with what', () => {
    it('lists the late section with its writer, due date and working days late, before the sections not yet due', async () => {
      const unit = world.units[0]!;
      const response = await t.api.get(world.bureau.officer, `/api/campaigns/${campaignId}/units/${unit.id}/lateness`);
      expect(response.status).toBe(200);
      const detail = (await t.api.get(unit.leader, `/api/cases/${caseOf(0)}`)).body as { sections: Array<{ code: string; title: string; state: string }> };
      const first = detail.sections[0]!;
      const member = { userId: unit.member.id, name: `u1.member ${world.tag}` };
      expect(response.body).toMatchObject({ campaignId, caseId: caseOf(0), unitId: unit.id, unitName: unit.name, state: 'self_assessment', today: testToday() });
      expect(response.body.sections[0]).toEqual({
        code: first.code,
        title: first.title,
        state: first.state,
        kind: 'draft_section',
        holder: member,
        assignee: member,
        dueDate: LATE_DUE(),
        late: true,
        workingDaysLate: -workingDaysUntil(NATIONAL, testToday(), LATE_DUE()),
      });
      expect(response.body.sections[0].workingDaysLate).toBeGreaterThan(0);
      expect(response.body.sections).toHaveLength(detail.sections.length);
      expect(response.body.sections.slice(1).every((s: { late: boolean; workingDaysLate: number }) => !s.late && s.workingDaysLate === 0)).toBe(true);
      expect(response.body.people).toEqual([{ ...member, open: detail.sections.length, late: 1, mostWorkingDaysLate: response.body.sections[0].workingDaysLate }]);
    });

    it('names who holds each step of the unit as a whole', async () => {
      const unit = world.units[1]!;
      const response = await t.api.get(world.bureau.officer, `/api/campaigns/${campaignId}/units/${unit.id}/lateness`);
      expect(response.status).toBe(200);
      expect(response.body.sections).toEqual([]);
      expect(response.body.steps).toEqual([
        {
          kind: 'submit',
          // The group leader may submit too: everyone the rulebook lets take the step holds it.
          holders: [
            { userId: unit.compiler.id, name: `u2.compiler ${world.tag}` },
            { userId: unit.leader.id, name: `u2.leader ${world.tag}` },
          ],
          dueDate: inDays(30),
          late: false,
          workingDaysLate: 0,
        },
      ]);
    });

    it('answers 404 to another bureau and for a unit the campaign does not cover, 403 to the unit itself', async () => {
      const path = `/api/campaigns/${campaignId}/units/${world.units[0]!.id}/lateness`;
      const other = await t.api.get(stranger.bureau.officer, path);
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'CAMPAIGN.NOT_FOUND' });
      const uncovered = await t.api.get(world.bureau.officer, `/api/campaigns/${campaignId}/units/${stranger.units[0]!.id}/lateness`);
      expect({ status: uncovered.status, code: uncovered.body.code }).toEqual({ status: 404, code: 'ORGANISATION.NOT_FOUND' });
      const own = await t.api.get(world.units[0]!.leader, path);
      expect(own.status).toBe(403);
    });
  });

  describe('batch decisions', () => {
    it('accepts the submitted units and refuses the others, each with its own answer, and replays on retry', async () => {
      const foreign = randomUUID();
      const key = randomUUID();
      const body = { type: 'ACCEPT', caseIds: [caseOf(2), caseOf(0), caseOf(3), foreign] };
      const response = await batch(body, { 'Idempotency-Key': key });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ campaignId, type: 'ACCEPT', done: 2, refused: 2 });
      const byCase = new Map(response.body.outcomes.map((o: { caseId: string }) => [o.caseId, o]));
      expect(byCase.get(caseOf(2))).toMatchObject({ outcome: 'accepted', state: 'submitted.accepted', replayed: false, code: null, unitName: world.units[2]!.name });
      expect(byCase.get(caseOf(3))).toMatchObject({ outcome: 'accepted', state: 'submitted.accepted', replayed: false });
      expect(byCase.get(caseOf(0))).toMatchObject({ outcome: 'refused', state: 'self_assessment', code: 'CASE.TRANSITION_NOT_ALLOWED', message: expect.stringContaining('自评') });
      expect(byCase.get(foreign)).toMatchObject({ outcome: 'refused', unitId: null, state: null, code: 'CASE.NOT_FOUND' });
      expect((await history(2)).filter((e) => e.event === 'ACCEPT')).toEqual([expect.objectContaining({ actorId: world.bureau.officer.id })]);

      const retried = await batch(body, { 'Idempotency-Key': key });
      expect(retried.status).toBe(200);
      const again = new Map(retried.body.outcomes.map((o: { caseId: string }) => [o.caseId, o]));
      expect(again.get(caseOf(2))).toMatchObject({ outcome: 'accepted', replayed: true });
      expect(again.get(caseOf(0))).toMatchObject({ outcome: 'refused', code: 'CASE.TRANSITION_NOT_ALLOWED' });
      expect((await history(2)).filter((e) => e.event === 'ACCEPT')).toHaveLength(1);

      // Without the key, a second accept is refused with the rulebook's reason: someone (here: the same officer) acted first.
      const twice = await batch({ type: 'ACCEPT', caseIds: [caseOf(2)] });
      expect(twice.body.outcomes[0]).toMatchObject({ outcome: 'refused', code: 'CASE.TRANSITION_NOT_ALLOWED', state: 'submitted.accepted' });
    });

    it('returns several units with one reason, each back in self-assessment with the reason in its history', async () => {
      const reason = '绩效目标与预算批复不一致，请核对后重新报送';
      const response = await batch({ type: 'RETURN', reason, caseIds: [caseOf(4), caseOf(3)] });
      expect(response.status).toBe(200);
      expect(response.body.outcomes.map((o: { outcome: string; state: string }) => [o.outcome, o.state])).toEqual([
        ['returned', 'self_assessment'],
        ['returned', 'self_assessment'],
      ]);
      for (const index of [3, 4]) expect((await history(index)).at(-1)).toMatchObject({ event: 'RETURN', comment: reason });
    });

    it('refuses a return without a reason, an empty list and more than 200 units, changing nothing', async () => {
      const noReason = await batch({ type: 'RETURN', caseIds: [caseOf(5)] });
      expect({ status: noReason.status, code: noReason.body.code }).toEqual({ status: 400, code: 'VALIDATION.FIELD_INVALID' });
      const blank = await batch({ type: 'RETURN', reason: '   ', caseIds: [caseOf(5)] });
      expect(blank.status).toBe(400);
      const empty = await batch({ type: 'ACCEPT', caseIds: [] });
      expect(empty.status).toBe(400);
      const tooMany = await batch({ type: 'ACCEPT', caseIds: [caseOf(5), ...Array.from({ length: 200 }, () => randomUUID())] });
      expect({ status: tooMany.status, code: tooMany.body.code }).toEqual({ status: 422, code: 'BATCH.TOO_MANY_UNITS' });
      expect(tooMany.body.message).toContain('200');
      const state = (await t.api.get(world.bureau.officer, `/api/cases/${caseOf(5)}`)).body.state;
      expect(state).toBe('submitted.awaiting_acceptance');
    });

    it('lets only the finance officers of the campaign decide: another bureau gets 404', async () => {
      const other = await t.api.post(stranger.bureau.officer, `/api/campaigns/${campaignId}/batch-decisions`, { type: 'ACCEPT', caseIds: [caseOf(5)] });
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'CAMPAIGN.NOT_FOUND' });
      const unit = await t.api.post(world.units[5]!.leader, `/api/campaigns/${campaignId}/batch-decisions`, { type: 'ACCEPT', caseIds: [caseOf(5)] });
      expect(unit.status).toBe(403);
    });

    it('lets exactly one of a batch accept and a single accept sent at the same moment win', async () => {
      for (const index of [5, 6]) {
        const [fromBatch, single] = await Promise.all([
          batch({ type: 'ACCEPT', caseIds: [caseOf(index)] }),
          t.api.post(world.bureau.officer, `/api/cases/${caseOf(index)}/events`, { type: 'ACCEPT' }),
        ]);
        expect(fromBatch.status).toBe(200);
        const batchWon = fromBatch.body.outcomes[0].outcome === 'accepted';
        const singleWon = single.status === 200;
        expect([batchWon, singleWon].filter(Boolean)).toHaveLength(1);
        if (!batchWon) expect(['CASE.TRANSITION_NOT_ALLOWED', 'CASE.VERSION_CONFLICT']).toContain(fromBatch.body.outcomes[0].code);
        if (!singleWon) expect(single.status).toBe(409);
        expect((await history(index)).filter((e) => e.event === 'ACCEPT')).toHaveLength(1);
      }
    });
  });
});
