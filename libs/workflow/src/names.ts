import type { Role } from './roles';
import type { SectionState } from './section-states';

/**
 * Chinese names of roles and states, for the parameters of codes and reasons: a refusal says
 * "需要以下角色之一：评价小组组长、分管领导", never a role's code.
 */
export const ROLE_NAMES = {
  finance_officer: '财政局绩效科人员',
  unit_admin: '单位管理员',
  group_leader: '评价小组组长',
  deputy_leader: '分管领导',
  member: '小组成员',
  compiler: '填报人员',
  seal_keeper: '印章管理员',
  publisher: '公开人员',
  system_admin: '系统管理员',
} as const satisfies Record<Role, string>;

/** What people call each lifecycle state, by its dotted name. */
export const STATE_NAMES = {
  notice_issued: '已下发通知',
  group_formed: '已成立评价小组',
  self_assessment: '自评中',
  internal_review: '内部审核中',
  sealed: '已盖章',
  submitted: '已报送',
  'submitted.awaiting_acceptance': '已报送，待财政局接收',
  'submitted.accepted': '财政局已接收',
  published: '已公开',
} as const;

export type LifecycleStateName = keyof typeof STATE_NAMES;

export const SECTION_STATE_NAMES = {
  assigned: '已分配',
  drafting: '撰写中',
  submitted: '待审核',
  approved: '已审核',
} as const satisfies Record<SectionState, string>;

/** Role names joined as a Chinese list: 评价小组组长、分管领导. */
export function roleLabels(roles: readonly string[]): string {
  return roles.map((role) => (ROLE_NAMES as Record<string, string>)[role] ?? role).join('、');
}

export const roleNames = (roles: readonly Role[]): string => roleLabels(roles);

export function stateLabel(state: string): string {
  return (STATE_NAMES as Record<string, string>)[state] ?? state;
}

export const stateNameZh = stateLabel;

/** What each recorded event is called, in the history a person reads and exports. */
export const EVENT_NAMES: Readonly<Record<string, string>> = {
  ISSUE: '下发通知',
  FORM_GROUP: '成立评价小组',
  CHANGE_GROUP: '调整评价小组',
  START_SELF_ASSESSMENT: '开始自评',
  REQUEST_REVIEW: '提请内部审核',
  APPROVE: '审核通过',
  RETURN: '退回',
  SEAL: '盖章',
  SUBMIT: '报送财政局',
  ACCEPT: '接收',
  PUBLISH: '登记公开',
  ADD_APPROVER: '加签',
  REASSIGN: '转交任务',
  ASSIGN_SECTION: '分配章节',
  SECTION_START_DRAFTING: '开始撰写章节',
  SECTION_SUBMIT: '提交章节',
  SECTION_APPROVE: '审核通过章节',
  SECTION_RETURN: '退回章节',
  URGE: '催办',
  SECTION_WITHDRAW: '撤回章节',
  SECTION_REOPEN: '重新打开章节',
  SECTION_REQUEST_REOPEN: '申请重新打开章节',
  SECTION_DECLINE_REOPEN: '不同意重新打开章节',
  WITHDRAW_REVIEW: '撤回审核申请',
  WITHDRAW_SUBMISSION: '撤回报送',
  ADD_APPROVER_BEFORE: '前加签',
  ADD_APPROVER_AFTER: '后加签',
  CIRCULATE: '传阅',
  READ_CIRCULATION: '已阅',
};
