import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { MailDispatcher, WORKING_DAYS } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { fullScoreSheet, inDays, issueCampaign, seedDataTableInput } from '../support/api-client';
import { newOutboxRow } from '../support/mail';
import { ResponseSchemas, type Schema } from '../support/openapi-schema';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World, type WorldUnit } from '../support/world';
import { testNow } from '../support/clock';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ALL_DAY = { start: '00:00', end: '24:00' };

/**
 * The OpenAPI document is what the console's types are generated from, so it must say what the
 * service answers. Each real answer below is checked against the schema its route declares.
 */
describe('the OpenAPI document describes the real answers', () => {
  let t: TestApp;
  let dataDir: string;
  let world: World;
  let unit: WorldUnit;
  let schemas: ResponseSchemas;
  let document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
  let campaignId: string;
  let caseId: string;

  /** Fails the test with every difference between the answer and its route's schema. */
  function fits(method: string, template: string, response: { status: number; body: unknown }, status: number): void {
    expect({ status: response.status, body: response.status === status ? 'as expected' : response.body }).toEqual({ status, body: 'as expected' });
    schemas.assertFits(method, template, response);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-openapi-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockReturnValue(true);
    world = await newWorld(t.app);
    unit = world.units[0]!;
    const issued = await issueCampaign(t.api, world.bureau.officer, [unit.id], { roundingTolerance: '0.02' });
    campaignId = issued.campaignId;
    caseId = issued.caseIds.get(unit.id)!;
    document = (await request(t.server).get('/api/docs-json')).body;
    schemas = new ResponseSchemas(document as never);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('declares a success answer with a body (or 204) and the error body for every route', () => {
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        const described = success.some(([status, answer]) => status === '204' || answer.content !== undefined);
        const refusal = operation.responses['4XX']?.content?.['application/json'] as { schema?: { $ref?: string } } | undefined;
        if (!described || refusal?.schema?.$ref !== '#/components/schemas/ApiErrorDto') undeclared.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(Object.keys(document.paths).length).toBeGreaterThan(40);
  });

  it('takes a case from the notice to sealed with every answer as declared', async () => {
    const { leader, member, member2, compiler, sealKeeper, admin } = unit;
    fits('get', '/api/cases', await t.api.get(world.bureau.officer, `/api/cases?campaignId=${campaignId}`), 200);
    const group = { leaderId: leader.id, deputyLeaderIds: [unit.deputy.id], memberIds: [member.id, member2.id], compilerIds: [compiler.id], sealKeeperIds: [sealKeeper.id], publisherIds: [unit.publisher.id] };
    fits('post', '/api/cases/{id}/events', await t.api.post(admin, `/api/cases/${caseId}/events`, { type: 'FORM_GROUP', group }), 200);
    fits('put', '/api/cases/{id}/group', await t.api.put(admin, `/api/cases/${caseId}/group`, { group: { ...group, remits: [{ userId: unit.deputy.id, sectionCodes: ['1.1'] }] } }), 200);

    const detail = await t.api.get(leader, `/api/cases/${caseId}`);
    fits('get', '/api/cases/{id}', detail, 200);
    const codes: string[] = detail.body.sections.map((s: { code: string }) => s.code);
    for (const code of codes) {
      fits('put', '/api/cases/{id}/sections/{code}/assignment', await t.api.put(leader, `/api/cases/${caseId}/sections/${code}/assignment`, { assigneeId: member.id, dueDate: inDays(10) }), 200);
    }
    await t.api.event(leader, caseId, { type: 'START_SELF_ASSESSMENT' });

    const first = codes[0]!;
    const blocks = [
      { type: 'heading', level: 1, text: '职能' },
      { type: 'paragraph', text: '本部门主要职责是党的组织工作。' },
      { type: 'table', caption: '人员', header: ['类别', '人数'], rows: [['在职', '17']] },
    ];
    fits('put', '/api/cases/{id}/sections/{code}/content', await t.api.put(member, `/api/cases/${caseId}/sections/${first}/content`, { blocks, expectedRevision: 0 }), 200);
    fits('get', '/api/cases/{id}/sections/{code}/content', await t.api.get(leader, `/api/cases/${caseId}/sections/${first}/content`), 200);
    fits('get', '/api/cases/{id}/sections/{code}/content', await t.api.get(leader, `/api/cases/${caseId}/sections/${codes[1]}/content`), 200);
    fits('get', '/api/cases/{id}/sections/{code}/revisions', await t.api.get(leader, `/api/cases/${caseId}/sections/${first}/revisions`), 200);
    fits('get', '/api/me/tasks', await t.api.get(member, '/api/me/tasks'), 200);
    for (const code of codes) {
      fits('post', '/api/cases/{id}/sections/{code}/events', await t.api.post(member, `/api/cases/${caseId}/sections/${code}/events`, { type: 'SUBMIT' }), 200);
      fits('post', '/api/cases/{id}/sections/{code}/events', await t.api.post(leader, `/api/cases/${caseId}/sections/${code}/events`, { type: 'APPROVE' }), 200);
    }

    fits('get', '/api/cases/{id}/data-table', await t.api.get(compiler, `/api/cases/${caseId}/data-table`), 200);
    fits('get', '/api/cases/{id}/indicator-scores', await t.api.get(compiler, `/api/cases/${caseId}/indicator-scores`), 200);
    const saved = await t.api.put(compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput(), expectedRevision: 0 });
    fits('put', '/api/cases/{id}/data-table', saved, 200);
    const warning = saved.body.problems.find((p: { severity: string }) => p.severity === 'warning');
    fits('post', '/api/cases/{id}/acknowledgements', await t.api.post(compiler, `/api/cases/${caseId}/acknowledgements`, { problemKey: warning.key, comment: '尾差，已核对' }), 201);
    const table = await t.api.get(compiler, `/api/cases/${caseId}/data-table`);
    fits('get', '/api/cases/{id}/data-table', table, 200);
    expect(table.body.problems.some((p: { acknowledgement: unknown }) => p.acknowledgement !== null)).toBe(true);
    fits('put', '/api/cases/{id}/indicator-scores', await t.api.put(compiler, `/api/cases/${caseId}/indicator-scores`, { input: fullScoreSheet(), expectedRevision: 0 }), 200);
    fits('get', '/api/cases/{id}/indicator-scores', await t.api.get(compiler, `/api/cases/${caseId}/indicator-scores`), 200);

    await t.api.event(compiler, caseId, { type: 'REQUEST_REVIEW' });
    fits('post', '/api/cases/{id}/approvers', await t.api.post(leader, `/api/cases/${caseId}/approvers`, { userId: member2.id, reason: '涉及专项资金，请会签' }), 201);
    fits('post', '/api/cases/{id}/events', await t.api.post(leader, `/api/cases/${caseId}/events`, { type: 'APPROVE' }), 200);
    await t.api.event(member2, caseId, { type: 'APPROVE' });
    fits('post', '/api/cases/{id}/events', await t.api.post(sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' }), 200);

    fits('get', '/api/cases/{id}/sealed-versions', await t.api.get(leader, `/api/cases/${caseId}/sealed-versions`), 200);
    const docx = await t.api.get(leader, `/api/cases/${caseId}/sealed-versions/1/document`);
    expect(docx.status).toBe(200);
    expect(docx.headers['content-type']).toContain(DOCX);
    expect(schemas.responseSchema('get', '/api/cases/{id}/sealed-versions/{version}/document', 200, DOCX)).toEqual({ type: 'string', format: 'binary' });
    const draft = await t.api.get(leader, `/api/cases/${caseId}/draft.docx`);
    expect(draft.status).toBe(200);
    expect(draft.headers['content-type']).toContain(DOCX);
    expect(schemas.responseSchema('get', '/api/cases/{id}/draft.docx', 200, DOCX)).toEqual({ type: 'string', format: 'binary' });
    const draftHtml = await t.api.get(leader, `/api/cases/${caseId}/draft.html`);
    expect(draftHtml.status).toBe(200);
    expect(draftHtml.headers['content-type']).toContain('text/html');
    expect(schemas.responseSchema('get', '/api/cases/{id}/draft.html', 200, 'text/html')).toEqual({ type: 'string' });
    fits('get', '/api/cases/{id}/history', await t.api.get(leader, `/api/cases/${caseId}/history`), 200);
    fits('get', '/api/cases/{id}/history/verify', await t.api.get(leader, `/api/cases/${caseId}/history/verify`), 200);
    fits('get', '/api/me/tasks', await t.api.get(compiler, '/api/me/tasks'), 200);
  }, 60_000);

  it('answers the finance bureau’s campaign, tracking and statistics routes as declared', async () => {
    const officer = world.bureau.officer;
    fits('get', '/api/campaigns', await t.api.get(officer, '/api/campaigns'), 200);
    fits('get', '/api/campaigns/{id}', await t.api.get(officer, `/api/campaigns/${campaignId}`), 200);
    const draft = await t.api.post(officer, '/api/campaigns', {
      documentNumber: `测试财〔2024〕${randomInt(1e9)}号`,
      title: '关于开展整体支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [unit.id],
    });
    fits('post', '/api/campaigns', draft, 201);
    fits('patch', '/api/campaigns/{id}', await t.api.patch(officer, `/api/campaigns/${draft.body.id}`, { title: '关于开展整体支出绩效自评工作的通知' }), 200);
    fits('put', '/api/campaigns/{id}/units', await t.api.put(officer, `/api/campaigns/${draft.body.id}/units`, { unitIds: [unit.id] }), 200);
    fits('get', '/api/units', await t.api.get(officer, `/api/units?search=${encodeURIComponent(unit.name)}`), 200);
    fits('post', '/api/campaigns/{id}/deadline-extensions', await t.api.post(officer, `/api/campaigns/${campaignId}/deadline-extensions`, { caseId, deadline: inDays(40), reason: '系统维护' }), 200);
    fits('get', '/api/campaigns/{id}/tracking', await t.api.get(officer, `/api/campaigns/${campaignId}/tracking`), 200);
    fits('get', '/api/campaigns/{id}/statistics', await t.api.get(officer, `/api/campaigns/${campaignId}/statistics?compareWith=${draft.body.id}`), 200);
    fits('get', '/api/campaigns/{id}/units/{unitId}/lateness', await t.api.get(officer, `/api/campaigns/${campaignId}/units/${unit.id}/lateness`), 200);
    // A case not submitted and one of no campaign: both refused, with every nullable field null.
    fits('post', '/api/campaigns/{id}/batch-decisions', await t.api.post(officer, `/api/campaigns/${campaignId}/batch-decisions`, { type: 'ACCEPT', caseIds: [caseId, randomUUID()] }), 200);
    const csv = await t.api.get(officer, `/api/campaigns/${campaignId}/tracking/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(schemas.responseSchema('get', '/api/campaigns/{id}/tracking/export', 200, 'text/csv')).toEqual({ type: 'string', format: 'binary' });
  });

  it('answers the mailbox, mail administration and preferences as declared', async () => {
    const mail = await newOutboxRow(t.app, { recipientId: unit.member.id, sendAfter: testNow(), payload: { window: ALL_DAY, link: `/cases/${caseId}` } });
    await t.app.get(Transactor).manager.query(`UPDATE users SET email = NULL WHERE id = $1`, [unit.publisher.id]);
    const failed = await newOutboxRow(t.app, { recipientId: unit.publisher.id, sendAfter: testNow(), payload: { window: ALL_DAY } });
    await t.app.get(MailDispatcher).deliverDue({ organisationIds: [unit.id] });
    const box = await t.api.get(unit.member, '/api/mailbox');
    fits('get', '/api/mailbox', box, 200);
    expect(box.body.items.map((m: { id: string }) => m.id)).toContain(mail);
    fits('get', '/api/mailbox/{id}', await t.api.get(unit.member, `/api/mailbox/${mail}`), 200);
    const failures = await t.api.get(unit.admin, '/api/admin/mail');
    fits('get', '/api/admin/mail', failures, 200);
    expect(failures.body.items.map((m: { id: string }) => m.id)).toContain(failed);
    fits('get', '/api/admin/mail', await t.api.get(unit.admin, '/api/admin/mail?status=sent'), 200);
    fits('post', '/api/admin/mail/{id}/retry', await t.api.post(unit.admin, `/api/admin/mail/${failed}/retry`), 200);
    fits('get', '/api/me/notification-preferences', await t.api.get(unit.member, '/api/me/notification-preferences'), 200);
    fits('put', '/api/me/notification-preferences', await t.api.put(unit.member, '/api/me/notification-preferences', { digest: true }), 200);
  });

  it('answers sign-in, people, delegations and the security log as declared', async () => {
    fits('get', '/api/health', await request(t.server).get('/api/health'), 200);
    const login = await request(t.server).post('/api/auth/login').send({ username: unit.member2.username, password: TEST_PASSWORD });
    fits('post', '/api/auth/login', login, 200);
    fits('post', '/api/auth/refresh', await request(t.server).post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }), 200);
    fits('get', '/api/auth/me', await t.api.get(unit.member2, '/api/auth/me'), 200);
    fits('get', '/api/security-events', await t.api.get(unit.admin, '/api/security-events'), 200);

    fits('get', '/api/organisations/{id}', await t.api.get(unit.admin, `/api/organisations/${unit.id}`), 200);
    const office = await t.api.post(unit.admin, `/api/organisations/${unit.id}/sub-offices`, { kind: 'office', name: '干部监督组' });
    fits('post', '/api/organisations/{id}/sub-offices', office, 201);
    const person = await t.api.post(unit.admin, `/api/organisations/${unit.id}/users`, {
      username: `openapi.${world.tag}`,
      displayName: '新同事',
      password: 'Another@Passw0rd',
      roles: ['member'],
    });
    fits('post', '/api/organisations/{id}/users', person, 201);
    fits('patch', '/api/users/{id}', await t.api.patch(unit.admin, `/api/users/${person.body.id}`, { subOfficeId: office.body.subOffices[0].id }), 200);
    fits('get', '/api/organisations/{id}/users', await t.api.get(unit.admin, `/api/organisations/${unit.id}/users`), 200);

    const given = await t.api.post(unit.deputy, '/api/delegations', { kind: 'delegation', delegateId: unit.member2.id, reason: '出差', startsOn: inDays(0), endsOn: inDays(2) });
    fits('post', '/api/delegations', given, 201);
    const fresh = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await t.api.event(unit.admin, fresh, { type: 'FORM_GROUP', group: { leaderId: unit.leader.id, memberIds: [unit.member.id], compilerIds: [unit.compiler.id], publisherIds: [unit.publisher.id] } });
    const handedOn = { kind: 'reassignment', delegateId: unit.member2.id, reason: '调岗', caseId: fresh, task: { type: 'role', role: 'publisher' } };
    fits('post', '/api/delegations', await t.api.post(unit.publisher, '/api/delegations', handedOn), 201);
    fits('get', '/api/delegations', await t.api.get(unit.admin, '/api/delegations'), 200);
    fits('delete', '/api/delegations/{id}', await t.api.delete(unit.deputy, `/api/delegations/${given.body.id}`), 200);
  });

  it('answers the budget-unit directory and its import as declared', async () => {
    const officer = world.bureau.officer;
    fits('get', '/api/directory/units', await t.api.get(officer, '/api/directory/units?includeArchived=true'), 200);
    const created = await t.api.post(officer, '/api/directory/units', { code: '909001', name: '文档单位', parentId: unit.id, unitType: 'institution', contactEmail: 'doc@xiashan.example' });
    fits('post', '/api/directory/units', created, 201);
    fits('get', '/api/directory/units/{id}', await t.api.get(officer, `/api/directory/units/${created.body.id}`), 200);
    fits('patch', '/api/directory/units/{id}', await t.api.patch(officer, `/api/directory/units/${created.body.id}`, { name: '文档单位（更名）', parentId: null }), 200);
    fits('post', '/api/directory/units/{id}/archive', await t.api.post(officer, `/api/directory/units/${created.body.id}/archive`, { reason: '撤并' }), 200);
    fits('post', '/api/directory/units/{id}/restore', await t.api.post(officer, `/api/directory/units/${created.body.id}/restore`), 200);
    fits('get', '/api/directory/units/{id}/changes', await t.api.get(officer, `/api/directory/units/${created.body.id}/changes`), 200);
    const file = Buffer.from('单位代码,单位名称,主管部门\n909002,文档下属单位,909001\n', 'utf8');
    const send = async (query: string) =>
      request(t.server).post(`/api/directory/import?${query}`).set('Authorization', `Bearer ${await t.api.token(officer)}`).set('Content-Type', 'text/csv').send(file);
    const preview = await send('mode=preview');
    fits('post', '/api/directory/import', preview, 200);
    fits('post', '/api/directory/import', await send(`mode=apply&digest=${preview.body.digest}`), 200);
  });

  it('answers refusals with the one error body the document declares', async () => {
    fits('get', '/api/cases/{id}', await t.api.get(unit.leader, '/api/cases/00000000-0000-4000-8000-000000000000'), 404);
    const invalid = await t.api.put(unit.leader, `/api/cases/${caseId}/sections/1.1/assignment`, { assigneeId: 'nobody', dueDate: '2024-02-30' });
    fits('put', '/api/cases/{id}/sections/{code}/assignment', invalid, 400);
    expect(invalid.body.fields.length).toBeGreaterThan(0);
    // Not the member's step in any state: who may act answers before the case's step does.
    fits('post', '/api/cases/{id}/events', await t.api.post(unit.member, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedSha256: 'a'.repeat(64) }), 403);
    fits('post', '/api/cases/{id}/events', await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedSha256: 'a'.repeat(64) }), 409);
    fits('post', '/api/auth/login', await request(t.server).post('/api/auth/login').send({ username: unit.member.username, password: 'wrong password' }), 401);
  });

  it('finds every way an answer departs from its schema', () => {
    const schema = schemas.responseSchema('get', '/api/cases/{id}/history/verify', 200);
    const honest = { caseId: '00000000-0000-4000-8000-000000000000', valid: false, records: 3, firstBroken: { seq: 2, reason: 'hash' }, authenticated: true };
    expect(schemas.problems(schema, honest)).toEqual([]);
    expect(schemas.problems(schema, { ...honest, firstBroken: null })).toEqual([]);
    const { records: _records, ...missing } = honest;
    expect(schemas.problems(schema, missing)).toEqual(['$.records: required, but missing']);
    expect(schemas.problems(schema, { ...honest, valid: null })).toEqual(['$.valid: null, but the schema does not allow null']);
    expect(schemas.problems(schema, { ...honest, records: '3' })).toEqual(['$.records: string, but the schema says number']);
    expect(schemas.problems(schema, { ...honest, firstBroken: { seq: 2, reason: 'gone' } })).toEqual(['$.firstBroken.reason: "gone" is not one of ["seq","prev_hash","hash","key","head"]']);
    expect(schemas.problems(schema, { ...honest, caseId: 'c-1' })).toEqual(['$.caseId: "c-1" is not a UUID']);
    expect(schemas.problems(schema, { ...honest, secret: 'x' })).toEqual(['$.secret: answered, but not in the schema']);
    const blocks = (schemas.responseSchema('get', '/api/cases/{id}/sections/{code}/revisions', 200) as { items: Schema }).items;
    const revision = { revision: 1, contentVersion: 1, authorId: honest.caseId, savedAt: '2024-03-01T08:00:00.000Z', blocks: [{ type: 'paragraph', text: '正文' }] };
    expect(schemas.problems(blocks, revision)).toEqual([]);
    expect(schemas.problems(blocks, { ...revision, savedAt: '2024-03-01' })).toEqual(['$.savedAt: "2024-03-01" is not an ISO date-time']);
    expect(schemas.problems(blocks, { ...revision, blocks: [{ type: 'list', items: [] }] })).toEqual(['$.blocks[0]: fits 0 of the 3 schemas of oneOf, not exactly one']);
  });
});
