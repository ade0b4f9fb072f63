/** What the security log records of people's accounts and sessions (等保 2.0's audit trail). */
export const SECURITY_EVENT_KINDS = [
  'login',
  'logout',
  'refresh',
  'password_change',
  'request_refused',
  'account_created',
  'account_disabled',
  'account_enabled',
  'invitation_accepted',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export const SECURITY_OUTCOMES = ['success', 'failure', 'reused', 'refused', 'throttled'] as const;
export type SecurityOutcome = (typeof SECURITY_OUTCOMES)[number];

/** The events' Chinese names, for the console's security log and the auditors' export alike. */
export const SECURITY_EVENT_NAMES = {
  login: '登录',
  logout: '退出登录',
  refresh: '续期登录',
  password_change: '修改密码',
  request_refused: '请求被拒绝',
  account_created: '创建账号',
  account_disabled: '停用账号',
  account_enabled: '启用账号',
  invitation_accepted: '接受邀请',
} as const satisfies Record<SecurityEventKind, string>;

export const SECURITY_OUTCOME_NAMES = {
  success: '成功',
  failure: '失败',
  // A refresh token presented again after it was rotated: the session is ended, as it may be stolen.
  reused: '令牌被重复使用',
  refused: '已拒绝',
  throttled: '过于频繁',
} as const satisfies Record<SecurityOutcome, string>;
