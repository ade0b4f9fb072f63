import { describe, expect, it } from '@jest/globals';
import type { ApiProblem } from './client';
import { ALL_CODES } from '@jixiao/workflow';
import { describe as describeProblem, isConflict, reasons } from './errors';

const problem = (status: number, code: string, details: Record<string, unknown> = {}) =>
  ({ status, code, message: 'Try again in a while.', fields: [], details }) as unknown as ApiProblem;

describe('the console text of a refusal', () => {
  it('says in minutes when a sign-in may be tried again', () => {
    expect(describeProblem(problem(429, 'AUTH.TOO_MANY_ATTEMPTS', { retryAfterSeconds: 541 }))).toBe('尝试次数过多，为保护账号已暂停登录，请 10 分钟后再试。');
    expect(describeProblem(problem(429, 'AUTH.TOO_MANY_ATTEMPTS', { retryAfterSeconds: 20 }))).toBe('尝试次数过多，为保护账号已暂停登录，请 1 分钟后再试。');
  });

  it('says in seconds when a busy session may go on', () => {
    expect(describeProblem(problem(429, 'REQUEST.RATE_LIMITED', { retryAfterSeconds: 42 }))).toBe('操作太频繁，请 42 秒后再试。');
  });

  it('still says something in Chinese when the wait is missing', () => {
    expect(describeProblem(problem(429, 'AUTH.TOO_MANY_ATTEMPTS'))).toBe('尝试次数过多，为保护账号已暂停登录，请稍后再试。');
    expect(describeProblem(problem(429, 'REQUEST.RATE_LIMITED'))).toBe('操作太频繁，请稍后再试。');
  });
});

describe('the reasons of a refusal', () => {
  it('are each said from their code and params, never from the API\'s own words', () => {
    const refused = problem(409, 'CASE.CONDITIONS_NOT_MET', {
      reasons: [
        { code: 'DATA_TABLE.HAS_ERRORS', params: { count: 1 }, message: 'The basic data table has 1 error(s).' },
        { code: 'SECTION.UNASSIGNED', params: { pending: 2, total: 9 }, message: 'English' },
      ],
    });
    expect(reasons(refused)).toEqual(['基础数据表还有 1 处错误，请逐项改正。', '还有 2 个章节（共 9 个）没有指定撰写人和完成期限，请先分配。']);
  });

  it('leave out a reason whose code the console does not know rather than show its words', () => {
    expect(reasons(problem(409, 'CASE.CONDITIONS_NOT_MET', { reasons: [{ code: 'SOMETHING.NEW', params: {}, message: 'Something new.' }] }))).toEqual([]);
  });

  it('say how a published file differs from the sealed one in Chinese', () => {
    const mismatch = problem(409, 'PUBLICATION.MISMATCH', {
      differences: [
        { kind: 'section_missing', heading: '四、其他自评情况' },
        { kind: 'figure_differs', label: '收入决算', sealed: '2686.28', published: '2686.29' },
      ],
    });
    expect(reasons(mismatch)).toEqual(['缺少章节“四、其他自评情况”。', '收入决算为 2686.29，盖章版本为 2686.28。']);
  });

  it('say when a published file is not the original, or not a .docx at all', () => {
    const copy = problem(409, 'PUBLICATION.MISMATCH', { differences: [{ kind: 'file_not_original' }] });
    expect(reasons(copy)).toEqual(['文件中的文字与盖章版本一致，但不是盖章版本的原文件（可能另存过或改过格式），请下载盖章版本的原文件后公开。']);
    expect(reasons(problem(409, 'PUBLICATION.MISMATCH', { differences: [{ kind: 'not_a_docx' }] }))).toEqual(['上传的文件不是 Word 文档（.docx），无法逐项比对。']);
  });

  it('name the earlier sealed version a published file is, and the one in force', () => {
    const earlier = problem(409, 'PUBLICATION.EARLIER_VERSION', { earlierVersion: 1, earlierSealedAt: '2026-10-03 10:00', replacedBy: 2, sealedVersion: 2, replacedAfter: 'return' });
    expect(describeProblem(earlier)).toBe('公开的文件是第 1 版（2026-10-03 10:00 盖章），该版已在财政局退回后由第 2 版取代，不能登记公开，请公开现行第 2 版的原文件。');
  });
});

describe('the title of a refusal', () => {
  it("names the case's state in Chinese", () => {
    expect(describeProblem(problem(409, 'CASE.TRANSITION_NOT_ALLOWED', { state: 'sealed' }))).toBe('评价任务现在处于“已盖章”，不能进行这个操作，可能其他人已先一步处理。');
  });

  it('is Chinese for a code the console does not know', () => {
    expect(describeProblem(problem(502, 'GATEWAY.DOWN'))).toBe('页面出错了，请刷新页面后重试。');
  });

  it.each(ALL_CODES)('is Chinese for %s', (code) => {
    expect(describeProblem(problem(400, code))).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('a project form saved by someone else first', () => {
  it('is a conflict the notice offers to reload, said in the form\'s own words', () => {
    const refused = problem(409, 'PROJECT_FORM.REVISION_CONFLICT', { currentRevision: 3 });
    expect(isConflict(refused)).toBe(true);
    expect(describeProblem(refused)).toBe('在您保存之前，其他人已经保存了这张项目自评表的新版本，本页的修改没有保存。');
    expect(isConflict(problem(409, 'PROJECT_FORM.HAS_ERRORS', { name: '培训项目', count: 2 }))).toBe(false);
  });
});
