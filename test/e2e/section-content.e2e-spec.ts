import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

const paragraph = (text: string) => ({ type: 'paragraph', text });

describe('section content with revisions over HTTP', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;
  let stranger: WorldUnit;
  let caseId: string;

  const contentPath = (code: string, id = caseId) => `/api/cases/${id}/sections/${code}/content`;
  const revisionsPath = (code: string, id = caseId) => `/api/cases/${id}/sections/${code}/revisions`;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    [unit, stranger] = [world.units[0]!, world.units[1]!];
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id, stranger.id]);
    caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
  }, 60_000);
  afterAll(() => t.close());

  it('keeps every save as a revision, and the first save starts the drafting', async () => {
    const first = await t.api.put(unit.member, contentPath('1.1'), {
      blocks: [{ type: 'heading', text: '单位职能' }, paragraph('负责全区组织工作。')],
      expectedRevision: 0,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ code: '1.1', state: 'drafting', revision: 1, authorId: unit.member.id, problems: [] });

    const second = await t.api.put(unit.member, contentPath('1.1'), {
      blocks: [paragraph('负责全区组织工作和干部管理。'), { type: 'table', header: ['项目', '金额（万元）'], rows: [['基本支出', '120.50']] }],
      expectedRevision: first.body.revision,
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ state: 'drafting', revision: 2 });

    const latest = await t.api.get(unit.leader, contentPath('1.1'));
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ revision: 2, blocks: second.body.blocks });

    const revisions = await t.api.get(unit.leader, revisionsPath('1.1'));
    expect(revisions.body.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(revisions.body[1].blocks).toEqual(first.body.blocks);
  });

  it('answers a save from a stale revision with 409, the current revision and its blocks, and overwrites nothing', async () => {
    const mine = await t.api.put(unit.member, contentPath('1.4'), { blocks: [paragraph('本年收入合计1000万元。')], expectedRevision: 0 });
    expect(mine.status).toBe(200);
    const stale = await t.api.put(unit.member, contentPath('1.4'), { blocks: [paragraph('另一个窗口里的旧稿。')], expectedRevision: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('SECTION.REVISION_CONFLICT');
    expect(stale.body.details).toEqual({ currentRevision: 1, blocks: mine.body.blocks });

    const revisions = await t.api.get(unit.member, revisionsPath('1.4'));
    expect(revisions.body).toHaveLength(1);
    expect(revisions.body[0]).toMatchObject({ revision: 1, blocks: mine.body.blocks });
  });

  it('reports template text left in the section as a problem, and still saves it', async () => {
    const saved = await t.api.put(unit.member, contentPath('1.2'), { blocks: [paragraph('请填写本单位的机构设置情况。')], expectedRevision: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(1);
    expect(saved.body.problems).toEqual([expect.objectContaining({ code: 'SECTION.TEMPLATE_TEXT', path: 'sections.1.2.blocks.0' })]);
    const read = await t.api.get(unit.compiler, contentPath('1.2'));
    expect(read.body.problems.map((p: { code: string }) => p.code)).toEqual(['SECTION.TEMPLATE_TEXT']);
  });

  it('refuses anyone but the assignee with 403', async () => {
    for (const who of [unit.member2, unit.leader, unit.admin]) {
      const refused = await t.api.put(who, contentPath('2.1'), { blocks: [paragraph('代写。')], expectedRevision: 0 });
      expect({ who: who.username, status: refused.status }).toEqual({ who: who.username, status: 403 });
    }
    const revisions = await t.api.get(unit.member, revisionsPath('2.1'));
    expect(revisions.body).toEqual([]);
  });

  it('lets a stand-in write for the assignee under a delegation', async () => {
    const delegation = await t.api.post(unit.member, '/api/delegations', {
      kind: 'delegation',
      delegateId: unit.member2.id,
      reason: '出差',
      startsOn: inDays(0),
      endsOn: inDays(2),
    });
    expect(delegation.status).toBe(201);
    const saved = await t.api.put(unit.member2, contentPath('2.2'), { blocks: [paragraph('代为撰写。')], expectedRevision: 0, actingFor: unit.member.id });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ revision: 1, authorId: unit.member2.id });
  });

  it('answers 404 to people of another unit, for reads and saves alike', async () => {
    const save = await t.api.put(stranger.member, contentPath('1.1'), { blocks: [paragraph('越权。')], expectedRevision: 2 });
    const read = await t.api.get(stranger.member, contentPath('1.1'));
    const list = await t.api.get(stranger.leader, revisionsPath('1.1'));
    expect([save.status, read.status, list.status]).toEqual([404, 404, 404]);
  });

  it('refuses malformed blocks with 422 and their problems, and writes nothing', async () => {
    const bad = await t.api.put(unit.member, contentPath('3.1'), {
      blocks: [paragraph('正文。'), { type: 'image', src: 'x.png' }, { type: 'table', header: ['a', 'b'], rows: [['1']] }],
      expectedRevision: 0,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('SECTION.INVALID_CONTENT');
    expect(bad.body.details.problems.map((p: { path: string }) => p.path)).toEqual(['sections.3.1.blocks.1.type', 'sections.3.1.blocks.2.rows.0']);
    const notAList = await t.api.put(unit.member, contentPath('3.1'), { blocks: '正文', expectedRevision: 0 });
    expect(notAList.status).toBe(400);
    const read = await t.api.get(unit.member, contentPath('3.1'));
    expect(read.body).toMatchObject({ revision: 0, blocks: [], state: 'assigned' });
    expect((await t.api.get(unit.member, revisionsPath('3.1'))).body).toEqual([]);
  });

  it('refuses a save while the case is not in self-assessment with 409', async () => {
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const earlyId = caseIds.get(unit.id)!;
    // The group is formed and the section assigned, but the self-assessment has not started.
    await driveCase(t.api, unit, world.bureau.officer, earlyId, 'group_formed');
    const assigned = await t.api.put(unit.leader, `/api/cases/${earlyId}/sections/1.1/assignment`, { assigneeId: unit.member.id, dueDate: inDays(10) });
    expect(assigned.status).toBe(200);
    const refused = await t.api.put(unit.member, contentPath('1.1', earlyId), { blocks: [paragraph('晚了。')], expectedRevision: 0 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SECTION.NOT_IN_SELF_ASSESSMENT');
    expect((await t.api.get(unit.member, revisionsPath('1.1', earlyId))).body).toEqual([]);
  }, 30_000);
});
