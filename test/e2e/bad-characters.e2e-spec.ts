import request from 'supertest';
import { WORKING_DAYS } from '@jixiao/evaluation';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driveCase, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

const NESTED_10000 = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

/** The three inputs that once answered 500, each with the code it must get instead. */
describe('characters and shapes no person can mean get a 400 with a stable code', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;
  let dataDir: string;
  let caseId: string;
  let sealedCaseId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-bad-characters-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockReturnValue(true);
    world = await newWorld(t.app);
    unit = world.units[0]!;
    caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    sealedCaseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, sealedCaseId, 'sealed');
  }, 90_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a NUL in the sign-in user name, naming the field, without anyone signed in', async () => {
    const response = await request(t.server).post('/api/auth/login').send({ username: `${unit.member.username}\u0000`, password: 'x' });
    expect({ status: response.status, code: response.body.code, fields: response.body.fields }).toEqual({
      status: 400,
      code: 'REQUEST.INVALID_CHARACTER',
      fields: [{ field: 'username', problems: [expect.stringContaining('U+0000')] }],
    });
  });

  it('refuses a lone surrogate written as a JSON escape', async () => {
    const response = await request(t.server).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":"a\\ud800b","password":"x"}');
    expect({ status: response.status, code: response.body.code, field: response.body.fields?.[0]?.field }).toEqual({
      status: 400,
      code: 'REQUEST.INVALID_CHARACTER',
      field: 'username',
    });
  });

  it('refuses a NUL in a search parameter', async () => {
    const response = await t.api.get(world.bureau.officer, `/api/units?search=${encodeURIComponent('单位\u0000')}`);
    expect({ status: response.status, code: response.body.code, field: response.body.fields?.[0]?.field }).toEqual({
      status: 400,
      code: 'REQUEST.INVALID_CHARACTER',
      field: 'search',
    });
  });

  it('refuses a state filter longer than any state name', async () => {
    const response = await t.api.get(world.bureau.officer, `/api/cases?state=${'x'.repeat(10_000)}`);
    expect({ status: response.status, code: response.body.code, field: response.body.fields?.[0]?.field }).toEqual({
      status: 400,
      code: 'VALIDATION.FIELD_INVALID',
      field: 'state',
    });
  });

  it('refuses a NUL in a name and in a reason, and writes nothing', async () => {
    const office = await t.api.post(unit.admin, `/api/organisations/${unit.id}/sub-offices`, { kind: 'office', name: '干部\u0000监督组' });
    expect({ status: office.status, code: office.body.code, field: office.body.fields?.[0]?.field }).toEqual({ status: 400, code: 'REQUEST.INVALID_CHARACTER', field: 'name' });
    const returned = await t.api.post(unit.admin, `/api/cases/${caseId}/events`, { type: 'FORM_GROUP', group: { leaderId: unit.leader.id, memberIds: ['\u0000'], compilerIds: [] } });
    expect({ status: returned.status, code: returned.body.code, field: returned.body.fields?.[0]?.field }).toEqual({
      status: 400,
      code: 'REQUEST.INVALID_CHARACTER',
      field: 'group.memberIds.0',
    });
    const organisation = await t.api.get(unit.admin, `/api/organisations/${unit.id}`);
    expect(JSON.stringify(organisation.body)).not.toContain('监督组');
  });

  it('refuses a NUL in a path parameter', async () => {
    const response = await t.api.get(unit.leader, `/api/cases/${caseId}/sections/1.1%00/content`);
    expect({ status: response.status, code: response.body.code, field: response.body.fields?.[0]?.field }).toEqual({ status: 400, code: 'REQUEST.INVALID_CHARACTER', field: 'code' });
  });

  it('refuses a body nested 10,000 deep before anything walks it', async () => {
    const token = await t.api.token(unit.admin);
    for (const body of [NESTED_10000, `{"type":"FORM_GROUP","group":${NESTED_10000}}`]) {
      const response = await request(t.server).post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(body);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'REQUEST.TOO_DEEP' });
      expect(response.body.message).toMatch(/64/);
    }
  });

  it.each([
    ['PUT', '/group', 'admin', { group: { leaderId: 'L', memberIds: ['M'], compilerIds: ['C'] } }, 'expectedVersion'],
    ['PUT', '/sections/1.1/assignment', 'leader', { assigneeId: 'M', dueDate: '2030-01-10' }, 'expectedVersion'],
    ['POST', '/sections/1.1/events', 'member', { type: 'START_DRAFTING' }, 'expectedVersion'],
    ['PUT', '/data-table', 'compiler', { input: {} }, 'expectedRevision'],
    ['PUT', '/indicator-scores', 'compiler', { input: [] }, 'expectedRevision'],
  ] as const)('refuses %s …%s with %s past what a version can be', async (method, suffix, who, body, field) => {
    const ids: Record<string, string> = { L: unit.leader.id, M: unit.member.id, C: unit.compiler.id };
    const filled = JSON.parse(JSON.stringify(body).replace(/"([LMC])"/g, (_whole, key: string) => JSON.stringify(ids[key]))) as object;
    const user = unit[who];
    const url = `/api/cases/${caseId}${suffix}`;
    const payload = { ...filled, [field]: 2_147_483_648 };
    const response = method === 'PUT' ? await t.api.put(user, url, payload) : await t.api.post(user, url, payload);
    expect({ status: response.status, code: response.body.code, fields: response.body.fields?.map((f: { field: string }) => f.field) }).toEqual({
      status: 400,
      code: 'VALIDATION.FIELD_INVALID',
      fields: [field],
    });
  });

  it.each([['2147483648'], ['-1'], ['0'], ['99999999999999999999']])('answers 404 for sealed version %s, past what a version can be', async (version) => {
    for (const what of ['preview', 'document']) {
      const response = await t.api.get(unit.leader, `/api/cases/${sealedCaseId}/sealed-versions/${version}/${what}`);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 404, code: 'SEALED_VERSION.NOT_FOUND' });
    }
  });
});
