import { Clock } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { ApiClient, issueCampaign } from '../support/api-client';
import { caseInSelfAssessment, outboxOf, shanghai } from '../support/reminders';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

const LADDER = { beforeWorkingDays: [5, 2], onDueDate: true, overdueEveryWorkingDay: false, escalateAfterWorkingDays: 3, workingHours: { start: '09:00', end: '17:00' } };

describe('reminder ladder, working-day calendar and 催办 over HTTP', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    unit = world.units[0]!;
  }, 60_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  describe('the campaign’s reminder ladder', () => {
    let campaignId: string;
    beforeAll(async () => {
      ({ campaignId } = await issueCampaign(t.api, world.bureau.officer, [unit.id]));
    });

    it('answers the default until the finance officer sets one, which everyone of the campaign reads', async () => {
      const initial = await t.api.get(unit.member, `/api/campaigns/${campaignId}/reminder-ladder`);
      expect(initial.status).toBe(200);
      expect(initial.body).toEqual({
        campaignId,
        isDefault: true,
        ladder: { beforeWorkingDays: [3, 1], onDueDate: true, overdueEveryWorkingDay: true, escalateAfterWorkingDays: 2, workingHours: { start: '08:30', end: '17:30' } },
      });
      const set = await t.api.put(world.bureau.officer, `/api/campaigns/${campaignId}/reminder-ladder`, LADDER);
      expect(set.status).toBe(200);
      expect((await t.api.get(unit.leader, `/api/campaigns/${campaignId}/reminder-ladder`)).body).toEqual({ campaignId, isDefault: false, ladder: LADDER });
      const reset = await t.api.delete(world.bureau.officer, `/api/campaigns/${campaignId}/reminder-ladder`);
      expect(reset.body.isDefault).toBe(true);
      await t.api.put(world.bureau.officer, `/api/campaigns/${campaignId}/reminder-ladder`, LADDER);
    });

    it.each([
      [{ beforeWorkingDays: [-1, 2] }, 422, 'REMINDER.OFFSET_OUT_OF_RANGE'],
      [{ beforeWorkingDays: [400] }, 422, 'REMINDER.OFFSET_OUT_OF_RANGE'],
      [{ beforeWorkingDays: [2, 2] }, 422, 'REMINDER.OFFSET_DUPLICATE'],
      [{ escalateAfterWorkingDays: 0 }, 422, 'REMINDER.ESCALATION_OUT_OF_RANGE'],
      [{ workingHours: { start: '18:00', end: '09:00' } }, 422, 'REMINDER.HOURS_INVALID'],
      [{ workingHours: { start: '01:00', end: '04:00' } }, 422, 'REMINDER.HOURS_INVALID'],
      [{ beforeWorkingDays: ['three'] }, 400, 'VALIDATION.FIELD_INVALID'],
      [{ workingHours: undefined }, 400, 'VALIDATION.FIELD_INVALID'],
      [{ extra: 1 }, 400, 'VALIDATION.UNKNOWN_FIELD'],
    ])('refuses %j with %i %s and keeps the ladder', async (change, status, code) => {
      const response = await t.api.put(world.bureau.officer, `/api/campaigns/${campaignId}/reminder-ladder`, { ...LADDER, ...change });
      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
      expect((await t.api.get(world.bureau.officer, `/api/campaigns/${campaignId}/reminder-ladder`)).body.ladder).toEqual(LADDER);
    });

    it('is set by the campaign’s finance officers only', async () => {
      const response = await t.api.put(unit.leader, `/api/campaigns/${campaignId}/reminder-ladder`, { ...LADDER, beforeWorkingDays: [1] });
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'CAMPAIGN.ROLE_NOT_ALLOWED' });
      const stranger = (await newWorld(t.app)).bureau.officer;
      expect((await t.api.put(stranger, `/api/campaigns/${campaignId}/reminder-ladder`, LADDER)).status).toBe(404);
    });
  });

  describe('the working-day calendar', () => {
    // Overrides are global; each test uses its own far-off date so parallel suites never meet.
    const date = `2091-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;

    it('lists days with holidays and 调休, for anyone signed in', async () => {
      const response = await t.api.get(unit.member, '/api/calendar?from=2024-02-03&to=2024-02-05');
      expect(response.status).toBe(200);
      expect(response.body.days).toEqual([
        { date: '2024-02-03', working: false, source: 'weekend', name: null, covered: true },
        { date: '2024-02-04', working: true, source: 'adjusted_working_day', name: '春节调休上班', covered: true },
        { date: '2024-02-05', working: true, source: 'weekday', name: null, covered: true },
      ]);
    });

    it('takes an override from a finance officer, shows it, and removes it', async () => {
      const put = await t.api.put(world.bureau.officer, '/api/calendar/overrides', { date, working: false, reason: '防台风停工' });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ date, working: false, reason: '防台风停工', updatedBy: world.bureau.officer.id });
      const listed = await t.api.get(unit.member, `/api/calendar?from=${date}&to=${date}`);
      expect(listed.body.days[0]).toMatchObject({ date, working: false, source: 'override', name: '防台风停工' });
      const removed = await t.api.delete(world.bureau.officer, `/api/calendar/overrides?date=${date}`);
      expect(removed.status).toBe(204);
      expect((await t.api.get(unit.member, `/api/calendar?from=${date}&to=${date}`)).body.days[0].source).not.toBe('override');
      const again = await t.api.delete(world.bureau.officer, `/api/calendar/overrides?date=${date}`);
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 404, code: 'CALENDAR.OVERRIDE_NOT_FOUND' });
    });

    it.each([
      [{ date: '2025-02-30', working: true, reason: '调休' }, 422, 'CALENDAR.DATE_INVALID'],
      [{ date: '2025-2-3', working: true, reason: '调休' }, 422, 'CALENDAR.DATE_INVALID'],
      [{ date: '2091-12-01', working: true, reason: '   ' }, 422, 'CALENDAR.REASON_REQUIRED'],
      [{ date: '2091-12-01', working: true }, 400, 'VALIDATION.FIELD_INVALID'],
      [{ date: '2091-12-01', working: 'yes', reason: '调休' }, 400, 'VALIDATION.FIELD_INVALID'],
    ])('refuses the override %j with %i %s and writes nothing', async (body, status, code) => {
      const response = await t.api.put(world.bureau.officer, '/api/calendar/overrides', body);
      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
      const [{ count }] = await t.app.get(Transactor).manager.query(`SELECT count(*)::int AS count FROM calendar_overrides WHERE date IN ('2091-12-01')`);
      expect(count).toBe(0);
    });

    it('lets only finance officers change it, and refuses a bad range', async () => {
      const response = await t.api.put(unit.admin, '/api/calendar/overrides', { date, working: true, reason: '加班' });
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'CALENDAR.ROLE_NOT_ALLOWED' });
      expect((await t.api.get(unit.member, '/api/calendar?from=2024-03-01&to=2024-02-01')).body.code).toBe('CALENDAR.RANGE_INVALID');
      expect((await t.api.get(unit.member, '/api/calendar?from=2024-01-01&to=2026-01-01')).body.code).toBe('CALENDAR.RANGE_INVALID');
      expect((await t.api.get(unit.member, '/api/calendar?from=2024-02-30&to=2024-03-01')).status).toBe(400);
    });
  });

  describe('催办', () => {
    let api: ApiClient;
    let caseId: string;
    let campaignId: string;

    const at = (date: string, time: string) => {
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => shanghai(date, time));
      // Sessions live by the service's clock: sign in again at the new time.
      api = new ApiClient(t.server);
    };
    const history = async () => (await api.get(unit.leader, `/api/cases/${caseId}/history`)).body as Array<{ event: string; actorId: string; details: Record<string, unknown> }>;
    const urge = (user: Parameters<ApiClient['post']>[0], body: object, id = caseId) => api.post(user, `/api/cases/${id}/urges`, body);
    const draft11 = () => ({ recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: '1.1' } });

    beforeAll(async () => {
      at('2024-02-01', '10:00');
      ({ caseId, campaignId } = await caseInSelfAssessment(
        api,
        unit,
        world.bureau.officer,
        { submissionDeadline: '2024-02-29', publicationDeadline: '2024-03-15' },
        { '1.1': '2024-02-08', '2.1': '2024-02-08' },
      ));
      jest.restoreAllMocks();
    });

    it('urges a person on an open task once a working day, mails it now and records it in the history', async () => {
      at('2024-02-19', '10:00');
      const first = await urge(unit.leader, { ...draft11(), message: '请今天提交。' });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        caseId,
        recipientId: unit.member.id,
        task: { kind: 'draft_section', sectionCode: '1.1' },
        dueDate: '2024-02-08',
        day: '2024-02-19',
        sendAfter: shanghai('2024-02-19', '10:00').toISOString(),
      });
      const again = await urge(world.bureau.officer, draft11());
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'URGE.ALREADY_URGED_TODAY' });
      const rows = (await outboxOf(t.app, campaignId)).filter((r) => r.kind === 'urge');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.payload).toMatchObject({ urgedByName: `u1.leader ${world.tag}`, message: '请今天提交。', sectionCode: '1.1', window: { start: '08:30', end: '17:30' } });
      const urges = (await history()).filter((h) => h.event === 'URGE');
      expect(urges).toEqual([expect.objectContaining({ actorId: unit.leader.id, details: expect.objectContaining({ recipientId: unit.member.id, day: '2024-02-19' }) })]);
      // The next working day it may be urged again.
      at('2024-02-20', '09:00');
      expect((await urge(world.bureau.officer, draft11())).status).toBe(201);
    });

    it('on a holiday counts the urge for the next working day and sends it when working hours start', async () => {
      at('2024-02-12', '11:00');
      const response = await urge(unit.deputy, { recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: '2.1' } });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ day: '2024-02-18', sendAfter: shanghai('2024-02-18', '08:30').toISOString() });
    });

    it.each([
      ['a member', 403, 'URGE.ROLE_NOT_ALLOWED', (u: WorldUnit) => u.member, draft11],
      ['the deputy outside their remit (2.1 only)', 403, 'URGE.ROLE_NOT_ALLOWED', (u: WorldUnit) => u.deputy, draft11],
      ['the unit admin', 403, 'URGE.ROLE_NOT_ALLOWED', (u: WorldUnit) => u.admin, draft11],
      ['the leader, for a task the person does not have', 409, 'URGE.TASK_NOT_OPEN', (u: WorldUnit) => u.leader, () => ({ recipientId: unit.member2.id, task: { kind: 'draft_section', sectionCode: '1.1' } })],
      ['the leader, for a task nobody has now', 409, 'URGE.TASK_NOT_OPEN', (u: WorldUnit) => u.leader, () => ({ recipientId: unit.sealKeeper.id, task: { kind: 'seal' } })],
      ['the leader, for someone outside the unit', 422, 'URGE.UNKNOWN_RECIPIENT', (u: WorldUnit) => u.leader, () => ({ recipientId: world.units[1]!.member.id, task: { kind: 'draft_section', sectionCode: '1.1' } })],
      ['the leader, for a section the report does not have', 422, 'SECTION.UNKNOWN', (u: WorldUnit) => u.leader, () => ({ recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: '9.9' } })],
      ['the leader, for a section task without a section', 422, 'URGE.TASK_INVALID', (u: WorldUnit) => u.leader, () => ({ recipientId: unit.member.id, task: { kind: 'draft_section' } })],
      ['the leader, with an unknown task kind', 400, 'VALIDATION.FIELD_INVALID', (u: WorldUnit) => u.leader, () => ({ recipientId: unit.member.id, task: { kind: 'lunch' } })],
      ['another unit’s leader', 404, 'CASE.NOT_FOUND', () => world.units[1]!.leader, draft11],
    ])('refuses %s with %i %s and writes nothing', async (_name, status, code, who, body) => {
      at('2024-02-21', '10:00');
      const before = { outbox: (await outboxOf(t.app, campaignId)).length, history: (await history()).length };
      const response = await urge(who(unit), body());
      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
      expect({ outbox: (await outboxOf(t.app, campaignId)).length, history: (await history()).length }).toEqual(before);
    });

    it('urges every late task of a campaign at once for the finance officer, once a working day', async () => {
      at('2024-02-21', '16:00');
      const response = await api.post(world.bureau.officer, `/api/campaigns/${campaignId}/urge-late`, { message: '请尽快完成。' });
      expect(response.status).toBe(200);
      // 1.1 and 2.1 are overdue (due 02-08); the other sections are due 02-29.
      expect(response.body).toEqual({ campaignId, day: '2024-02-21', overdue: 2, urged: 2, cases: 1 });
      const again = await api.post(world.bureau.officer, `/api/campaigns/${campaignId}/urge-late`, {});
      expect(again.body).toMatchObject({ overdue: 2, urged: 0, cases: 0 });
      const record = (await history()).filter((h) => h.event === 'URGE').pop()!;
      expect(record.details.late).toHaveLength(2);
      const leader = await api.post(unit.leader, `/api/campaigns/${campaignId}/urge-late`, {});
      expect({ status: leader.status, code: leader.body.code }).toEqual({ status: 403, code: 'CAMPAIGN.ROLE_NOT_ALLOWED' });
    });
  });
});
