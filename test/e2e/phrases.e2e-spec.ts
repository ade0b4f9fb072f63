import { DataSource } from 'typeorm';
import { PHRASE_LIMITS } from '@jixiao/evaluation';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

describe('saved phrases (常用语)', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
  });
  afterAll(() => t.close());

  const count = async (userId: string) =>
    ((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM saved_phrases WHERE user_id = $1', [userId])) as Array<{ n: number }>)[0]!.n;

  it('offers the defaults to a person who saved none, and only their own for a use once they have saved one', async () => {
    const { leader } = world.units[0]!;
    const first = await t.api.get(leader, '/api/me/phrases?kind=return');
    expect(first.status).toBe(200);
    expect(first.body.length).toBeGreaterThan(0);
    expect(first.body.every((p: { builtIn: boolean; id: unknown; kind: string }) => p.builtIn && p.id === null && p.kind === 'return')).toBe(true);
    expect(first.body.map((p: { text: string }) => p.text)).toContain('请按意见修改后重新提交。');

    const saved = await t.api.post(leader, '/api/me/phrases', { text: '  请补充 2023 年决算数据。 ', kind: 'return' });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ text: '请补充 2023 年决算数据。', kind: 'return', builtIn: false });

    const returns = await t.api.get(leader, '/api/me/phrases?kind=return');
    expect(returns.body).toEqual([saved.body]);
    // Approval opinions still have the defaults: nothing of the leader's own is for them.
    const approvals = await t.api.get(leader, '/api/me/phrases?kind=approval');
    expect(approvals.body.map((p: { text: string }) => p.text)).toContain('同意。');
    const all = await t.api.get(leader, '/api/me/phrases');
    expect(all.body[0]).toEqual(saved.body);
    expect(all.body.filter((p: { builtIn: boolean }) => !p.builtIn)).toHaveLength(1);
  });

  it('offers a phrase saved without a kind for every use', async () => {
    const { deputy } = world.units[0]!;
    const saved = await t.api.post(deputy, '/api/me/phrases', { text: '请与财务科核对。' });
    expect(saved.status).toBe(201);
    expect(saved.body.kind).toBeNull();
    for (const kind of ['approval', 'return', 'comment']) {
      expect((await t.api.get(deputy, `/api/me/phrases?kind=${kind}`)).body).toEqual([saved.body]);
    }
  });

  it('changes and deletes a phrase of one’s own', async () => {
    const { compiler } = world.units[0]!;
    const saved = (await t.api.post(compiler, '/api/me/phrases', { text: '已核对。', kind: 'comment' })).body;
    const changed = await t.api.patch(compiler, `/api/me/phrases/${saved.id}`, { text: '已核对，无误。', kind: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: saved.id, text: '已核对，无误。', kind: null });
    const removed = await t.api.delete(compiler, `/api/me/phrases/${saved.id}`);
    expect(removed.status).toBe(200);
    expect(await count(compiler.id)).toBe(0);
    expect((await t.api.delete(compiler, `/api/me/phrases/${saved.id}`)).body.code).toBe('PHRASE.NOT_FOUND');
  });

  it('answers 404 for another person’s phrase, and changes nothing', async () => {
    const { member, member2 } = world.units[0]!;
    const saved = (await t.api.post(member, '/api/me/phrases', { text: '同意修改。' })).body;
    const patched = await t.api.patch(member2, `/api/me/phrases/${saved.id}`, { text: '改掉' });
    expect({ status: patched.status, code: patched.body.code }).toEqual({ status: 404, code: 'PHRASE.NOT_FOUND' });
    const deleted = await t.api.delete(member2, `/api/me/phrases/${saved.id}`);
    expect({ status: deleted.status, code: deleted.body.code }).toEqual({ status: 404, code: 'PHRASE.NOT_FOUND' });
    expect((await t.api.delete(member2, '/api/me/phrases/not-a-uuid')).status).toBe(404);
    expect((await t.api.get(member, '/api/me/phrases?kind=comment')).body).toEqual([saved]);
  });

  it.each([
    ['a blank text', { text: '   ' }],
    ['no text', { kind: 'return' }],
    ['a text over the limit', { text: '长'.repeat(PHRASE_LIMITS.length + 1) }],
    ['an unknown kind', { text: '同意。', kind: 'praise' }],
    ['an unknown field', { text: '同意。', colour: 'red' }],
  ])('refuses %s with 400 and saves nothing', async (_name, body) => {
    const { sealKeeper } = world.units[0]!;
    const response = await t.api.post(sealKeeper, '/api/me/phrases', body);
    expect(response.status).toBe(400);
    expect(response.body.code).toMatch(/^VALIDATION\./);
    expect(response.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await count(sealKeeper.id)).toBe(0);
  });

  it('refuses the same text twice, also through a change', async () => {
    const { publisher } = world.units[0]!;
    await t.api.post(publisher, '/api/me/phrases', { text: '同意公开。' });
    const again = await t.api.post(publisher, '/api/me/phrases', { text: '同意公开。 ', kind: 'approval' });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'PHRASE.DUPLICATE' });
    const other = (await t.api.post(publisher, '/api/me/phrases', { text: '暂缓公开。' })).body;
    const clash = await t.api.patch(publisher, `/api/me/phrases/${other.id}`, { text: '同意公开。' });
    expect({ status: clash.status, code: clash.body.code }).toEqual({ status: 409, code: 'PHRASE.DUPLICATE' });
    expect(await count(publisher.id)).toBe(2);
  });

  it(`keeps at most ${PHRASE_LIMITS.perPerson} phrases per person, even when saves race`, async () => {
    const { admin } = world.units[0]!;
    for (let i = 0; i < PHRASE_LIMITS.perPerson - 3; i += 1) {
      expect((await t.api.post(admin, '/api/me/phrases', { text: `第 ${i} 条` })).status).toBe(201);
    }
    const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => t.api.post(admin, '/api/me/phrases', { text: `并发 ${i}` })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422, 422]);
    expect(racing.filter((r) => r.status === 422).every((r) => r.body.code === 'PHRASE.TOO_MANY')).toBe(true);
    expect(await count(admin.id)).toBe(PHRASE_LIMITS.perPerson);
  });

  it('lets the same text be saved by two saves racing only once', async () => {
    const { officer } = world.bureau;
    const racing = await Promise.all([1, 2, 3].map(() => t.api.post(officer, '/api/me/phrases', { text: '同意接收。', kind: 'approval' })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await count(officer.id)).toBe(1);
  });
});
