import { tasksFrom, type CaseActions, type Role } from '@jixiao/workflow';
import { driveCase, fullScoreSheet, inDays, issueCampaign, seedDataTableInput, standardGroup, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

/**
 * The generated walk of the rulebook through the real service: every lifecycle state x every role
 * x every action the views name. For each it checks that the person's 我的待办 on the case is
 * exactly the available actions that move it forward, that the server accepts every available
 * action (each on a fresh case in that state) and that it refuses every other one with the code
 * the view gave as its reason.
 */

const STATES = ['notice_issued', 'group_formed', 'self_assessment', 'internal_review', 'sealed', 'submitted', 'submitted.accepted', 'published'] as const;
type State = (typeof STATES)[number];

interface ApiAction {
  type: string;
  available: boolean;
  progress: boolean;
  reasons: Array<{ kind: string; code: string; params: Record<string, string | number> }>;
}

/** The section the walk acts on: every section follows the same rules, and the views of all of them are checked against the task list. */
const SECTIONS = ['1.1'];

function peopleOf(unit: WorldUnit, officer: WorldUser): Array<[Role, WorldUser]> {
  return [
    ['unit_admin', unit.admin],
    ['group_leader', unit.leader],
    ['deputy_leader', unit.deputy],
    ['member', unit.member],
    ['compiler', unit.compiler],
    ['seal_keeper', unit.sealKeeper],
    ['publisher', unit.publisher],
    ['finance_officer', officer],
  ];
}

/** The request that takes an action, with a valid payload, so that only the rules decide. */
async function take(api: ApiClient, user: WorldUser, unit: WorldUnit, caseId: string, target: string, type: string) {
  const base = `/api/cases/${caseId}`;
  if (target === 'case') {
    switch (type) {
      case 'FORM_GROUP':
        return api.post(user, `${base}/events`, { type, group: standardGroup(unit) });
      case 'CHANGE_GROUP':
        return api.put(user, `${base}/group`, { group: standardGroup(unit) });
      case 'ASSIGN_SECTIONS':
        return api.put(user, `${base}/sections/1.1/assignment`, { assigneeId: unit.member.id, dueDate: inDays(10) });
      case 'ADD_APPROVER':
        return api.post(user, `${base}/approvers`, { userId: unit.member2.id, reason: '涉及专项资金，请一并审批' });
      case 'ADD_APPROVER_BEFORE':
      case 'ADD_APPROVER_AFTER':
        return api.post(user, `${base}/approvers`, { userId: unit.member2.id, reason: '请复核', placement: type === 'ADD_APPROVER_BEFORE' ? 'before' : 'after' });
      case 'CIRCULATE':
        return api.post(user, `${base}/circulations`, { userIds: [unit.member2.id], note: '请阅知' });
      case 'RETURN':
        return api.post(user, `${base}/events`, { type, reason: '请核对收入合计', sectionCodes: ['1.1'] });
      case 'PUBLISH': {
        const detail = await api.get(unit.leader, base);
        return api.post(user, `${base}/events`, { type, publishedSha256: detail.body.sealedDigest ?? '0'.repeat(64) });
      }
      default:
        return api.post(user, `${base}/events`, { type });
    }
  }
  if (target === 'dataTable') {
    if (type === 'EDIT') return api.put(user, `${base}/data-table`, { input: seedDataTableInput('2686.26') });
    const table = await api.get(unit.compiler, `${base}/data-table`);
    const warning = (table.body.problems ?? []).find((p: { severity: string; acknowledgement: unknown }) => p.severity === 'warning' && p.acknowledgement === null);
    return api.post(user, `${base}/acknowledgements`, { problemKey: warning?.key ?? 'none', comment: '已核实' });
  }
  if (target === 'scores') return api.put(user, `${base}/indicator-scores`, { input: fullScoreSheet() });
  const code = target.slice('section:'.length);
  switch (type) {
    case 'ASSIGN':
      return api.put(user, `${base}/sections/${code}/assignment`, { assigneeId: unit.member.id, dueDate: inDays(10) });
    case 'EDIT': {
      const content = await api.get(unit.leader, `${base}/sections/${code}/content`);
      return api.put(user, `${base}/sections/${code}/content`, { blocks: [{ type: 'paragraph', text: '本单位主要职能如下。' }], expectedRevision: content.body.revision ?? 0 });
    }
    case 'RETURN':
    case 'REOPEN':
    case 'REQUEST_REOPEN':
    case 'DECLINE_REOPEN':
      return api.post(user, `${base}/sections/${code}/events`, { type, reason: '数字与基础数据表不一致' });
    default:
      return api.post(user, `${base}/sections/${code}/events`, { type });
  }
}

/** What the views say one person may do on a case, in the rulebook's shape. */
async function actionsOf(api: ApiClient, user: WorldUser, caseId: string): Promise<{ actions: CaseActions; all: Array<{ target: string; action: ApiAction }> }> {
  const base = `/api/cases/${caseId}`;
  const [detail, data, scores] = await Promise.all([api.get(user, base), api.get(user, `${base}/data-table`), api.get(user, `${base}/indicator-scores`)]);
  expect(detail.status).toBe(200);
  const sections: Array<{ code: string; actions: ApiAction[] }> = detail.body.sections.map((s: { code: string; actions: ApiAction[] }) => ({ code: s.code, actions: s.actions }));
  // A finance officer reads the tables too; a view the person may not read names no actions.
  const dataActions: ApiAction[] = data.status === 200 ? data.body.actions : [];
  const scoreActions: ApiAction[] = scores.status === 200 ? scores.body.actions : [];
  const actions = { case: detail.body.actions, sections, dataTable: dataActions, scores: scoreActions, sealedVersion: null } as unknown as CaseActions;
  const all = [
    ...(detail.body.actions as ApiAction[]).map((action) => ({ target: 'case', action })),
    ...sections.filter((s) => SECTIONS.includes(s.code)).flatMap((s) => s.actions.map((action) => ({ target: `section:${s.code}`, action }))),
    ...dataActions.map((action) => ({ target: 'dataTable', action })),
    ...scoreActions.map((action) => ({ target: 'scores', action })),
  ];
  return { actions, all };
}

const taskKey = (t: { kind: string; sectionCode: string | null }) => `${t.kind}${t.sectionCode ? `:${t.sectionCode}` : ''}`;

describe('the rulebook, walked through the service', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;
  const figures = { situations: 0, actions: 0, accepted: 0, refused: 0 };

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    unit = world.units[0]!;
  }, 60_000);
  afterAll(async () => {
    // The size of the walk, for the record (the closing note quotes it).
    process.stdout.write(`rulebook walk: ${figures.situations} state x role situations, ${figures.actions} actions, ${figures.accepted} accepted, ${figures.refused} refused\n`);
    await t.close();
  });

  async function caseIn(state: State): Promise<string> {
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    if (state === 'notice_issued') return caseId;
    await driveCase(t.api, unit, world.bureau.officer, caseId, state === 'published' ? 'submitted.accepted' : state);
    if (state === 'published') {
      const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
      await t.api.event(unit.publisher, caseId, { type: 'PUBLISH', publishedSha256: detail.body.sealedDigest });
    }
    return caseId;
  }

  it.each(STATES)('in %s: tasks equal the available progress actions, available actions are accepted, the rest refused with their reason', async (state) => {
    const shared = await caseIn(state);
    const toTake: Array<{ label: string; user: WorldUser; target: string; type: string }> = [];
    for (const [role, user] of peopleOf(unit, world.bureau.officer)) {
      figures.situations += 1;
      const { actions, all } = await actionsOf(t.api, user, shared);
      const tasks = await t.api.get(user, '/api/me/tasks');
      const listed = (tasks.body.items as Array<{ caseId: string; kind: string; sectionCode: string | null }>).filter((i) => i.caseId === shared).map(taskKey).sort();
      expect({ role, tasks: listed }).toEqual({ role, tasks: tasksFrom(actions).map(taskKey).sort() });

      const refusals: Array<{ label: string; target: string; action: ApiAction }> = [];
      for (const { target, action } of all) {
        figures.actions += 1;
        const label = `${state} / ${role} / ${target} ${action.type}`;
        if (action.available) toTake.push({ label, user, target, type: action.type });
        else refusals.push({ label, target, action });
      }
      // A refused request writes nothing, so the refusals of one person are asked side by side.
      const answers = await Promise.all(refusals.map(({ target, action }) => take(t.api, user, unit, shared, target, action.type)));
      answers.forEach((response, i) => {
        const { label, action } = refusals[i]!;
        // With no warning waiting, the server names what is wrong with the problem key sent instead.
        const noWarning = action.type === 'ACKNOWLEDGE_WARNING' && action.reasons[0]!.code === 'DATA_TABLE.NO_WARNINGS';
        const expected = noWarning ? 'ACKNOWLEDGEMENT.UNKNOWN_PROBLEM' : action.reasons[0]!.kind === 'condition' ? 'CASE.CONDITIONS_NOT_MET' : action.reasons[0]!.code;
        expect({ label, status: response.status >= 400 && response.status < 500, code: response.body.code }).toEqual({ label, status: true, code: expected });
        if (expected === 'CASE.CONDITIONS_NOT_MET') {
          expect({ label, reasons: response.body.details.reasons.map((r: { code: string }) => r.code) }).toEqual({ label, reasons: action.reasons.map((r) => r.code) });
        }
        figures.refused += 1;
      });
    }
    // Each available action on a case of its own in this state, the cases built side by side.
    const fresh = await Promise.all(toTake.map(() => caseIn(state)));
    const answers = await Promise.all(toTake.map((a, i) => take(t.api, a.user, unit, fresh[i]!, a.target, a.type)));
    answers.forEach((response, i) => {
      expect({ label: toTake[i]!.label, body: response.status < 300 ? null : response.body }).toEqual({ label: toTake[i]!.label, body: null });
      figures.accepted += 1;
    });
  }, 600_000);
});
