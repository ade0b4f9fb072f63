import request from 'supertest';
import { Clock } from '@jixiao/evaluation';
import { ApiClient } from '../support/api-client';
import { ResponseSchemas } from '../support/openapi-schema';
import { caseInSelfAssessment, shanghai } from '../support/reminders';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

const LADDER = { beforeWorkingDays: [2, 5], onDueDate: false, overdueEveryWorkingDay: true, escalateAfterWorkingDays: 3, workingHours: { start: '09:00', end: '17:00' } };

/**
 * The reminder, calendar and 催办 routes answer what the OpenAPI document says they answer: each
 * real body is checked against the schema its route declares (see openapi-responses.e2e-spec.ts).
 */
describe('the OpenAPI document describes the reminder, calendar and 催办 answers', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;
  let schemas: ResponseSchemas;
  let api: ApiClient;
  let campaignId: string;
  let caseId: string;

  /** Fails the test with the body when the status is not the one expected, or with every difference from the schema. */
  function fits(method: string, template: string, response: { status: number; body: unknown }, status: number): void {
    expect({ status: response.status, body: response.status === status ? 'as expected' : response.body }).toEqual({ status, body: 'as expected' });
    schemas.assertFits(method, template, response);
  }

  /** Moves the service's clock; sessions live by it, so everyone signs in again. */
  const at = (date: string, time: string) => {
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => shanghai(date, time));
    api = new ApiClient(t.server);
  };

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    unit = world.units[0]!;
    schemas = new ResponseSchemas((await request(t.server).get('/api/docs-json')).body);
    at('2024-02-01', '10:00');
    ({ campaignId, caseId } = await caseInSelfAssessment(
      api,
      unit,
      world.bureau.officer,
      { submissionDeadline: '2024-02-29', publicationDeadline: '2024-03-15' },
      { '1.1': '2024-02-08' },
    ));
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('answers the calendar, its overrides and their refusals as declared', async () => {
    // Around the Spring Festival of 2024: a weekend, an adjusted working day (调休), weekdays and the holiday.
    const festival = await api.get(unit.member, '/api/calendar?from=2024-02-03&to=2024-02-12');
    fits('get', '/api/calendar', festival, 200);
    expect(new Set(festival.body.days.map((d: { source: string }) => d.source))).toEqual(new Set(['weekend', 'adjusted_working_day', 'weekday', 'holiday']));

    // Overrides are shared by every suite: a date of its own, in a year the national tables do not cover.
    const date = `2093-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}-${String(10 + Math.floor(Math.random() * 18))}`;
    const put = await api.put(world.bureau.officer, '/api/calendar/overrides', { date, working: false, reason: '防台风停工' });
    fits('put', '/api/calendar/overrides', put, 200);
    const around = await api.get(unit.member, `/api/calendar?from=${date}&to=${date}`);
    fits('get', '/api/calendar', around, 200);
    expect(around.body.days).toEqual([{ date, working: false, source: 'override', name: '防台风停工', covered: false }]);
    expect(around.body.overrides).toEqual([put.body]);

    const removed = await api.delete(world.bureau.officer, `/api/calendar/overrides?date=${date}`);
    expect({ status: removed.status, body: removed.text }).toEqual({ status: 204, body: '' });
    expect(() => schemas.responseSchema('delete', '/api/calendar/overrides', 204)).toThrow('declares no application/json body');
    fits('delete', '/api/calendar/overrides', await api.delete(world.bureau.officer, `/api/calendar/overrides?date=${date}`), 404);
    fits('get', '/api/calendar', await api.get(unit.member, '/api/calendar?from=2024-03-01&to=2024-02-01'), 400);
    fits('put', '/api/calendar/overrides', await api.put(unit.admin, '/api/calendar/overrides', { date, working: true, reason: '加班' }), 403);
  });

  it('answers the reminder ladder as declared: the default, one set, and the default again', async () => {
    const path = `/api/campaigns/${campaignId}/reminder-ladder`;
    const initial = await api.get(unit.leader, path);
    fits('get', '/api/campaigns/{id}/reminder-ladder', initial, 200);
    expect(initial.body.isDefault).toBe(true);
    const set = await api.put(world.bureau.officer, path, LADDER);
    fits('put', '/api/campaigns/{id}/reminder-ladder', set, 200);
    expect(set.body).toEqual({ campaignId, isDefault: false, ladder: { ...LADDER, beforeWorkingDays: [5, 2] } });
    fits('get', '/api/campaigns/{id}/reminder-ladder', await api.get(unit.member, path), 200);
    fits('put', '/api/campaigns/{id}/reminder-ladder', await api.put(world.bureau.officer, path, { ...LADDER, beforeWorkingDays: [2, 2] }), 422);
    fits('put', '/api/campaigns/{id}/reminder-ladder', await api.put(world.bureau.officer, path, { ...LADDER, beforeWorkingDays: 'soon' }), 400);
    const reset = await api.delete(world.bureau.officer, path);
    fits('delete', '/api/campaigns/{id}/reminder-ladder', reset, 200);
    expect(reset.body).toEqual({ ...initial.body, campaignId });
  });

  it('answers due items, 催办 and urging every late task as declared', async () => {
    at('2024-02-19', '10:00');
    const due = await api.get(unit.leader, `/api/cases/${caseId}/due-items`);
    fits('get', '/api/cases/{id}/due-items', due, 200);
    const late = due.body.items.find((i: { sectionCode: string | null }) => i.sectionCode === '1.1');
    expect(late).toMatchObject({ kind: 'draft_section', recipientId: unit.member.id, dueDate: '2024-02-08', escalateTo: expect.arrayContaining([unit.leader.id]) });

    const urged = await api.post(unit.leader, `/api/cases/${caseId}/urges`, { recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: '1.1' }, message: '请今天提交。' });
    fits('post', '/api/cases/{id}/urges', urged, 201);
    expect(urged.body.task).toEqual({ kind: 'draft_section', sectionCode: '1.1' });
    fits('post', '/api/cases/{id}/urges', await api.post(unit.leader, `/api/cases/${caseId}/urges`, { recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: '1.1' } }), 409);

    // The document says the body of urge-late may be left out altogether.
    const everyone = await request(t.server).post(`/api/campaigns/${campaignId}/urge-late`).set('Authorization', `Bearer ${await api.token(world.bureau.officer)}`);
    fits('post', '/api/campaigns/{id}/urge-late', everyone, 200);
    expect(everyone.body).toEqual({ campaignId, day: '2024-02-19', overdue: 1, urged: 0, cases: 0 });
    at('2024-02-20', '10:00');
    const next = await api.post(world.bureau.officer, `/api/campaigns/${campaignId}/urge-late`, { message: '请尽快完成。' });
    fits('post', '/api/campaigns/{id}/urge-late', next, 200);
    expect(next.body).toEqual({ campaignId, day: '2024-02-20', overdue: 1, urged: 1, cases: 1 });
    fits('post', '/api/campaigns/{id}/urge-late', await api.post(unit.leader, `/api/campaigns/${campaignId}/urge-late`), 403);
  });
});
