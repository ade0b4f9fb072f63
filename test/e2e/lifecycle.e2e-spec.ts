import { approveSections, driveCase, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

describe('one case from notice to publication over HTTP', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
  });
  afterAll(() => t.close());

  it('goes through every state, with a return from internal review and a return by the finance bureau', async () => {
    const { api } = t;
    const unit = world.units[0]!;
    const officer = world.bureau.officer;
    const { caseIds } = await issueCampaign(api, officer, [unit.id], { approvalMode: 'countersign' });
    const caseId = caseIds.get(unit.id)!;

    await driveCase(api, unit, officer, caseId, 'internal_review');

    // Internal review: the deputy leader returns two sections; they reopen and approvals start over.
    await api.event(unit.leader, caseId, { type: 'APPROVE' });
    const returned = await api.event(unit.deputy, caseId, { type: 'RETURN', reason: '1.4 的支出数据与决算表不一致', sectionCodes: ['1.4', '3.1'] });
    expect(returned.state).toBe('self_assessment');
    const reopened = await api.get(unit.leader, `/api/cases/${caseId}`);
    const stateOf = (code: string) => reopened.body.sections.find((s: { code: string }) => s.code === code).state;
    expect([stateOf('1.4'), stateOf('3.1'), stateOf('1.1')]).toEqual(['drafting', 'drafting', 'approved']);
    expect(reopened.body.approvals).toEqual([]);

    await approveSections(api, unit, caseId, ['1.4', '3.1']);
    await api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    // Countersign: sealing needs the leader and the deputy leader.
    await api.event(unit.leader, caseId, { type: 'APPROVE' });
    const early = await api.post(unit.sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CASE.CONDITIONS_NOT_MET');
    expect(early.body.details.reasons.map((r: { code: string }) => r.code)).toEqual(['REVIEW.APPROVALS_MISSING']);
    await api.event(unit.deputy, caseId, { type: 'APPROVE' });
    expect((await api.event(unit.sealKeeper, caseId, { type: 'SEAL' })).state).toBe('sealed');
    expect((await api.event(unit.compiler, caseId, { type: 'SUBMIT' })).state).toBe('submitted.awaiting_acceptance');

    // The finance bureau returns the submission: the seal is voided and version 2 begins.
    const back = await api.post(officer, `/api/cases/${caseId}/events`, { type: 'RETURN', reason: '自评得分依据不足' });
    expect(back.status).toBe(200);
    expect(back.body.case).toMatchObject({ state: 'self_assessment', contentVersion: 2, sealedDigest: null, returns: 2 });

    await api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await api.event(unit.leader, caseId, { type: 'APPROVE' });
    await api.event(unit.deputy, caseId, { type: 'APPROVE' });
    await api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    await api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await api.event(officer, caseId, { type: 'ACCEPT' });

    const accepted = await api.get(unit.publisher, `/api/cases/${caseId}`);
    expect(accepted.body.allowedEvents).toEqual(['PUBLISH']);
    const wrongDocument = await api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedSha256: 'f'.repeat(64) });
    expect(wrongDocument.status).toBe(409);
    expect(wrongDocument.body.details.reasons[0].code).toBe('PUBLICATION.MISMATCH');

    const published = await api.event(unit.publisher, caseId, {
      type: 'PUBLISH',
      publishedSha256: accepted.body.sealedDigest,
      publishedUrl: 'https://www.xiashan.gov.cn/zdlyxxgkzl/czyjs/bmyjs/',
    });
    expect(published.state).toBe('published');

    const history = await api.get(officer, `/api/cases/${caseId}/history`);
    const lifecycle = history.body.filter((h: { event: string }) => !h.event.startsWith('SECTION_') && h.event !== 'ASSIGN_SECTION');
    expect(lifecycle.map((h: { event: string; toState: string }) => `${h.event}→${h.toState}`)).toEqual([
      'ISSUE→notice_issued',
      'FORM_GROUP→group_formed',
      'START_SELF_ASSESSMENT→self_assessment',
      'REQUEST_REVIEW→internal_review',
      'APPROVE→internal_review',
      'RETURN→self_assessment',
      'REQUEST_REVIEW→internal_review',
      'APPROVE→internal_review',
      'APPROVE→internal_review',
      'SEAL→sealed',
      'SUBMIT→submitted.awaiting_acceptance',
      'RETURN→self_assessment',
      'REQUEST_REVIEW→internal_review',
      'APPROVE→internal_review',
      'APPROVE→internal_review',
      'SEAL→sealed',
      'SUBMIT→submitted.awaiting_acceptance',
      'ACCEPT→submitted.accepted',
      'PUBLISH→published',
    ]);
    const seqs = history.body.map((h: { seq: number }) => h.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    const financeReturn = lifecycle[11];
    expect(financeReturn).toMatchObject({ actorId: officer.id, comment: '自评得分依据不足', contentVersion: 1 });
    // The finance officer and the unit admin act outside the working group; the history still names them.
    const nameOf = async (user: typeof officer) => (await api.get(user, '/api/auth/me')).body.displayName as string;
    expect(financeReturn).toMatchObject({ actorName: await nameOf(officer), onBehalfOfName: null });
    expect(lifecycle[1]).toMatchObject({ event: 'FORM_GROUP', actorId: unit.admin.id, actorName: await nameOf(unit.admin) });
    expect(lifecycle[0]).toMatchObject({ event: 'ISSUE', actorName: await nameOf(officer) });
    expect(lifecycle[12].contentVersion).toBe(2);
  });
});
