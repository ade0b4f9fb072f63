import request from 'supertest';
import { DataSource } from 'typeorm';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

describe('bad input gets a clear 4xx and writes nothing', () => {
  let t: TestApp;
  let world: World;
  let caseId: string;
  let token: string;

  const historyCount = async (): Promise<number> => {
    const rows: Array<{ n: number }> = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM case_history WHERE case_id = $1', [caseId]);
    return rows[0]!.n;
  };

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: String(1024 * 1024) });
    world = await newWorld(t.app);
    const unit = world.units[0]!;
    caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'internal_review');
    token = await t.api.token(unit.leader);
  });
  afterAll(() => t.close());

  const post = (body: string | object, contentType = 'application/json') =>
    request(t.server).post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);

  it.each([
    ['malformed JSON', '{"type": "APPROVE",', 400, 'REQUEST.MALFORMED_JSON'],
    ['an unknown field', { type: 'APPROVE', approvedBy: 'me' }, 400, 'VALIDATION.UNKNOWN_FIELD'],
    ['an unknown event type', { type: 'APPROVE_ALL' }, 400, 'VALIDATION.FIELD_INVALID'],
    ['a wrong type', { type: 'APPROVE', expectedVersion: 'three' }, 400, 'VALIDATION.FIELD_INVALID'],
    ['a RETURN without a reason', { type: 'RETURN', sectionCodes: ['1.1'] }, 400, 'VALIDATION.FIELD_INVALID'],
    ['a RETURN with a blank reason', { type: 'RETURN', reason: '   ', sectionCodes: ['1.1'] }, 400, 'VALIDATION.FIELD_INVALID'],
    ['a field that does not belong to the event', { type: 'APPROVE', reason: 'ok' }, 400, 'VALIDATION.FIELD_NOT_ALLOWED'],
    ['an out-of-range version', { type: 'APPROVE', expectedVersion: 0 }, 400, 'VALIDATION.FIELD_INVALID'],
    ['a RETURN naming a section the report lacks', { type: 'RETURN', reason: '补充', sectionCodes: ['9.9'] }, 422, 'SECTION.UNKNOWN'],
  ])('refuses %s', async (_name, body, status, code) => {
    const before = await historyCount();
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.body.message.length).toBeGreaterThan(10);
    expect(await historyCount()).toBe(before);
  });

  it('names the fields at fault', async () => {
    const response = await post({ type: 'RETURN', sectionCodes: 'all' });
    expect(response.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['reason', 'sectionCodes']);
  });

  it('refuses a body over the size limit with 413', async () => {
    const before = await historyCount();
    const response = await post({ type: 'APPROVE', comment: 'x'.repeat(1024 * 1024 + 10) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('REQUEST.TOO_LARGE');
    expect(await historyCount()).toBe(before);
  });

  it.each([
    ['a date that does not exist', { submissionDeadline: '2025-02-30' }, 'submissionDeadline'],
    ['a date before 2000', { publicationDeadline: '1999-12-31' }, 'publicationDeadline'],
    ['a fiscal year out of range', { fiscalYear: 3024 }, 'fiscalYear'],
    ['a unit id that is not a UUID', { unitIds: ['not-a-uuid'] }, 'unitIds'],
    ['no units at all', { unitIds: [] }, 'unitIds'],
  ])('refuses a campaign with %s', async (_name, override, field) => {
    const response = await t.api.post(world.bureau.officer, '/api/campaigns', {
      documentNumber: '测试财〔2024〕1号',
      title: '通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(10),
      publicationDeadline: inDays(20),
      unitIds: [world.units[0]!.id],
      ...override,
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION.FIELD_INVALID');
    expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('refuses a campaign whose publication deadline comes before its submission deadline', async () => {
    const response = await t.api.post(world.bureau.officer, '/api/campaigns', {
      documentNumber: `测试财〔2024〕${world.tag}号`,
      title: '通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(20),
      publicationDeadline: inDays(10),
      unitIds: [world.units[0]!.id],
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('CAMPAIGN.DEADLINES_OUT_OF_ORDER');
    const listed = await t.api.get(world.bureau.officer, '/api/campaigns');
    expect(listed.body.items.some((c: { documentNumber: string }) => c.documentNumber === `测试财〔2024〕${world.tag}号`)).toBe(false);
  });

  it('refuses unknown and duplicate units without creating the campaign', async () => {
    const unknown = await t.api.post(world.bureau.officer, '/api/campaigns', {
      documentNumber: `测试财〔2024〕u${world.tag}号`,
      title: '通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(10),
      publicationDeadline: inDays(20),
      unitIds: [world.units[0]!.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'CAMPAIGN.UNKNOWN_UNIT', details: { unitIds: ['00000000-0000-4000-8000-000000000000'] } });
    const duplicate = await t.api.post(world.bureau.officer, '/api/campaigns', {
      documentNumber: `测试财〔2024〕d${world.tag}号`,
      title: '通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(10),
      publicationDeadline: inDays(20),
      unitIds: [world.units[0]!.id, world.units[0]!.id],
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.code).toBe('CAMPAIGN.DUPLICATE_UNIT');
    const listed = await t.api.get(world.bureau.officer, '/api/campaigns?limit=200');
    expect(listed.body.items.filter((c: { documentNumber: string }) => c.documentNumber.includes(world.tag))).toHaveLength(0);
  });

  it('answers 404 for an unknown or malformed case id and for an unknown route', async () => {
    const unit = world.units[0]!;
    expect((await t.api.get(unit.leader, '/api/cases/00000000-0000-4000-8000-000000000000')).body.code).toBe('CASE.NOT_FOUND');
    expect((await t.api.get(unit.leader, '/api/cases/42')).status).toBe(404);
    const route = await t.api.get(unit.leader, '/api/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.code).toBe('ROUTE.NOT_FOUND');
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const response = await post({ type: 'APPROVE' }).set('Idempotency-Key', 'short');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('IDEMPOTENCY.KEY_INVALID');
  });
});
