import type { Server } from 'node:http';
import request from 'supertest';
import { DEFAULT_INDICATOR_CONFIG, indicatorLeaves } from '@jixiao/report';
import { testToday } from './clock';
import { TEST_PASSWORD, type WorldUnit, type WorldUser } from './world';

/** A thin HTTP client over supertest that signs people in once and remembers their tokens. */
export class ApiClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly server: Server | string) {}

  async token(user: WorldUser | string): Promise<string> {
    const username = typeof user === 'string' ? user : user.username;
    const known = this.tokens.get(username);
    if (known) return known;
    const response = await request(this.server).post('/api/auth/login').send({ username, password: TEST_PASSWORD });
    if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    this.tokens.set(username, response.body.accessToken);
    return response.body.accessToken;
  }

  async get(user: WorldUser, path: string) {
    return request(this.server).get(path).set('Authorization', `Bearer ${await this.token(user)}`);
  }

  async post(user: WorldUser, path: string, body: object = {}, headers: Record<string, string> = {}) {
    return request(this.server).post(path).set('Authorization', `Bearer ${await this.token(user)}`).set(headers).send(body);
  }

  async delete(user: WorldUser, path: string) {
    return request(this.server).delete(path).set('Authorization', `Bearer ${await this.token(user)}`);
  }

  async patch(user: WorldUser, path: string, body: object = {}) {
    return request(this.server).patch(path).set('Authorization', `Bearer ${await this.token(user)}`).send(body);
  }

  async put(user: WorldUser, path: string, body: object = {}) {
    return request(this.server).put(path).set('Authorization', `Bearer ${await this.token(user)}`).send(body);
  }

  /** Posts a lifecycle event and fails loudly unless it is accepted. */
  async event(user: WorldUser, caseId: string, body: object): Promise<{ version: number; state: string }> {
    const response = await this.post(user, `/api/cases/${caseId}/events`, body);
    if (response.status !== 200) throw new Error(`${JSON.stringify(body)} by ${user.username} → ${response.status} ${JSON.stringify(response.body)}`);
    return { version: response.body.case.version, state: response.body.case.state };
  }
}

/** The date `days` after today in Asia/Shanghai, by the tests' clock. */
function addDays(days: number): string {
  const d = new Date(`${testToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const inDays = addDays;

/** Creates and issues a campaign over the given units; answers its id and the case id per unit. */
export async function issueCampaign(
  api: ApiClient,
  officer: WorldUser,
  unitIds: string[],
  overrides: Record<string, unknown> = {},
): Promise<{ campaignId: string; caseIds: Map<string, string> }> {
  const created = await api.post(officer, '/api/campaigns', {
    documentNumber: `测试财〔2024〕${Math.floor(Math.random() * 1e9)}号`,
    title: '关于开展整体支出绩效自评的通知',
    fiscalYear: 2023,
    submissionDeadline: addDays(30),
    publicationDeadline: addDays(45),
    unitIds,
    ...overrides,
  });
  if (created.status !== 201) throw new Error(`create campaign → ${created.status} ${JSON.stringify(created.body)}`);
  const issued = await api.post(officer, `/api/campaigns/${created.body.id}/issue`);
  if (issued.status !== 200) throw new Error(`issue campaign → ${issued.status} ${JSON.stringify(issued.body)}`);
  const listed = await api.get(officer, `/api/cases?campaignId=${created.body.id}&limit=200`);
  const caseIds = new Map<string, string>(listed.body.items.map((c: { unitId: string; id: string }) => [c.unitId, c.id]));
  return { campaignId: created.body.id, caseIds };
}

/** The working group the tests form for a world unit: every role held by the person the world gives it. */
export function standardGroup(unit: WorldUnit) {
  return {
    leaderId: unit.leader.id,
    deputyLeaderIds: [unit.deputy.id],
    memberIds: [unit.member.id, unit.member2.id],
    compilerIds: [unit.compiler.id],
    sealKeeperIds: [unit.sealKeeper.id],
    publisherIds: [unit.publisher.id],
  };
}

export type DrivableState = 'group_formed' | 'self_assessment' | 'internal_review' | 'sealed' | 'submitted' | 'submitted.accepted';

/**
 * Moves a fresh case (notice_issued) forward, each step by the role that owns it, until it reaches
 * `target`. Every section goes to the unit's member and is approved by the deputy leader.
 */
export async function driveCase(api: ApiClient, unit: WorldUnit, officer: WorldUser, caseId: string, target: DrivableState): Promise<void> {
  const order: DrivableState[] = ['group_formed', 'self_assessment', 'internal_review', 'sealed', 'submitted', 'submitted.accepted'];
  const reach = (state: DrivableState) => order.indexOf(state) <= order.indexOf(target);
  await api.event(unit.admin, caseId, { type: 'FORM_GROUP', group: standardGroup(unit) });
  if (!reach('self_assessment')) return;
  const detail = await api.get(unit.leader, `/api/cases/${caseId}`);
  const codes: string[] = detail.body.sections.map((s: { code: string }) => s.code);
  for (const code of codes) {
    const assigned = await api.put(unit.leader, `/api/cases/${caseId}/sections/${code}/assignment`, { assigneeId: unit.member.id, dueDate: addDays(10) });
    if (assigned.status !== 200) throw new Error(`assign ${code} → ${assigned.status} ${JSON.stringify(assigned.body)}`);
  }
  await api.event(unit.leader, caseId, { type: 'START_SELF_ASSESSMENT' });
  if (!reach('internal_review')) return;
  await approveSections(api, unit, caseId, codes);
  await saveCleanTables(api, unit, caseId);
  await api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
  if (!reach('sealed')) return;
  await api.event(unit.leader, caseId, { type: 'APPROVE' });
  await api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
  if (!reach('submitted')) return;
  await api.event(unit.compiler, caseId, { type: 'SUBMIT' });
  if (!reach('submitted.accepted')) return;
  await api.event(officer, caseId, { type: 'ACCEPT' });
}

/** Submits (by the member) and approves (by the deputy leader) every named section that is not yet approved. */
export async function approveSections(api: ApiClient, unit: WorldUnit, caseId: string, codes: readonly string[]): Promise<void> {
  const detail = await api.get(unit.leader, `/api/cases/${caseId}`);
  const states = new Map<string, string>(detail.body.sections.map((s: { code: string; state: string }) => [s.code, s.state]));
  for (const code of codes) {
    if (states.get(code) === 'approved') continue;
    const submitted = await api.post(unit.member, `/api/cases/${caseId}/sections/${code}/events`, { type: 'SUBMIT' });
    if (submitted.status !== 200) throw new Error(`submit section ${code} → ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const approved = await api.post(unit.deputy, `/api/cases/${caseId}/sections/${code}/events`, { type: 'APPROVE' });
    if (approved.status !== 200) throw new Error(`approve section ${code} → ${approved.status} ${JSON.stringify(approved.body)}`);
  }
}

/**
 * The seed report's basic data table as printed: income 2686.28 万元 whose components add up to
 * 2686.26 only. `incomeTotal` replaces the printed total, e.g. '2686.26' for a clean table.
 */
export function seedDataTableInput(incomeTotal = '2686.28'): Record<string, unknown> {
  return {
    income: { total: incomeTotal, components: { generalPublicBudgetAppropriation: '2300.39', governmentFundAppropriation: '381.59', other: '4.28' } },
    expenditure: { total: '2702.04', basicAndProject: { basic: '975.88', project: '1726.16' } },
    staffing: [
      { organ: '中共湛江市霞山区委组织部', authorizedPosts: 20, staffInPost: 17, retired: 19, retiredBefore1949: 1 },
      { organ: '区委党史研究室', authorizedPosts: 3, staffInPost: 2, retired: 0, retiredBefore1949: 0 },
      { organ: '区改制企业离休干部安置管理中心', authorizedPosts: 1, staffInPost: 1, retired: 0, retiredBefore1949: 0 },
      { organ: '区党员现代远程教育管理中心', authorizedPosts: 4, staffInPost: 3, retired: 0, retiredBefore1949: 0 },
      { organ: '区党建指导中心', authorizedPosts: 30, staffInPost: 23, retired: 0, retiredBefore1949: 0 },
    ],
  };
}

/** Every leaf of the default indicator tree at full marks: complete, 100 points. */
export function fullScoreSheet(): Array<{ code: string; score: string; justification?: string }> {
  return indicatorLeaves(DEFAULT_INDICATOR_CONFIG).map((leaf) => ({ code: leaf.code, score: leaf.maximum.toFixed() }));
}

/** Saves, as the compiler, a basic data table without problems that block and a complete score sheet. */
export async function saveCleanTables(api: ApiClient, unit: WorldUnit, caseId: string): Promise<void> {
  const data = await api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput('2686.26') });
  if (data.status !== 200) throw new Error(`save data table → ${data.status} ${JSON.stringify(data.body)}`);
  const scores = await api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: fullScoreSheet() });
  if (scores.status !== 200) throw new Error(`save indicator scores → ${scores.status} ${JSON.stringify(scores.body)}`);
}

/** Forms the group, gives every section to the member (due 2024-02-22, a week before the test campaigns' deadline), approves them all and asks for review. */
export async function intoReview(api: ApiClient, unit: WorldUnit, caseId: string): Promise<void> {
  await api.event(unit.admin, caseId, { type: 'FORM_GROUP', group: standardGroup(unit) });
  const codes: string[] = (await api.get(unit.leader, `/api/cases/${caseId}`)).body.sections.map((s: { code: string }) => s.code);
  for (const code of codes) {
    const assigned = await api.put(unit.leader, `/api/cases/${caseId}/sections/${code}/assignment`, { assigneeId: unit.member.id, dueDate: '2024-02-22' });
    if (assigned.status !== 200) throw new Error(`assign ${code} → ${assigned.status} ${JSON.stringify(assigned.body)}`);
  }
  await api.event(unit.leader, caseId, { type: 'START_SELF_ASSESSMENT' });
  await approveSections(api, unit, caseId, codes);
  await saveCleanTables(api, unit, caseId);
  await api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
}

/**
 * A case sealed with a section of figures written in it (section 1.4: a heading, a paragraph and a
 * table of 收入 and 支出), every section approved and the tables saved clean.
 */
export async function sealedCaseWithFigures(api: ApiClient, unit: WorldUnit, officer: WorldUser): Promise<string> {
  const { caseIds } = await issueCampaign(api, officer, [unit.id]);
  const caseId = caseIds.get(unit.id)!;
  await driveCase(api, unit, officer, caseId, 'self_assessment');
  const saved = await api.put(unit.member, `/api/cases/${caseId}/sections/1.4/content`, {
    expectedRevision: 0,
    blocks: [
      { type: 'heading', level: 1, text: '收入支出情况' },
      { type: 'paragraph', text: '2023年度本单位收入合计2686.26万元，支出合计2702.04万元。' },
      { type: 'table', header: ['项目', '金额（万元）'], rows: [['基本支出', '975.88'], ['项目支出', '1726.16']] },
    ],
  });
  if (saved.status !== 200) throw new Error(`save section 1.4 → ${saved.status} ${JSON.stringify(saved.body)}`);
  const detail = await api.get(unit.leader, `/api/cases/${caseId}`);
  await approveSections(api, unit, caseId, detail.body.sections.map((s: { code: string }) => s.code));
  await saveCleanTables(api, unit, caseId);
  await api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
  await api.event(unit.leader, caseId, { type: 'APPROVE' });
  await api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
  return caseId;
}
