/**
 * Every error and refusal-reason code the server can answer, with its HTTP status and the Chinese
 * text a person reads. A template names its parameters in braces: `{count}`. The API answers
 * `codeText(code, params)`; the console types its texts over the same codes, so a code without a
 * text does not compile. A reason code (inside `details.reasons`) keeps the status of the refusal
 * that carries it; its own status is the one it has when thrown alone.
 */
export const CODES = {
  // Signing in and sessions.
  'AUTH.REQUIRED': { status: 401, zh: '请先登录。' },
  'AUTH.INVALID_CREDENTIALS': { status: 401, zh: '用户名或密码不正确。' },
  'AUTH.TOKEN_INVALID': { status: 401, zh: '登录已失效，请重新登录。' },
  'AUTH.TOKEN_EXPIRED': { status: 401, zh: '登录已过期，请重新登录。' },
  'AUTH.SESSION_IDLE': { status: 401, zh: '长时间未操作，已自动退出，请重新登录。' },
  'AUTH.REFRESH_REUSED': { status: 401, zh: '登录已在别处续期，为安全起见已退出，请重新登录。' },
  'AUTH.REFRESH_EXPIRED': { status: 401, zh: '登录已到期，请重新登录。' },
  'AUTH.FORBIDDEN': { status: 403, zh: '您无权进行这个操作。' },
  'AUTH.ACCOUNT_DISABLED': { status: 403, zh: '这个账号已停用，请联系本单位管理员启用。' },
  'AUTH.PASSWORD_CHANGE_REQUIRED': { status: 403, zh: '请先修改初始密码，之后才能使用其他功能。' },
  'AUTH.PASSWORD_UNCHANGED': { status: 422, zh: '新密码不能与当前密码相同。' },
  'AUTH.PASSWORD_TOO_WEAK': {
    status: 422,
    zh: '密码强度不够：至少 10 位，含大写字母、小写字母、数字和符号中的三类，且不能包含用户名。',
  },
  'AUTH.TOO_MANY_ATTEMPTS': { status: 429, zh: '尝试次数过多，为保护账号已暂停登录，请 {retryAfterMinutes} 分钟后再试。' },

  // The request itself: routes, bodies, validation, rate limits.
  'ROUTE.NOT_FOUND': { status: 404, zh: '找不到这个页面或接口。' },
  'ROUTE.METHOD_NOT_ALLOWED': { status: 405, zh: '不支持这个操作，请刷新页面后重试。' },
  'REQUEST.INVALID': { status: 400, zh: '提交的内容无法读取，请刷新页面后重试。' },
  'REQUEST.MALFORMED_JSON': { status: 400, zh: '提交的内容格式不正确，请刷新页面后重试。' },
  'REQUEST.UNSUPPORTED_ENCODING': { status: 415, zh: '提交的内容编码不受支持，请刷新页面后重试。' },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': { status: 415, zh: '文件格式不支持，请上传 .xlsx 工作簿或 UTF-8 编码的 .csv 文件。' },
  'REQUEST.TOO_LARGE': { status: 413, zh: '文件或内容太大，无法提交。' },
  'REQUEST.TOO_DEEP': { status: 400, zh: '提交的内容嵌套超过 {maxDepth} 层，无法处理，请刷新页面后重试。' },
  'REQUEST.INVALID_CHARACTER': {
    status: 400,
    zh: '填写的内容中有无法保存的特殊字符（常见于从其他文件复制粘贴的文字），请删除这些字符或重新输入后再提交：{fields}。',
  },
  'REQUEST.VALUE_NOT_STORABLE': { status: 400, zh: '有填写的内容无法保存（数字超出范围、文字过长或含有特殊字符），请检查后重新提交。' },
  'REQUEST.TOO_MANY': { status: 429, zh: '请求太频繁，请稍后再试。' },
  'REQUEST.RATE_LIMITED': { status: 429, zh: '操作太频繁，请 {retryAfterSeconds} 秒后再试。' },
  'VALIDATION.FIELD_INVALID': { status: 400, zh: '有填写不正确的内容，请按提示修改：{fields}。' },
  'VALIDATION.UNKNOWN_FIELD': { status: 400, zh: '提交了系统不认识的内容，请刷新页面后重试：{fields}。' },
  'VALIDATION.FIELD_NOT_ALLOWED': { status: 400, zh: '提交的内容与此操作不符，请刷新页面后重试：{fields}。' },
  'IDEMPOTENCY.KEY_INVALID': { status: 400, zh: '操作标识不正确，请刷新页面后重试。' },
  'IDEMPOTENCY.KEY_REUSED': { status: 422, zh: '这个操作已经提交过，请刷新页面查看结果。' },
  'SERVER.UNEXPECTED': { status: 500, zh: '服务器出错了，已记录，请稍后再试。' },
  'SERVER.UNAVAILABLE': { status: 503, zh: '服务器暂时不可用，请稍后再试。' },
  'SERVER.STOPPING': { status: 503, zh: '服务正在重启，请稍候几秒再试。' },
  'SERVER.NOT_READY': { status: 503, zh: '服务正在升级，请稍后再试。' },

  // Things that are not there, or that the person may not see.
  'CAMPAIGN.NOT_FOUND': { status: 404, zh: '找不到这份通知，或您无权查看。' },
  'CASE.NOT_FOUND': { status: 404, zh: '找不到这个评价任务，或您无权查看。' },
  'DELEGATION.NOT_FOUND': { status: 404, zh: '找不到这项授权或转交，或您无权查看。' },
  'MAIL.NOT_FOUND': { status: 404, zh: '找不到这封邮件，或您无权查看。' },
  'ORGANISATION.NOT_FOUND': { status: 404, zh: '找不到这个单位，或您无权查看。' },
  'SEALED_VERSION.NOT_FOUND': { status: 404, zh: '找不到这个盖章版本。' },
  'SECTION.NOT_FOUND': { status: 404, zh: '报告中没有这个章节，或您无权查看。' },
  'USER.NOT_FOUND': { status: 404, zh: '找不到这个人员，或您无权查看。' },

  // The case's lifecycle.
  'CASE.VERSION_CONFLICT': { status: 409, zh: '在您操作之前，其他人已经修改了这个评价任务，请刷新后再试。' },
  'CASE.TRANSITION_NOT_ALLOWED': { status: 409, zh: '评价任务现在处于“{state}”，不能进行这个操作，可能其他人已先一步处理，请刷新页面。' },
  'CASE.CONDITIONS_NOT_MET': { status: 409, zh: '条件尚未满足：{reasons}' },
  'CASE.OUT_OF_SCOPE': { status: 403, zh: '这个评价任务不属于您所在的单位或财政局，您不能进行这个操作。' },
  'CASE.ROLE_NOT_ALLOWED': { status: 403, zh: '只有{roles}可以进行这个操作。' },
  'CASE.MACHINE_VERSION_UNKNOWN': { status: 500, zh: '这个评价任务由新版本系统保存，当前系统无法读取，请联系系统管理员。' },

  // The working group.
  'GROUP.LEADER_MISSING': { status: 409, zh: '请指定评价小组组长。' },
  'GROUP.MEMBER_MISSING': { status: 409, zh: '请至少指定一名小组成员。' },
  'GROUP.COMPILER_MISSING': { status: 409, zh: '请至少指定一名填报人员。' },
  'GROUP.INCOMPLETE': { status: 422, zh: '评价小组还不完整：{reasons}' },
  'GROUP.ROLE_NOT_ALLOWED': { status: 403, zh: '只有本单位管理员可以调整评价小组。' },
  'GROUP.CHANGE_NOT_ALLOWED': { status: 409, zh: '评价任务现在处于“{state}”，不能调整评价小组（请先成立评价小组；公开后小组不再变动）。' },
  'GROUP.USER_NOT_IN_UNIT': { status: 422, zh: '所选人员不属于本单位。' },
  'GROUP.REMIT_NOT_DEPUTY': { status: 422, zh: '分管范围只能指定给评价小组的分管领导。' },
  'GROUP.REMIT_OUTSIDE_UNIT': { status: 422, zh: '分管范围中有不属于本单位的组室。' },

  // Report sections.
  'SECTION.OUTLINE_EMPTY': { status: 409, zh: '报告提纲中没有章节，请先在通知中设置报告提纲。' },
  'SECTION.UNASSIGNED': { status: 409, zh: '还有 {pending} 个章节（共 {total} 个）没有指定撰写人和完成期限，请先分配。' },
  'SECTION.NOT_APPROVED': { status: 409, zh: '还有 {pending} 个章节（共 {total} 个）没有审核通过。' },
  'SECTION.TEMPLATE_TEXT': { status: 409, zh: '还有 {count} 个章节保留着模板中的示例文字，请改写后再提交。' },
  'SECTION.UNKNOWN': { status: 422, zh: '报告中没有这个章节：{codes}。' },
  'SECTION.ROLE_NOT_ALLOWED': { status: 403, zh: '您的角色不能处理这个章节：分配章节由评价小组组长负责，撰写和审核由本单位人员负责。' },
  'SECTION.NOT_ASSIGNEE': { status: 403, zh: '只有被分配的撰写人可以编辑和提交这个章节。' },
  'SECTION.NOT_APPROVER': { status: 403, zh: '这个章节不在您的审核范围内，由评价小组组长或分管该章节的领导审核。' },
  'SECTION.SELF_APPROVAL': { status: 403, zh: '不能审核或退回自己撰写的章节。' },
  'SECTION.TRANSITION_NOT_ALLOWED': { status: 409, zh: '章节现在是“{state}”，不能进行这个操作，可能其他人已先一步处理，请刷新页面。' },
  'SECTION.NOT_IN_SELF_ASSESSMENT': { status: 409, zh: '章节只能在自评阶段撰写和审核，评价任务现在处于“{state}”。' },
  'SECTION.ASSIGNMENT_CLOSED': { status: 409, zh: '评价任务现在处于“{state}”，不能再分配章节。' },
  'SECTION.NOT_EDITABLE': { status: 409, zh: '章节现在是“{state}”，不能编辑。' },
  'SECTION.ALREADY_APPROVED': { status: 409, zh: '这个章节已经审核通过，没有需要转交的撰写任务。' },
  'SECTION.ASSIGNEE_NOT_IN_UNIT': { status: 422, zh: '撰写人须是本单位人员。' },
  'SECTION.DUE_DATE_OUT_OF_RANGE': { status: 422, zh: '完成期限须在今天和报送截止日期之间。' },
  'SECTION.INVALID_CONTENT': { status: 422, zh: '章节内容有 {count} 处问题，未保存：{list}' },
  'SECTION.REVISION_CONFLICT': { status: 409, zh: '在您保存之前，其他人已经保存了这个章节的新版本，请刷新后再改。' },
  'SECTION.VERSION_CONFLICT': { status: 409, zh: '在您操作之前，其他人已经处理了这个章节，请刷新后再试。' },

  // The report's tables.
  'REPORT_TABLE.NOT_IN_SELF_ASSESSMENT': { status: 409, zh: '只能在自评阶段填写数据表。' },
  'REPORT_TABLE.ROLE_NOT_ALLOWED': { status: 403, zh: '只有本评价任务的填报人员可以填写数据表。' },
  'REPORT_TABLE.REVISION_CONFLICT': { status: 409, zh: '在您保存之前，其他人已经保存了这张表的新版本，请刷新后再改。' },
  'DATA_TABLE.NO_WARNINGS': { status: 409, zh: '基础数据表没有待确认的警告。' },
  'DATA_TABLE.HAS_ERRORS': { status: 409, zh: '基础数据表还有 {count} 处错误，请逐项改正。' },
  'DATA_TABLE.WARNINGS_UNACKNOWLEDGED': { status: 409, zh: '基础数据表还有 {count} 条警告未确认，请逐条核对并填写说明。' },
  'DATA_TABLE.INVALID_INPUT': { status: 422, zh: '基础数据表有 {count} 处填写错误，未保存：{list}' },
  'INDICATORS.INCOMPLETE': { status: 409, zh: '指标评分表还有未评分的指标，请填写完整。' },
  'INDICATORS.HAS_ERRORS': { status: 409, zh: '指标评分表还有 {count} 处错误（例如扣分未写理由），请逐项改正。' },
  'INDICATORS.INVALID_INPUT': { status: 422, zh: '指标评分有 {count} 处填写错误，未保存：{list}' },
  'INDICATORS.CONFIG_MALFORMED': { status: 422, zh: '指标体系的格式不正确，请检查指标和等级的设置。' },
  'ACKNOWLEDGEMENT.COMMENT_REQUIRED': { status: 422, zh: '确认警告时请填写说明。' },
  'ACKNOWLEDGEMENT.UNKNOWN_PROBLEM': { status: 422, zh: '基础数据表当前没有这个问题：可能数据已修改，请刷新后重试。' },
  'ACKNOWLEDGEMENT.NOT_A_WARNING': { status: 422, zh: '这是错误而不是警告，不能确认了事，请改正数据表。' },

  // Internal review, returns, sealing and publication.
  'REVIEW.ROLE_NOT_ALLOWED': { status: 403, zh: '只有评价小组组长可以加签。' },
  'REVIEW.NOT_IN_REVIEW': { status: 409, zh: '只能在内部审核阶段加签，评价任务现在处于“{state}”。' },
  'REVIEW.NOT_AN_APPROVER': { status: 409, zh: '您不是这份报告的审批人。' },
  'REVIEW.ALREADY_APPROVED': { status: 409, zh: '您已经审批过这一版本。' },
  'REVIEW.NO_APPROVERS': { status: 409, zh: '评价小组中没有审批报告的人，请先指定评价小组组长。' },
  'REVIEW.APPROVALS_MISSING': { status: 409, zh: '还有 {missing} 位审批人没有审核通过，盖章前须全部通过。' },
  'REVIEW.APPROVAL_MISSING': { status: 409, zh: '盖章前须有一位组长或分管领导审核通过。' },
  'REVIEW.ALREADY_AN_APPROVER': { status: 422, zh: '此人已经是审批人。' },
  'REVIEW.APPROVER_NOT_IN_UNIT': { status: 422, zh: '加签人须是本单位人员。' },
  'REVIEW.NOT_YOUR_TURN': { status: 409, zh: '还没有轮到您审批：须等排在您前面的审批人审核通过。' },
  'REVIEW.CHAIN_UNFINISHED': { status: 409, zh: '已审核通过的审批人还有加签的审批人没有审核通过，盖章前须审批完成。' },
  'CIRCULATION.NOT_ALLOWED': { status: 409, zh: '只能在内部审核及之后传阅报告，评价任务现在处于“{state}”。' },
  'CIRCULATION.RECIPIENT_NOT_IN_UNIT': { status: 422, zh: '传阅对象须是本单位人员。' },
  'CIRCULATION.ALREADY_SENT': { status: 422, zh: '已经传阅给此人。' },
  'CIRCULATION.NOT_A_RECIPIENT': { status: 409, zh: '这份报告没有传阅给您。' },
  'RETURN.REASON_REQUIRED': { status: 422, zh: '退回时请写明理由。' },
  'RETURN.SECTIONS_REQUIRED': { status: 409, zh: '内部审核退回时请选择需要修改的章节。' },
  'PUBLICATION.EARLIER_VERSION': {
    status: 409,
    zh: '公开的文件是第 {earlierVersion} 版（{earlierSealedAt} 盖章），该版已在财政局退回后由第 {replacedBy} 版取代，不能登记公开，请公开现行第 {sealedVersion} 版的原文件。',
  },
  'PUBLICATION.MISMATCH': { status: 409, zh: '公开的文件与盖章版本不一致，不能登记公开，请公开盖章版本的原文件。' },
  'PUBLICATION.SHA256_DISAGREES': { status: 422, zh: '文件在上传中受损（校验值不符），请重新上传。' },
  // PDFs sent to be checked: a published copy, or a sealed one to verify.
  'PDF.WRONG_MEDIA_TYPE': { status: 415, zh: '文件格式不对，请上传 PDF 文件。' },
  'PDF.NOT_A_PDF': { status: 422, zh: '上传的文件不是 PDF 文件，请上传 PDF。' },
  'PDF.DAMAGED': { status: 422, zh: 'PDF 文件不完整或已损坏（可能上传中断），请重新导出后上传。' },
  'PDF.ENCRYPTED': { status: 422, zh: 'PDF 文件设置了密码或加密，无法读取其中的文字，请上传未加密的 PDF。' },
  'PDF.TOO_LARGE': { status: 413, zh: 'PDF 文件超过 {maxMegabytes} MB，无法读取。' },
  'PDF.TOO_COMPLEX': { status: 422, zh: 'PDF 文件的页数或内容过多（最多 {maxPages} 页），不像一份自评报告，无法读取。' },

  // Notices (campaigns) and the finance bureau's tracking.
  'CAMPAIGN.ROLE_NOT_ALLOWED': { status: 403, zh: '只有负责这份通知的财政局绩效科人员可以进行这个操作。' },
  'CAMPAIGN.ALREADY_ISSUED': { status: 409, zh: '这份通知已经下发过了，覆盖的单位不再变动。' },
  'CAMPAIGN.NOT_ISSUED': { status: 409, zh: '通知还未下发：请直接修改草稿的报送截止日期。' },
  'CAMPAIGN.DEADLINES_OUT_OF_ORDER': { status: 400, zh: '公开截止日期不能早于报送截止日期。' },
  'CAMPAIGN.DEADLINE_PASSED': { status: 422, zh: '截止日期已过，请修改截止日期后再下发。' },
  'CAMPAIGN.UNKNOWN_UNIT': { status: 422, zh: '有单位编号不存在，请核对。' },
  'CAMPAIGN.DUPLICATE_UNIT': { status: 422, zh: '同一单位填写了两次。' },
  'CAMPAIGN.DUPLICATE_DOCUMENT_NUMBER': { status: 409, zh: '已有相同文号的通知。' },
  'CAMPAIGN.DUPLICATE_SECTION_CODE': { status: 422, zh: '报告提纲中有重复的章节编号：{codes}。' },
  'CAMPAIGN.INDICATORS_INVALID': { status: 422, zh: '指标体系或等级划分不正确：各指标分值须合计 100 分，等级须覆盖 0 到 100 分。' },
  'CAMPAIGN.NOT_AN_OFFICER': { status: 422, zh: '所选人员不是本局绩效科人员。' },
  'CAMPAIGN.IMPORT_INVALID': { status: 422, zh: '单位名单有 {count} 处问题，没有导入。请按下表逐行修改后重新导入。' },
  'IMPORT.UNREADABLE': { status: 422, zh: '文件无法读取，请确认是 .xlsx 工作簿或 CSV 文件。' },
  'IMPORT.NOT_UTF8': { status: 422, zh: 'CSV 文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”后重新上传。' },
  'IMPORT.HEADER_MISSING': { status: 422, zh: '第一行须是列名，含“单位代码”（或“统一社会信用代码”）和/或“单位名称”。' },
  'IMPORT.NO_ROWS': { status: 422, zh: '文件中没有列出任何单位。' },
  'IMPORT.TOO_MANY_ROWS': { status: 422, zh: '一份通知最多覆盖 5000 个单位，文件中的单位超过了这个数。' },
  'IMPORT.UNPACKED_TOO_LARGE': {
    status: 422,
    zh: '工作簿解压后超过 32 MiB，不是一份单位名单，没有读取。请只保留单位代码和单位名称两列，另存后重新导入。',
  },
  'IMPORT.TOO_COMPLEX': {
    status: 422,
    zh: '文件结构过于复杂，无法在限定的时间和内存内读完。请只保留单位代码和单位名称两列，另存后重新导入。',
  },
  'IMPORT.UNKNOWN_UNIT': { status: 422, zh: '不是本局名录中的预算单位。' },
  'IMPORT.DUPLICATE_UNIT': { status: 422, zh: '这个单位在前面已经列出。' },
  'IMPORT.EMPTY_CELL': { status: 422, zh: '这一格为空。' },
  'IMPORT.NAME_MISMATCH': { status: 422, zh: '单位代码与单位名称不符。' },
  'IMPORT.AMBIGUOUS_NAME': { status: 422, zh: '同名的单位不止一个，请填写单位代码。' },
  'DEADLINE.SHORTENED': { status: 422, zh: '延期后的截止日期须晚于现行的截止日期 {currentDeadline}。' },
  'DEADLINE.IN_THE_PAST': { status: 422, zh: '这个日期已经过去，请选择今天以后的日期。' },
  'DEADLINE.ALREADY_SUBMITTED': { status: 409, zh: '这个单位已经报送，截止日期不再适用。' },
  'DEADLINE.REASON_REQUIRED': { status: 422, zh: '请填写延期理由。' },
  'RECHECK.SCORE_OUT_OF_RANGE': { status: 422, zh: '复核分须是 0 到 100 之间的数，最多两位小数。' },
  'RECHECK.REMARKS_REQUIRED': { status: 422, zh: '请填写复核意见。' },
  'RECHECK.NOT_SUBMITTED': { status: 409, zh: '单位报送之后才能复核，评价任务现在处于“{state}”。' },

  // People, organisations, delegations.
  'USER.USERNAME_TAKEN': { status: 409, zh: '这个用户名已被使用。' },
  'USER.LAST_ADMIN': { status: 409, zh: '单位至少要保留一名管理员。' },
  'USER.CANNOT_DISABLE_SELF': { status: 409, zh: '不能停用自己的账号，请由本单位其他管理员操作。' },
  'USER.ROLE_NOT_IN_ORGANISATION': { status: 422, zh: '这些角色不属于这类单位：{roles}。' },
  'USER.SUB_OFFICE_OUTSIDE_UNIT': { status: 422, zh: '所选组室不属于本单位。' },
  'ORG.ROLE_NOT_ALLOWED': { status: 403, zh: '只有本单位管理员可以管理人员。' },
  'ORG.NOT_A_UNIT': { status: 422, zh: '只有预算单位可以设置组室。' },
  'ORG.SUB_OFFICE_EXISTS': { status: 409, zh: '已有同名的组室或下属单位。' },
  'DELEGATION.ROLE_NOT_ALLOWED': { status: 403, zh: '只有本单位人员可以授权，替他人授权或转交任务须由本单位管理员操作，撤销授权须由授权人或本单位管理员操作。' },
  'DELEGATION.NOT_IN_FORCE': { status: 403, zh: '今天没有这位人员给您的有效授权，不能代其操作。' },
  'DELEGATION.SELF': { status: 422, zh: '不能授权给自己，请选择其他人员。' },
  'DELEGATION.OUTSIDE_UNIT': { status: 422, zh: '授权人和被授权人都须是本单位在用的人员。' },
  'DELEGATION.FINAL': { status: 409, zh: '任务转交后不能撤销；如需转回，请再转交一次。' },
  'DELEGATION.ALREADY_REVOKED': { status: 409, zh: '这项授权已经撤销。' },
  'DELEGATION.DATES_REQUIRED': { status: 422, zh: '授权须填写开始日期和结束日期。' },
  'DELEGATION.DATES_OUT_OF_ORDER': { status: 422, zh: '结束日期不能早于开始日期。' },
  'DELEGATION.IN_THE_PAST': { status: 422, zh: '结束日期已经过去，请选择今天或以后的日期。' },
  'DELEGATION.FIELD_NOT_ALLOWED': { status: 422, zh: '授权涵盖授权人的全部权限，不指定任务；任务转交是长期的，不填日期。' },
  'DELEGATION.OVERLAP': { status: 409, zh: '此人在这段时间已有授权，请先撤销原授权或另选日期。' },
  'DELEGATION.TASK_REQUIRED': { status: 422, zh: '转交任务须指明评价任务和具体任务。' },
  'DELEGATION.CASE_CLOSED': { status: 409, zh: '评价任务已公开，没有可以转交的任务。' },
  'DELEGATION.NOT_YOUR_TASK': { status: 422, zh: '这项任务不属于授权人，不能由其转交。' },
  'SECURITY_LOG.ROLE_NOT_ALLOWED': { status: 403, zh: '只有单位管理员（本单位人员）或财政局绩效科人员（本局人员）可以查看安全日志。' },
  'SECURITY_LOG.EXPORT_ROLE_NOT_ALLOWED': { status: 403, zh: '只有系统管理员可以导出安全日志。' },
  'SECURITY_LOG.RANGE_INVALID': { status: 422, zh: '导出的日期范围不正确：开始日期不能晚于结束日期，且一次最多导出 {maxDays} 天。' },
  'SECURITY_LOG.EXPORT_TOO_LARGE': { status: 422, zh: '这段时间的安全日志超过 {maxRows} 条，请缩小日期范围分次导出。' },

  // The budget-unit directory (单位名录) a finance bureau keeps, and its import.
  'DIRECTORY.ROLE_NOT_ALLOWED': { status: 403, zh: '只有财政局绩效科人员可以维护本局的单位名录。' },
  'DIRECTORY.CODE_INVALID': { status: 422, zh: '单位代码“{code}”不正确：须是 18 位统一社会信用代码，或 3 到 15 位数字的预算单位编码。' },
  'DIRECTORY.CODE_CHECK_FAILED': { status: 422, zh: '统一社会信用代码“{code}”未通过校验：按前面各位计算，第 {position} 位应为“{expected}”，请核对是否抄错。' },
  'DIRECTORY.CODE_TAKEN': { status: 409, zh: '本局名录中已有单位代码为“{code}”的单位（{name}）。' },
  'DIRECTORY.NAME_TAKEN': { status: 409, zh: '本局名录中已有名为“{name}”的在用单位。' },
  'DIRECTORY.NAME_TOO_LONG': { status: 422, zh: '单位名称最多 100 个字。' },
  'DIRECTORY.UNKNOWN_PARENT': { status: 422, zh: '所填的主管部门不是本局名录中的在用单位。' },
  'DIRECTORY.CYCLE': { status: 422, zh: '隶属关系不能成环：{path}。' },
  'DIRECTORY.LEVEL_MISMATCH': { status: 422, zh: '所填的单位级次与隶属关系不符：按主管部门应为{expected}级。' },
  'DIRECTORY.UNIT_TYPE_INVALID': { status: 422, zh: '单位类型须是“行政”或“事业”。' },
  'DIRECTORY.EMAIL_INVALID': { status: 422, zh: '邮箱格式不正确。' },
  'DIRECTORY.PHONE_INVALID': { status: 422, zh: '电话格式不正确：可含数字、空格、短横线和括号，7 到 20 位。' },
  'DIRECTORY.ARCHIVED': { status: 409, zh: '这个单位已经撤并，请先恢复再修改。' },
  'DIRECTORY.NOT_ARCHIVED': { status: 409, zh: '这个单位没有撤并，无需恢复。' },
  'DIRECTORY.REASON_REQUIRED': { status: 422, zh: '请写明撤并的原因，例如“并入区档案馆”。' },
  'DIRECTORY.HAS_ACTIVE_CHILDREN': { status: 409, zh: '这个单位还有在用的下属单位（{children}），请先撤并或调整它们的主管部门。' },
  'DIRECTORY.OPEN_CASE': { status: 409, zh: '这个单位在已下发的通知《{campaign}》中还有未公开的评价任务，评价结束公开后才能撤并。' },
  'DIRECTORY.IMPORT_INVALID': { status: 422, zh: '单位名录有 {count} 处问题，未导入：{list}' },
  'DIRECTORY.CHANGED_SINCE_PREVIEW': { status: 409, zh: '预览之后本局的单位名录已有变动，请重新预览，核对后再确认导入。' },

  // Mail.
  'MAIL.NOT_FAILED': { status: 409, zh: '只有发送失败的邮件可以重新发送；这封邮件的状态已经变了。' },
  'MAIL.ROLE_NOT_ALLOWED': { status: 403, zh: '只有单位管理员和财政局绩效科人员可以管理邮件发送。' },
  'MAILBOX.NOT_IN_USE': { status: 404, zh: '邮件经邮件服务器发出，本系统没有本地邮箱，请到邮件服务器查看。' },
  'MAILBOX.MESSAGE_NOT_FOUND': { status: 404, zh: '找不到这封邮件，或它不在您的邮箱中。' },

  // Reminders, the working-day calendar and urging (催办).
  'REMINDER.OFFSET_OUT_OF_RANGE': { status: 422, zh: '提前提醒的天数须是 1 到 30 之间的整数（工作日）。' },
  'REMINDER.OFFSET_DUPLICATE': { status: 422, zh: '提前提醒的天数有重复，每个天数只填一次。' },
  'REMINDER.TOO_MANY_OFFSETS': { status: 422, zh: '提前提醒最多设置 10 次。' },
  'REMINDER.ESCALATION_OUT_OF_RANGE': { status: 422, zh: '逾期上报的天数须是 1 到 30 之间的整数（工作日）。' },
  'REMINDER.HOURS_INVALID': { status: 422, zh: '发送时段须在 06:00 到 22:00 之间，结束时间要晚于开始时间（时:分，如 08:30）。' },
  'CALENDAR.DATE_INVALID': { status: 422, zh: '请填写正确的日期（年-月-日）。' },
  'CALENDAR.RANGE_INVALID': { status: 400, zh: '查询的日期范围不正确：请填写正确的日期（年-月-日），结束日期不能早于开始日期，且最多一年。' },
  'CALENDAR.REASON_REQUIRED': { status: 422, zh: '请写明调整的原因，例如“防台风停工”。' },
  'CALENDAR.ROLE_NOT_ALLOWED': { status: 403, zh: '只有财政局绩效科人员可以调整工作日历。' },
  'CALENDAR.OVERRIDE_NOT_FOUND': { status: 404, zh: '{date} 没有本地调整，可能已被其他人取消。' },
  'URGE.ROLE_NOT_ALLOWED': { status: 403, zh: '只有评价小组组长、分管该事项的领导或负责这份通知的财政局人员可以催办。' },
  'URGE.ALREADY_URGED_TODAY': {
    status: 409,
    zh: '这个工作日已经就这项任务催办过此人（下班后的催办计入下一个工作日），每人每项任务每个工作日只能催办一次。',
  },
  'URGE.TASK_NOT_OPEN': { status: 409, zh: '此人的这项任务已经办完或已转交，无需催办，请刷新页面。' },
  'URGE.UNKNOWN_RECIPIENT': { status: 422, zh: '被催办的人须是本单位人员。' },
  'URGE.TASK_INVALID': { status: 422, zh: '催办的任务不正确：章节任务要指明章节，其他任务不要。' },

  // Bureaus, invitations and people (creating, importing, the first sign-in of an invited account).
  'AUTH.INVITATION_PENDING': { status: 403, zh: '这个账号还没有设置密码：请打开邀请邮件中的链接设置密码后再登录；链接失效时请联系管理员重新发送邀请。' },
  'BUREAU.NOT_FOUND': { status: 404, zh: '找不到这个财政局。' },
  'BUREAU.CODE_TAKEN': { status: 409, zh: '这个代码已被其他财政局或单位使用。' },
  'BUREAU.NAME_TAKEN': { status: 409, zh: '已有同名的财政局。' },
  'BUREAU.ROLE_NOT_ALLOWED': { status: 403, zh: '只有系统管理员可以管理财政局及其人员。' },
  'INVITATION.ALREADY_ACCEPTED': { status: 409, zh: '此人已经设置了密码，账号已启用，无需再发送邀请。' },
  'INVITATION.EXPIRED': { status: 410, zh: '这个邀请链接已过期（有效期 72 小时），请联系管理员重新发送邀请。' },
  'INVITATION.NOT_FOUND': { status: 404, zh: '这个邀请链接无效，请核对链接是否完整，或请联系管理员重新发送邀请。' },
  'INVITATION.REVOKED': { status: 410, zh: '这个邀请链接已作废（管理员已重新发送邀请），请使用最新一封邀请邮件中的链接，或请联系管理员重新发送邀请。' },
  'INVITATION.ROLE_NOT_ALLOWED': {
    status: 403,
    zh: '您不能向此人发送邀请：单位人员由本单位管理员邀请，单位管理员由财政局绩效科人员邀请，财政局人员由系统管理员邀请。',
  },
  'INVITATION.USED': { status: 410, zh: '这个邀请链接已经用过，不能再次使用。已设置密码的请直接登录，否则请联系管理员重新发送邀请。' },
  'USER.DUPLICATE_IN_FILE': { status: 422, zh: '这个账号在文件中前面已经出现过。' },
  'USER.EMAIL_INVALID': { status: 422, zh: '邮箱格式不正确。' },
  'USER.EMAIL_REQUIRED': { status: 422, zh: '不设初始密码时须填写邮箱：邀请邮件发到这个邮箱，由本人设置密码。' },
  'USER.IMPORT_HEADER_MISSING': { status: 422, zh: '第一行须是列名，至少含“姓名”和“账号”两列（另可有“邮箱”“手机”“角色”“组室”）。' },
  'USER.IMPORT_INVALID': { status: 422, zh: '人员名单有 {count} 处问题，没有导入。请按下表逐行修改后重新导入。' },
  'USER.IMPORT_NO_ROWS': { status: 422, zh: '文件中没有列出任何人员。' },
  'USER.IMPORT_TOO_MANY_ROWS': { status: 422, zh: '一次最多导入 2000 人，文件中的人员超过了这个数，请分批导入。' },
  'USER.PHONE_INVALID': { status: 422, zh: '电话号码格式不正确：手机为 1 开头的 11 位数字，固定电话须带区号（如 021-12345678）。' },
  'USER.ROLE_UNKNOWN': { status: 422, zh: '没有这个角色：{roles}。' },
  'USER.USERNAME_INVALID': { status: 422, zh: '账号须是 3 到 64 位的字母、数字、点、下划线或连字符。' },
  'USER.USERNAME_TAKEN_ELSEWHERE': { status: 422, zh: '这个账号已被其他单位的人员使用，请换一个。' },

  // Taking a step back: reopening an approved section, withdrawing (撤回) a submission or a review request.
  'SECTION.REASON_REQUIRED': { status: 422, zh: '请写明理由：重新打开章节、申请重新打开或不同意重新打开时都要说明原因。' },
  'SECTION.NOT_COMPILER': { status: 403, zh: '只有本单位的填报人员可以申请重新打开已审核的章节。' },
  'SECTION.WITHDRAW_TOO_LATE': { status: 409, zh: '这个章节已经审核通过，不能撤回；需要修改时，请申请重新打开。' },
  'SECTION.REOPEN_ALREADY_REQUESTED': { status: 409, zh: '已经申请重新打开这个章节，正等待评价小组组长或分管领导处理。' },
  'SECTION.NO_REOPEN_REQUEST': { status: 409, zh: '这个章节没有待处理的重新打开申请，可能已被其他人处理，请刷新页面。' },
  'REVIEW.NOT_REQUESTER': { status: 403, zh: '只有提请内部审核的人可以撤回审核申请。' },
  'REVIEW.ALREADY_ACTED_ON': { status: 409, zh: '已有审批人审核通过，不能撤回审核申请；需要修改时，请审批人退回。' },
  'SUBMISSION.NOT_SUBMITTER': { status: 403, zh: '只有报送这份报告的人可以撤回报送。' },
  // The finance bureau's batch decisions on submitted reports.
  'BATCH.TOO_MANY_UNITS': { status: 422, zh: '一次最多处理 {limit} 个单位，这次选了 {count} 个，请分批操作。' },

  // Saved phrases (常用语) and comments on a section's text.
  'PHRASE.NOT_FOUND': { status: 404, zh: '找不到这条常用语，可能已被删除，请刷新页面。' },
  'PHRASE.DUPLICATE': { status: 409, zh: '您已经保存过这条常用语。' },
  'PHRASE.TOO_MANY': { status: 422, zh: '每人最多保存 {limit} 条常用语，请先删除不再使用的。' },
  'COMMENT.NOT_FOUND': { status: 404, zh: '找不到这条评论，可能已被删除，请刷新页面。' },
  'COMMENT.ROLE_NOT_ALLOWED': { status: 403, zh: '只有章节的撰写人和审核人（评价小组组长、分管该章节的领导）可以评论这个章节。' },
  'COMMENT.NOT_WRITER': { status: 403, zh: '只有章节的撰写人可以将评论标为已解决；重新打开由撰写人或发表这条评论的人操作。' },
  'COMMENT.NOT_AUTHOR': { status: 403, zh: '只能删除自己发表的评论。' },
  'COMMENT.ANSWERED': { status: 409, zh: '这条评论已有回复或已解决，不能再删除。' },
  'COMMENT.ALREADY_RESOLVED': { status: 409, zh: '这条评论已经标为解决，可能其他人已先一步处理，请刷新页面。' },
  'COMMENT.NOT_RESOLVED': { status: 409, zh: '这条评论还没有解决，不需要重新打开，请刷新页面。' },
  'COMMENT.REPLY_TO_REPLY': { status: 422, zh: '请回复讨论中的第一条评论。' },
  'COMMENT.NOT_A_THREAD': { status: 422, zh: '只有讨论中的第一条评论可以标为已解决或重新打开。' },
  'COMMENT.BLOCK_UNKNOWN': { status: 422, zh: '章节中没有第 {index} 段，可能内容已经修改，请刷新页面后再评论。' },
  'COMMENT.SECTION_CLOSED': { status: 409, zh: '评价任务现在处于“{state}”，章节不能再评论。' },
  'COMMENT.TOO_MANY': { status: 422, zh: '这个章节的评论已达 {limit} 条上限，请先解决或删除一些。' },

  // Key projects and their self-evaluation forms (项目支出绩效自评表).
  'CAMPAIGN.RULE_PACK_INVALID': { status: 422, zh: '评分规则有 {count} 处问题，未保存，请逐项修改：{list}' },
  'PROJECT.NOT_FOUND': { status: 404, zh: '找不到这个重点项目，可能已被删除，请刷新页面。' },
  'PROJECT.UNIT_NOT_IN_CAMPAIGN': { status: 422, zh: '这个单位不在本通知的范围内，不能为它添加重点项目。' },
  'PROJECT.CODE_TAKEN': { status: 409, zh: '这个单位已有编号为“{code}”的项目，请换一个编号。' },
  'PROJECT.CODE_REQUIRED': { status: 422, zh: '请填写项目编号。' },
  'PROJECT.NAME_REQUIRED': { status: 422, zh: '请填写项目名称。' },
  'PROJECT.TOO_MANY': { status: 422, zh: '每个单位最多 {limit} 个重点项目。' },
  'PROJECT.FORM_STARTED': { status: 409, zh: '这个项目的自评表已经开始填写，不能再删除。' },
  'PROJECT.NOTHING_TO_FILE': { status: 422, zh: '这个单位没有重点项目，必须报送部门整体支出自评报告。' },
  'PROJECT.CASE_CLOSED': { status: 409, zh: '这个单位的评价报告已提交内部审核或已盖章，不能再增减重点项目；如确需调整，请单位先撤回审核申请。' },
  'PROJECT_FORM.NOT_FOUND': { status: 404, zh: '这个评价任务没有这张项目自评表，或您无权查看。' },
  'PROJECT_FORM.INVALID_INPUT': { status: 422, zh: '项目自评表有 {count} 处填写错误，未保存：{list}' },
  'PROJECT_FORM.REVISION_CONFLICT': { status: 409, zh: '在您保存之前，其他人已经保存了这张项目自评表的新版本，请刷新后再改。' },
  'PROJECT_FORM.HAS_ERRORS': { status: 409, zh: '项目自评表“{name}”还有 {count} 处错误，请逐项改正。' },
  'PROJECT_FORM.NOT_APPROVED': { status: 409, zh: '项目自评表“{name}”还未经组长或副组长审核通过。' },
  'PROJECT_FORM.NOT_SAVED': { status: 409, zh: '这张项目自评表还没有填写保存，不能审核。' },
  'PROJECT_FORM.ALREADY_APPROVED': { status: 409, zh: '这张项目自评表已经审核通过。' },
  'PROJECT_FORM.OWN_SAVE': { status: 409, zh: '最后保存这张表的人不能自己审核，请由其他组长或副组长审核。' },
  'PROJECT_FORM.ROLE_NOT_ALLOWED': { status: 403, zh: '只有本评价任务的组长或副组长可以审核项目自评表。' },

  // A unit's electronic seal (SM2 key pair, certificate-like record and image).
  'SEAL.NOT_FOUND': { status: 404, zh: '这个单位还没有设置电子印章。' },
  'SEAL.ROLE_NOT_ALLOWED': { status: 403, zh: '只有本单位管理员或系统管理员可以设置电子印章。' },
  'SEAL.IMAGE_NOT_PNG': { status: 415, zh: '印章图片须为 .png 格式的图片文件，请重新选择后上传。' },
  'SEAL.IMAGE_INVALID': { status: 422, zh: '印章图片不能使用：{problem}。请上传红色圆形公章的 .png 图片，边长不超过 2000 像素，文件不超过 512 KiB。' },
  'SEAL.VALIDITY_INVALID': { status: 422, zh: '印章有效期不正确：{problem}。' },
  'SEAL.NOT_SET_UP': { status: 409, zh: '本单位还没有设置电子印章，不能盖章，请先由单位管理员设置印章。' },
  'SEAL.EXPIRED': { status: 409, zh: '本单位的电子印章已于 {validUntil} 到期，不能盖章，请由单位管理员重新设置印章。' },
  'SEAL.NOT_YET_VALID': { status: 409, zh: '本单位的电子印章自 {validFrom} 起才生效，现在不能盖章；可由单位管理员重新设置有效期。' },
  'SEAL.KEY_UNAVAILABLE': { status: 409, zh: '本单位电子印章的私钥无法使用（加密密钥已更换或数据被改动），请联系系统管理员，或由单位管理员重新设置印章。' },
  'SEAL.KEY_NOT_CONFIGURED': { status: 503, zh: '服务器还没有配置印章私钥的加密密钥，暂时不能设置或使用电子印章，请联系系统管理员。' },
  'SEAL.VERIFICATION_NOT_FOUND': { status: 404, zh: '核验链接无效，或这份报告不提供公开核验。请向发布单位核实链接。' },
} as const satisfies Record<string, { status: number; zh: string }>;

export type Code = keyof typeof CODES;
export type CodeParams = Readonly<Record<string, string | number>>;

/** A reason why an action is not available now: a code and what its text needs. */
export interface Reason {
  code: Code;
  params: CodeParams;
}

export const ALL_CODES = Object.keys(CODES) as Code[];

export function isCode(value: unknown): value is Code {
  return typeof value === 'string' && Object.hasOwn(CODES, value);
}

/** Shown where a template names a parameter the caller did not give: the sentence still reads. */
export const MISSING_PARAM = '…';

/** The Chinese text of a code, its `{name}` placeholders filled from params. */
export function codeText(code: Code, params: CodeParams = {}): string {
  return CODES[code].zh.replace(/\{(\w+)\}/g, (_, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : MISSING_PARAM,
  );
}

/** The parameter names a code's text uses, in order. */
export function codeParams(code: Code): string[] {
  return [...CODES[code].zh.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}
