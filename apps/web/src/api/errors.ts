import type { ApiProblem } from './client';

/** What each stable error code means, said to the person in front of the screen. */
const MESSAGES: Record<string, string> = {
  NETWORK: '无法连接服务器，请检查网络后重试。',
  'AUTH.INVALID_CREDENTIALS': '用户名或密码不正确。',
  'AUTH.TOO_MANY_ATTEMPTS': '尝试次数过多，为保护账号已暂停登录，请稍后再试。',
  'REQUEST.RATE_LIMITED': '操作太频繁，请稍后再试。',
  'AUTH.REQUIRED': '请先登录。',
  'AUTH.TOKEN_EXPIRED': '登录已过期，请重新登录。',
  'AUTH.TOKEN_INVALID': '登录已失效，请重新登录。',
  'AUTH.SESSION_IDLE': '长时间未操作，已自动退出，请重新登录。',
  'AUTH.REFRESH_REUSED': '登录已在别处续期，为安全起见已退出，请重新登录。',
  'AUTH.REFRESH_EXPIRED': '登录已到期，请重新登录。',
  'AUTH.ACCOUNT_DISABLED': '这个账号已停用，请联系本单位管理员启用。',
  'AUTH.PASSWORD_CHANGE_REQUIRED': '请先修改初始密码，之后才能使用其他功能。',
  'AUTH.PASSWORD_UNCHANGED': '新密码不能与当前密码相同。',
  'AUTH.PASSWORD_TOO_WEAK': '密码强度不够：至少 10 位，含大写字母、小写字母、数字和符号中的三类，且不能包含用户名。',
  'VALIDATION.FIELD_INVALID': '有填写不正确的内容，请按提示修改。',
  'VALIDATION.UNKNOWN_FIELD': '提交了系统不认识的内容，请刷新页面后重试。',
  'VALIDATION.FIELD_NOT_ALLOWED': '提交的内容与此操作不符，请刷新页面后重试。',
  'REQUEST.TOO_LARGE': '文件或内容太大，无法提交。',
  'CASE.NOT_FOUND': '找不到这个评价任务，或您无权查看。',
  'CASE.VERSION_CONFLICT': '在您操作之前，其他人已经修改了这个评价任务。',
  'CASE.TRANSITION_NOT_ALLOWED': '评价任务当前所处的环节不能进行这个操作，可能其他人已先一步处理。',
  'CASE.CONDITIONS_NOT_MET': '条件尚未满足，暂时不能进行这个操作：',
  'CASE.ROLE_NOT_ALLOWED': '您的角色不能进行这个操作。',
  'CAMPAIGN.ALREADY_ISSUED': '这份通知已经下发过了。',
  'CAMPAIGN.DEADLINES_OUT_OF_ORDER': '公开截止日期不能早于报送截止日期。',
  'CAMPAIGN.DEADLINE_PASSED': '截止日期已过，请修改截止日期。',
  'CAMPAIGN.UNKNOWN_UNIT': '有单位编号不存在，请核对。',
  'CAMPAIGN.DUPLICATE_UNIT': '同一单位填写了两次。',
  'CAMPAIGN.DUPLICATE_DOCUMENT_NUMBER': '已有相同文号的通知。',
  'CAMPAIGN.ROLE_NOT_ALLOWED': '只有负责这份通知的财政局绩效科人员可以进行这个操作。',
  'CAMPAIGN.NOT_FOUND': '找不到这份通知，或您无权查看。',
  'GROUP.USER_NOT_IN_UNIT': '所选人员不属于本单位。',
  'GROUP.LEADER_MISSING': '请指定评价小组组长。',
  'GROUP.MEMBER_MISSING': '请至少指定一名小组成员。',
  'GROUP.COMPILER_MISSING': '请至少指定一名填报人员。',
  'SECTION.SELF_APPROVAL': '不能审核自己撰写的章节。',
  'SECTION.NOT_APPROVER': '这个章节不在您的审核范围内。',
  'SECTION.NOT_ASSIGNEE': '只有被分配的撰写人可以编辑和提交这个章节。',
  'SECTION.REVISION_CONFLICT': '在您保存之前，其他人已经保存了这个章节的新版本。',
  'SECTION.VERSION_CONFLICT': '在您操作之前，其他人已经处理了这个章节。',
  'SECTION.TRANSITION_NOT_ALLOWED': '章节当前的状态不能进行这个操作，可能其他人已先一步处理。',
  'SECTION.NOT_EDITABLE': '这个章节现在不能编辑（已提交或已审核）。',
  'SECTION.DUE_DATE_OUT_OF_RANGE': '完成期限须在今天和报送截止日期之间。',
  'SECTION.ASSIGNMENT_CLOSED': '自评开始后不能再分配章节。',
  'REPORT_TABLE.REVISION_CONFLICT': '在您保存之前，其他人已经保存了这张表的新版本。',
  'REPORT_TABLE.NOT_IN_SELF_ASSESSMENT': '只能在自评阶段填写数据表。',
  'REPORT_TABLE.ROLE_NOT_ALLOWED': '只有本评价任务的填报人员可以填写数据表。',
  'DATA_TABLE.INVALID_INPUT': '基础数据表有填写错误，未保存：',
  'INDICATORS.INVALID_INPUT': '指标评分有填写错误，未保存：',
  'ACKNOWLEDGEMENT.COMMENT_REQUIRED': '确认警告时请填写说明。',
  'REVIEW.ALREADY_APPROVED': '您已经审批过这一版本。',
  'REVIEW.ALREADY_AN_APPROVER': '此人已经是审批人。',
  'REVIEW.APPROVER_NOT_IN_UNIT': '加签人须是本单位人员。',
  'PUBLICATION.MISMATCH': '公开的文件与盖章版本不一致，不能登记公开：',
  'SEALED_VERSION.NOT_FOUND': '找不到这个盖章版本。',
  'USER.USERNAME_TAKEN': '这个用户名已被使用。',
  'USER.LAST_ADMIN': '单位至少要保留一名管理员。',
  'USER.CANNOT_DISABLE_SELF': '不能停用自己的账号，请由本单位其他管理员操作。',
  'ORG.ROLE_NOT_ALLOWED': '只有本单位管理员可以管理人员。',
  'ORG.SUB_OFFICE_EXISTS': '已有同名的组室或下属单位。',
  'IDEMPOTENCY.KEY_REUSED': '这个操作已经提交过，请刷新页面查看结果。',
  // The finance bureau's tracking, configuration and import, and mail.
  'AUTH.FORBIDDEN': '您无权进行这个操作。',
  'ROUTE.NOT_FOUND': '找不到这个页面或接口。',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': '文件格式不支持，请上传 .xlsx 工作簿或 UTF-8 编码的 .csv 文件。',
  'REQUEST.TOO_MANY': '请求太频繁，请稍后再试。',
  'REQUEST.INVALID': '提交的内容无法读取，请刷新页面后重试。',
  'REQUEST.MALFORMED_JSON': '提交的内容格式不正确，请刷新页面后重试。',
  'REQUEST.UNSUPPORTED_ENCODING': '提交的内容编码不受支持，请刷新页面后重试。',
  'REQUEST.INVALID_CHARACTER': '填写的内容中有无法保存的特殊字符（常见于从其他文件复制粘贴的文字），请删除这些字符或重新输入后再提交。',
  'REQUEST.TOO_DEEP': '提交的内容层次过多，无法处理，请刷新页面后重试。',
  'REQUEST.VALUE_NOT_STORABLE': '有填写的内容无法保存（数字超出范围、文字过长或含有特殊字符），请检查后重新提交。',
  'ROUTE.METHOD_NOT_ALLOWED': '不支持这个操作，请刷新页面后重试。',
  'IDEMPOTENCY.KEY_INVALID': '操作标识不正确，请刷新页面后重试。',
  'INDICATORS.CONFIG_MALFORMED': '指标体系的格式不正确，请检查指标和等级的设置。',
  'SERVER.UNEXPECTED': '服务器出错了，已记录，请稍后再试。',
  'SERVER.UNAVAILABLE': '服务器暂时不可用，请稍后再试。',
  'CAMPAIGN.NOT_ISSUED': '通知还未下发：请直接修改草稿的报送截止日期。',
  'CAMPAIGN.INDICATORS_INVALID': '指标体系或等级划分不正确：各指标分值须合计 100 分，等级须覆盖 0 到 100 分。',
  'CAMPAIGN.DUPLICATE_SECTION_CODE': '报告提纲中有重复的章节编号。',
  'CAMPAIGN.NOT_AN_OFFICER': '所选人员不是本局绩效科人员。',
  'CAMPAIGN.IMPORT_INVALID': '单位名单有问题，没有导入。请按下表逐行修改后重新导入。',
  'IMPORT.UNREADABLE': '文件无法读取，请确认是 .xlsx 工作簿或 CSV 文件。',
  'IMPORT.NOT_UTF8': 'CSV 文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”后重新上传。',
  'IMPORT.HEADER_MISSING': '第一行须是列名，含“单位代码”（或“统一社会信用代码”）和/或“单位名称”。',
  'IMPORT.NO_ROWS': '文件中没有列出任何单位。',
  'IMPORT.TOO_MANY_ROWS': '一份通知最多覆盖 5000 个单位，文件中的单位超过了这个数。',
  'IMPORT.UNPACKED_TOO_LARGE': '工作簿解压后超过 32 MiB，不是一份单位名单，没有读取。请只保留单位代码和单位名称两列，另存后重新导入。',
  'IMPORT.TOO_COMPLEX': '文件结构过于复杂，无法在限定的时间和内存内读完。请只保留单位代码和单位名称两列，另存后重新导入。',
  'IMPORT.UNKNOWN_UNIT': '不是本局名录中的预算单位。',
  'IMPORT.DUPLICATE_UNIT': '这个单位在前面已经列出。',
  'IMPORT.EMPTY_CELL': '这一格为空。',
  'IMPORT.NAME_MISMATCH': '单位代码与单位名称不符。',
  'IMPORT.AMBIGUOUS_NAME': '同名的单位不止一个，请填写单位代码。',
  'DEADLINE.SHORTENED': '延期后的截止日期须晚于现行的截止日期。',
  'DEADLINE.IN_THE_PAST': '这个日期已经过去，请选择今天以后的日期。',
  'DEADLINE.ALREADY_SUBMITTED': '这个单位已经报送，截止日期不再适用。',
  'DEADLINE.REASON_REQUIRED': '请填写延期理由。',
  'RECHECK.SCORE_OUT_OF_RANGE': '复核分须是 0 到 100 之间的数，最多两位小数。',
  'RECHECK.REMARKS_REQUIRED': '请填写复核意见。',
  'RECHECK.NOT_SUBMITTED': '单位报送之后才能复核。',
  'MAIL.NOT_FOUND': '找不到这封邮件，或您无权查看。',
  'MAIL.NOT_FAILED': '只有发送失败的邮件可以重新发送；这封邮件的状态已经变了。',
  'MAIL.ROLE_NOT_ALLOWED': '只有单位管理员和财政局绩效科人员可以管理邮件发送。',
  'MAILBOX.NOT_IN_USE': '邮件经邮件服务器发出，本系统没有本地邮箱，请到邮件服务器查看。',
  'MAILBOX.MESSAGE_NOT_FOUND': '找不到这封邮件，或它不在您的邮箱中。',
  // Reminder ladder, working-day calendar and 催办.
  'REMINDER.OFFSET_OUT_OF_RANGE': '提前提醒的天数须是 1 到 30 之间的整数（工作日）。',
  'REMINDER.OFFSET_DUPLICATE': '提前提醒的天数有重复，每个天数只填一次。',
  'REMINDER.TOO_MANY_OFFSETS': '提前提醒最多设置 10 次。',
  'REMINDER.ESCALATION_OUT_OF_RANGE': '逾期上报的天数须是 1 到 30 之间的整数（工作日）。',
  'REMINDER.HOURS_INVALID': '发送时段须在 06:00 到 22:00 之间，结束时间要晚于开始时间（时:分，如 08:30）。',
  'CALENDAR.DATE_INVALID': '请填写正确的日期（年-月-日）。',
  'CALENDAR.RANGE_INVALID': '查询的日期范围不正确：结束日期不能早于开始日期，且最多一年。',
  'CALENDAR.REASON_REQUIRED': '请写明调整的原因，例如“防台风停工”。',
  'CALENDAR.ROLE_NOT_ALLOWED': '只有财政局绩效科人员可以调整工作日历。',
  'CALENDAR.OVERRIDE_NOT_FOUND': '这一天没有本地调整，可能已被其他人取消。',
  'URGE.ROLE_NOT_ALLOWED': '只有评价小组组长、分管该事项的领导或负责这份通知的财政局人员可以催办。',
  'URGE.ALREADY_URGED_TODAY': '这个工作日已经就这项任务催办过此人（下班后的催办计入下一个工作日），每人每项任务每个工作日只能催办一次。',
  'URGE.TASK_NOT_OPEN': '此人的这项任务已经办完或已转交，无需催办，请刷新页面。',
  'URGE.UNKNOWN_RECIPIENT': '被催办的人须是本单位人员。',
  'URGE.TASK_INVALID': '催办的任务不正确：章节任务要指明章节，其他任务不要。',
  'SECTION.UNKNOWN': '报告中没有这个章节。',
};

/** Conflicts that mean "someone else acted first": the console offers a reload. */
const CONFLICTS = new Set(['CASE.VERSION_CONFLICT', 'CASE.TRANSITION_NOT_ALLOWED', 'SECTION.REVISION_CONFLICT', 'SECTION.VERSION_CONFLICT', 'SECTION.TRANSITION_NOT_ALLOWED', 'REPORT_TABLE.REVISION_CONFLICT', 'REVIEW.ALREADY_APPROVED', 'MAIL.NOT_FAILED']);

export function isConflict(problem: ApiProblem): boolean {
  return problem.status === 409 && CONFLICTS.has(problem.code);
}

/** Refusals that say how long to wait (`details.retryAfterSeconds`), and in which unit. */
const WAITS: Record<string, 'minutes' | 'seconds'> = { 'AUTH.TOO_MANY_ATTEMPTS': 'minutes', 'REQUEST.RATE_LIMITED': 'seconds' };

/** The sentence for a refusal; the API's own message where the console has none of its own. */
export function describe(problem: ApiProblem): string {
  const own = MESSAGES[problem.code];
  if (!own) return problem.message;
  const wait = problem.details.retryAfterSeconds;
  const unit = WAITS[problem.code];
  if (unit && typeof wait === 'number' && wait > 0) {
    return own.replace('稍后', unit === 'minutes' ? ` ${Math.ceil(wait / 60)} 分钟后` : ` ${Math.ceil(wait)} 秒后`);
  }
  // These codes carry their particulars in the API's message (which figures, which sections).
  if (own.endsWith('：') && problem.code.endsWith('INVALID_INPUT')) return own + problem.message.replace(/^[^：]*：/, '');
  return own;
}

/** Every reason the API gave for a refusal (CASE.CONDITIONS_NOT_MET lists them all). */
export function reasons(problem: ApiProblem): string[] {
  const listed = problem.details.reasons;
  if (Array.isArray(listed)) return listed.map((r) => String((r as { message?: string }).message ?? r));
  const differences = problem.details.differences;
  if (Array.isArray(differences)) return differences.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)));
  return [];
}

/** The field name the console's form uses for an API field path: `group.leaderId` → `leaderId`. */
export function fieldErrors(problem: ApiProblem): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const f of problem.fields) {
    const list = byField.get(f.field) ?? [];
    list.push(...f.problems);
    byField.set(f.field, list);
  }
  return byField;
}

/** Whether the console has its own words for a code (field problems of such refusals are shown in them). */
export function hasOwnWords(code: string): boolean {
  return code in MESSAGES;
}

/** One reason an action is not available, in the person's words: the code's text with its parameters filled in. */
export function reasonText(reason: { code: string; params: Record<string, string | number> }): string {
  const template = MESSAGES[reason.code] ?? '暂时不能办理。';
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(reason.params[name] ?? ''));
}
