import type { Role } from './roles';
import type { SectionState } from './section.machine';

/** What people call each role, for texts that name who may act (`CASE.ROLE_NOT_ALLOWED`). */
export const ROLE_NAMES: Record<Role, string> = {
  finance_officer: '财政局绩效科人员',
  unit_admin: '单位管理员',
  group_leader: '评价小组组长',
  deputy_leader: '分管领导',
  member: '小组成员',
  compiler: '填报人员',
  seal_keeper: '印章管理员',
  publisher: '公开人员',
  system_admin: '系统管理员',
};

/** What people call each lifecycle state, by its dotted name. */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  notice_issued: '已下发通知',
  group_formed: '已成立评价小组',
  self_assessment: '自评中',
  internal_review: '内部审核中',
  sealed: '已盖章',
  submitted: '已报送',
  'submitted.awaiting_acceptance': '已报送，待财政局接收',
  'submitted.accepted': '财政局已接收',
  published: '已公开',
};

export const SECTION_STATE_NAMES: Record<SectionState, string> = {
  assigned: '已分配',
  drafting: '撰写中',
  submitted: '待审核',
  approved: '已审核',
};

/** Role names joined as a Chinese list: 评价小组组长、分管领导. */
export function roleLabels(roles: readonly string[]): string {
  return roles.map((role) => ROLE_NAMES[role as Role] ?? role).join('、');
}

export function stateLabel(state: string): string {
  return STATE_NAMES[state] ?? state;
}
