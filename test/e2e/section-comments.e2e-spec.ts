import { DataSource } from 'typeorm';
import { driveCase, issueCampaign, standardGroup } from '../support/api-client';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

describe('comments on a section', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;
  let caseId: string;
  const path = (code = '1.2') => `/api/cases/${caseId}/sections/${code}/comments`;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    unit = world.units[0]!;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id, world.units[1]!.id]);
    caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
    const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.2/content`, {
      blocks: [
        { type: 'heading', text: '预算执行情况' },
        { type: 'paragraph', text: '2023 年度部门预算执行率为 98.6%，较上年提高 2.1 个百分点，全年支出 2702.04 万元。' },
      ],
      expectedRevision: 0,
    });
    expect(saved.status).toBe(200);
  }, 60_000);
  afterAll(() => t.close());

  const rows = async () => ((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM section_comments WHERE case_id = $1', [caseId])) as Array<{ n: number }>)[0]!.n;

  it('lets the leader comment on a block, quoting it, and the writer reply and resolve; the log keeps who resolved', async () => {
    const created = await t.api.post(unit.leader, path(), { text: '执行率请与决算报表核对。', blockIndex: 1 });
    expect(created.status).toBe(201);
    const thread = created.body.threads.at(-1);
    expect(thread).toMatchObject({ text: '执行率请与决算报表核对。', blockIndex: 1, revision: 1, resolvedAt: null, mayDelete: true, mayResolve: false });
    expect(thread.blockQuote).toMatch(/^2023 年度部门预算执行率为 98\.6%/);
    expect(created.body.mayComment).toBe(true);

    const seen = await t.api.get(unit.member, path());
    expect(seen.status).toBe(200);
    const mine = seen.body.threads.find((c: { id: string }) => c.id === thread.id);
    expect(mine).toMatchObject({ mayResolve: true, mayDelete: false, authorId: unit.leader.id });
    expect(seen.body.open).toBeGreaterThanOrEqual(1);

    const replied = await t.api.post(unit.member, `${path()}/${thread.id}/replies`, { text: '已核对，改为 98.5%。' });
    expect(replied.status).toBe(201);
    expect(replied.body.threads.find((c: { id: string }) => c.id === thread.id).replies).toMatchObject([{ text: '已核对，改为 98.5%。', authorId: unit.member.id }]);
    // Answered: its author may no longer withdraw it.
    const withdraw = await t.api.delete(unit.leader, `${path()}/${thread.id}`);
    expect({ status: withdraw.status, code: withdraw.body.code }).toEqual({ status: 409, code: 'COMMENT.ANSWERED' });

    const resolved = await t.api.post(unit.member, `${path()}/${thread.id}/resolve`);
    expect(resolved.status).toBe(200);
    const after = resolved.body.threads.find((c: { id: string }) => c.id === thread.id);
    expect(after).toMatchObject({ resolvedById: unit.member.id, mayResolve: false, mayReopen: true });
    expect(after.log).toMatchObject([{ kind: 'resolved', actorId: unit.member.id }]);

    // The leader started the thread: they may reopen it.
    const reopened = await t.api.post(unit.leader, `${path()}/${thread.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.threads.find((c: { id: string }) => c.id === thread.id).log.map((e: { kind: string }) => e.kind)).toEqual(['resolved', 'reopened']);
  });

  it('tells the writer of a comment, the thread of a reply and its author of a resolve, in the console', async () => {
    type Notice = { caseId: string | null; kind: string; sectionCode: string | null; link: string; params: { reason?: string } };
    const notices = async (user: typeof unit.leader, kind: string) =>
      ((await t.api.get(user, '/api/me/notifications?limit=100')).body.items as Notice[]).filter((n) => n.caseId === caseId && n.kind === kind);
    const writerBefore = (await notices(unit.member, 'COMMENT')).length;
    const created = await t.api.post(unit.leader, path(), { text: '第二段的支出数请注明口径。', blockIndex: 1 });
    expect(created.status).toBe(201);
    const told = await notices(unit.member, 'COMMENT');
    expect(told).toHaveLength(writerBefore + 1);
    expect(told[0]).toMatchObject({ sectionCode: '1.2', link: `/cases/${caseId}/sections/1.2`, params: { reason: '第二段的支出数请注明口径。' } });
    // Nobody hears of their own comment.
    expect(await notices(unit.leader, 'COMMENT')).toHaveLength(0);

    const thread = created.body.threads.at(-1);
    expect((await t.api.post(unit.member, `${path()}/${thread.id}/replies`, { text: '已注明为决算口径。' })).status).toBe(201);
    expect((await notices(unit.leader, 'COMMENT_REPLY')).length).toBeGreaterThanOrEqual(1);
    const resolvedBefore = (await notices(unit.leader, 'COMMENT_RESOLVED')).length;
    expect((await t.api.post(unit.member, `${path()}/${thread.id}/resolve`)).status).toBe(200);
    expect(await notices(unit.leader, 'COMMENT_RESOLVED')).toHaveLength(resolvedBefore + 1);
    // A resolve refused (already resolved) tells nobody again.
    expect((await t.api.post(unit.member, `${path()}/${thread.id}/resolve`)).status).toBe(409);
    expect(await notices(unit.leader, 'COMMENT_RESOLVED')).toHaveLength(resolvedBefore + 1);
  });

  it('keeps a comment on a block saying what it was about after the text changes', async () => {
    const created = await t.api.post(unit.deputy, path(), { text: '小标题可以更具体。', blockIndex: 0 });
    const id = created.body.threads.at(-1).id;
    const content = await t.api.get(unit.member, `/api/cases/${caseId}/sections/1.2/content`);
    await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.2/content`, { blocks: [{ type: 'paragraph', text: '全文改写。' }], expectedRevision: content.body.revision });
    const listed = await t.api.get(unit.deputy, path());
    expect(listed.body.threads.find((c: { id: string }) => c.id === id)).toMatchObject({ blockIndex: 0, blockQuote: '预算执行情况', revision: content.body.revision });
  });

  it('lets an author withdraw an unanswered comment, and nobody else', async () => {
    const created = await t.api.post(unit.compiler, path(), { text: '数字格式请统一。' });
    const id = created.body.threads.at(-1).id;
    const byOther = await t.api.delete(unit.leader, `${path()}/${id}`);
    expect({ status: byOther.status, code: byOther.body.code }).toEqual({ status: 403, code: 'COMMENT.NOT_AUTHOR' });
    const byAuthor = await t.api.delete(unit.compiler, `${path()}/${id}`);
    expect(byAuthor.status).toBe(200);
    expect(byAuthor.body.threads.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await t.api.post(unit.compiler, `${path()}/${id}/resolve`)).body.code).toBe('COMMENT.NOT_FOUND');
  });

  it.each([
    ['a member who does not write this section', (u: WorldUnit) => u.member2, 403, 'COMMENT.ROLE_NOT_ALLOWED'],
    ['the seal keeper', (u: WorldUnit) => u.sealKeeper, 403, 'COMMENT.ROLE_NOT_ALLOWED'],
    ['the unit admin', (u: WorldUnit) => u.admin, 403, 'COMMENT.ROLE_NOT_ALLOWED'],
  ])('refuses %s, reading or writing', async (_name, who, status, code) => {
    const before = await rows();
    const read = await t.api.get(who(unit), path());
    expect({ status: read.status, code: read.body.code }).toEqual({ status, code });
    const write = await t.api.post(who(unit), path(), { text: '我也想说一句。' });
    expect({ status: write.status, code: write.body.code }).toEqual({ status, code });
    expect(await rows()).toBe(before);
  });

  it('answers 404 outside the case’s unit, and refuses the finance officer', async () => {
    const other = world.units[1]!;
    const outside = await t.api.get(other.leader, path());
    expect({ status: outside.status, code: outside.body.code }).toEqual({ status: 404, code: 'CASE.NOT_FOUND' });
    const officer = await t.api.post(world.bureau.officer, path(), { text: '财政局意见' });
    expect({ status: officer.status, code: officer.body.code }).toEqual({ status: 403, code: 'COMMENT.ROLE_NOT_ALLOWED' });
    expect((await t.api.get(unit.leader, `/api/cases/${caseId}/sections/9.9/comments`)).body.code).toBe('SECTION.NOT_FOUND');
    expect((await t.api.post(unit.leader, `${path()}/not-a-uuid/resolve`)).body.code).toBe('COMMENT.NOT_FOUND');
  });

  it('refuses a deputy outside their remit, and lets them comment within it', async () => {
    const group = standardGroup(unit);
    expect((await t.api.put(unit.admin, `/api/cases/${caseId}/group`, { group: { ...group, remits: [{ userId: unit.deputy.id, sectionCodes: ['1.1'] }] } })).status).toBe(200);
    try {
      expect((await t.api.post(unit.deputy, path('1.2'), { text: '超出分管范围' })).body.code).toBe('COMMENT.ROLE_NOT_ALLOWED');
      expect((await t.api.post(unit.deputy, path('1.1'), { text: '分管范围内的意见' })).status).toBe(201);
      const counts = await t.api.get(unit.deputy, `/api/cases/${caseId}/comment-counts`);
      expect(counts.body.map((c: { sectionCode: string }) => c.sectionCode)).toEqual(['1.1']);
    } finally {
      await t.api.put(unit.admin, `/api/cases/${caseId}/group`, { group });
    }
  });

  it('only the writer resolves; a reply to a reply and a block that is not there are refused', async () => {
    const created = await t.api.post(unit.leader, path(), { text: '请补充绩效目标完成情况。' });
    const id = created.body.threads.at(-1).id;
    const byLeader = await t.api.post(unit.leader, `${path()}/${id}/resolve`);
    expect({ status: byLeader.status, code: byLeader.body.code }).toEqual({ status: 403, code: 'COMMENT.NOT_WRITER' });
    const reply = (await t.api.post(unit.member, `${path()}/${id}/replies`, { text: '好的。' })).body.threads.find((c: { id: string }) => c.id === id).replies[0];
    const nested = await t.api.post(unit.leader, `${path()}/${reply.id}/replies`, { text: '再回复' });
    expect({ status: nested.status, code: nested.body.code }).toEqual({ status: 422, code: 'COMMENT.REPLY_TO_REPLY' });
    const resolveReply = await t.api.post(unit.member, `${path()}/${reply.id}/resolve`);
    expect({ status: resolveReply.status, code: resolveReply.body.code }).toEqual({ status: 422, code: 'COMMENT.NOT_A_THREAD' });
    const farBlock = await t.api.post(unit.leader, path(), { text: '这一段？', blockIndex: 40 });
    expect({ status: farBlock.status, code: farBlock.body.code }).toEqual({ status: 422, code: 'COMMENT.BLOCK_UNKNOWN' });
    expect(farBlock.body.message).toContain('第 41 段');
    const notResolved = await t.api.post(unit.member, `${path()}/${id}/reopen`);
    expect({ status: notResolved.status, code: notResolved.body.code }).toEqual({ status: 409, code: 'COMMENT.NOT_RESOLVED' });
  });

  it.each([
    ['a blank text', { text: '  ' }],
    ['no text', {}],
    ['a text over 2000 characters', { text: '长'.repeat(2001) }],
    ['a negative block', { text: '意见', blockIndex: -1 }],
    ['a block that is not a number', { text: '意见', blockIndex: '1' }],
    ['an unknown field', { text: '意见', quote: '自己写的引文' }],
  ])('refuses %s with 400 and writes nothing', async (_name, body) => {
    const before = await rows();
    const response = await t.api.post(unit.leader, path(), body);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await rows()).toBe(before);
  });

  it('counts the open threads per section for the case page', async () => {
    const counts = await t.api.get(unit.member, `/api/cases/${caseId}/comment-counts`);
    expect(counts.status).toBe(200);
    const listed = await t.api.get(unit.member, path());
    expect(counts.body.find((c: { sectionCode: string }) => c.sectionCode === '1.2')).toEqual({ sectionCode: '1.2', open: listed.body.open, total: listed.body.threads.length });
    // Someone who takes part in no section's comments sees no counts, not a refusal.
    expect((await t.api.get(unit.sealKeeper, `/api/cases/${caseId}/comment-counts`)).body).toEqual([]);
  });

  itOnRealServer('lets one of two racing resolves win; the other is told it was resolved already', async () => {
    const created = await t.api.post(unit.leader, path(), { text: '并发解决测试。' });
    const id = created.body.threads.at(-1).id;
    const answers = await Promise.all([1, 2, 3].map(() => t.api.post(unit.member, `${path()}/${id}/resolve`)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'COMMENT.ALREADY_RESOLVED')).toBe(true);
    const logged = (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM section_comment_events WHERE comment_id = $1 AND kind = 'resolved'`, [id])) as Array<{ n: number }>;
    expect(logged[0]!.n).toBe(1);
  });

  it('closes the comments once the report is sealed, and still shows them', async () => {
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const sealedId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, sealedId, 'sealed');
    const closed = await t.api.post(unit.leader, `/api/cases/${sealedId}/sections/1.1/comments`, { text: '盖章后还能评论吗？' });
    expect({ status: closed.status, code: closed.body.code }).toEqual({ status: 409, code: 'COMMENT.SECTION_CLOSED' });
    expect(closed.body.message).toContain('已盖章');
    const read = await t.api.get(unit.leader, `/api/cases/${sealedId}/sections/1.1/comments`);
    expect(read.status).toBe(200);
    expect(read.body.mayComment).toBe(false);
  }, 60_000);
});
