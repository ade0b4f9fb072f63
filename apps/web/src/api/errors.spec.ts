import { describe, expect, it } from '@jest/globals';
import type { ApiProblem } from './client';
import { describe as describeProblem } from './errors';

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
