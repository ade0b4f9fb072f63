import { textParams } from './code-params';
import { ALL_CODES, codeParams, codeText, CODES, isCode, MISSING_PARAM } from './codes';

/** The reason codes the rulebook gives, with the parameters each one's text needs. */
const REASON_PARAMS = {
  'CASE.OUT_OF_SCOPE': [],
  'CASE.ROLE_NOT_ALLOWED': ['roles'],
  'CASE.TRANSITION_NOT_ALLOWED': ['state'],
  'GROUP.LEADER_MISSING': [],
  'GROUP.MEMBER_MISSING': [],
  'GROUP.COMPILER_MISSING': [],
  'SECTION.OUTLINE_EMPTY': [],
  'SECTION.UNASSIGNED': ['pending', 'total'],
  'SECTION.NOT_APPROVED': ['pending', 'total'],
  'DATA_TABLE.HAS_ERRORS': ['count'],
  'DATA_TABLE.WARNINGS_UNACKNOWLEDGED': ['count'],
  'INDICATORS.INCOMPLETE': [],
  'INDICATORS.HAS_ERRORS': ['count'],
  'SECTION.TEMPLATE_TEXT': ['count'],
  'REVIEW.NOT_AN_APPROVER': [],
  'REVIEW.ALREADY_APPROVED': [],
  'REVIEW.NO_APPROVERS': [],
  'REVIEW.APPROVALS_MISSING': ['missing'],
  'REVIEW.APPROVAL_MISSING': [],
  'RETURN.REASON_REQUIRED': [],
  'RETURN.SECTIONS_REQUIRED': [],
  'PUBLICATION.MISMATCH': [],
  'SECTION.NOT_ASSIGNEE': [],
  'SECTION.NOT_APPROVER': [],
  'SECTION.SELF_APPROVAL': [],
  'SECTION.TRANSITION_NOT_ALLOWED': ['state'],
  'SECTION.NOT_IN_SELF_ASSESSMENT': ['state'],
  'SECTION.ASSIGNMENT_CLOSED': ['state'],
  'SECTION.NOT_EDITABLE': ['state'],
  'REPORT_TABLE.NOT_IN_SELF_ASSESSMENT': [],
  'REPORT_TABLE.ROLE_NOT_ALLOWED': [],
  'GROUP.ROLE_NOT_ALLOWED': [],
  'GROUP.CHANGE_NOT_ALLOWED': ['state'],
  'REVIEW.ROLE_NOT_ALLOWED': [],
  'REVIEW.NOT_IN_REVIEW': ['state'],
  'SECTION.ROLE_NOT_ALLOWED': [],
  'CASE.CONDITIONS_NOT_MET': ['reasons'],
} as const;

describe('the catalogue of codes', () => {
  it.each(Object.entries(REASON_PARAMS))('has the reason %s with the parameters %j', (code, params) => {
    expect(isCode(code)).toBe(true);
    expect(codeParams(code as keyof typeof REASON_PARAMS)).toEqual(params);
  });

  it.each(ALL_CODES)('writes %s as DOMAIN.REASON, with an HTTP status and a Chinese text', (code) => {
    expect(code).toMatch(/^[A-Z][A-Z_]*\.[A-Z][A-Z0-9_]*$/);
    expect(CODES[code].status).toBeGreaterThanOrEqual(400);
    expect(CODES[code].status).toBeLessThan(600);
    expect(CODES[code].zh).toMatch(/[\u4e00-\u9fff]/);
    // No English sentence reaches a person: only parameter names and product words (SHA, UTF-8, Excel, CSV, PDF) are Latin.
    expect(CODES[code].zh.replace(/\{\w+\}/g, '').replace(/UTF-8|Excel|CSV|PDF|xlsx|csv|KiB|MiB|MB|\.\w+/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('tells a code from any other string', () => {
    expect(isCode('SECTION.UNASSIGNED')).toBe(true);
    expect(isCode('SEALED VERSION.NOT_FOUND')).toBe(false);
    expect(isCode('toString')).toBe(false);
    expect(isCode(undefined)).toBe(false);
  });
});

describe('codeText', () => {
  it('fills every parameter of the template', () => {
    expect(codeText('SECTION.UNASSIGNED', { pending: 2, total: 9 })).toBe('还有 2 个章节（共 9 个）没有指定撰写人和完成期限，请先分配。');
    expect(codeText('CASE.CONDITIONS_NOT_MET', { reasons: '甲；乙' })).toBe('条件尚未满足：甲；乙');
  });

  it('answers the template as it is for a code without parameters', () => {
    expect(codeText('REVIEW.ALREADY_APPROVED')).toBe('您已经审批过这一版本。');
  });

  it('shows an ellipsis, never a brace or a parameter name, where a parameter is missing', () => {
    const text = codeText('DATA_TABLE.HAS_ERRORS', {});
    expect(text).toBe(`基础数据表还有 ${MISSING_PARAM} 处错误，请逐项改正。`);
    expect(text).not.toMatch(/[{}]|count/);
  });

  it('ignores parameters the template does not name', () => {
    expect(codeText('INDICATORS.INCOMPLETE', { count: 3 })).toBe(CODES['INDICATORS.INCOMPLETE'].zh);
  });

  it('writes a value that looks like a placeholder as it is', () => {
    expect(codeText('CASE.ROLE_NOT_ALLOWED', { roles: '{state}' })).toBe('只有{state}可以进行这个操作。');
  });
});

describe('textParams', () => {
  it("names the case's state and a section's state in Chinese", () => {
    expect(textParams('CASE.TRANSITION_NOT_ALLOWED', { state: 'internal_review' }).state).toBe('内部审核中');
    expect(textParams('CASE.TRANSITION_NOT_ALLOWED', { state: 'submitted.accepted' }).state).toBe('财政局已接收');
    expect(textParams('SECTION.TRANSITION_NOT_ALLOWED', { state: 'submitted' }).state).toBe('待审核');
  });

  it('joins the reasons of a refusal with their own texts', () => {
    const params = textParams('CASE.CONDITIONS_NOT_MET', {
      reasons: [
        { code: 'DATA_TABLE.HAS_ERRORS', params: { count: 1 } },
        { code: 'INDICATORS.INCOMPLETE', params: {} },
        { code: 'NOT.A_CODE', params: {} },
      ],
    });
    expect(codeText('CASE.CONDITIONS_NOT_MET', params)).toBe('条件尚未满足：基础数据表还有 1 处错误，请逐项改正。；指标评分表还有未评分的指标，请填写完整。');
  });

  it('counts and lists the problems of a refused table, five at most', () => {
    const errors = ['一', '二', '三', '四', '五', '六'].map((message) => ({ message }));
    expect(textParams('DATA_TABLE.INVALID_INPUT', { errors })).toMatchObject({ count: 6, list: '一；二；三；四；五；……' });
  });

  it('names roles and fields', () => {
    expect(textParams('USER.ROLE_NOT_IN_ORGANISATION', { roles: ['compiler', 'finance_officer'] }).roles).toBe('填报人员、财政局绩效科人员');
    expect(textParams('VALIDATION.FIELD_INVALID', { fields: [{ field: 'dueDate' }, 'group.leaderId'] }).fields).toBe('dueDate、group.leaderId');
  });
});
