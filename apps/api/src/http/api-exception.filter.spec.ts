import { roleNames } from '@jixiao/workflow';
import type { ArgumentsHost } from '@nestjs/common';
import { conflict, DomainError, forbidden, notFound, unprocessable, type SecurityLog } from '@jixiao/evaluation';
import { ApiError } from './api-error';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the database driver's error looks like once TypeORM has wrapped it. */
function queryFailed(code: string): Error {
  return Object.assign(new Error('driver message'), { name: 'QueryFailedError', code, driverError: { code } });
}

async function answer(error: unknown, contentType?: string): Promise<{ status: number; type: string | undefined; body: Record<string, unknown> }> {
  const sent: { status: number; type: string | undefined; body: Record<string, unknown> } = { status: 0, type: contentType, body: {} };
  const response = {
    sent: false,
    raw: { headersSent: false },
    header() {
      return this;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(type: string) {
      sent.type = type;
      return this;
    },
    send(payload: string) {
      sent.body = JSON.parse(payload) as Record<string, unknown>;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ id: 'r-1', headers: {} }) }) } as unknown as ArgumentsHost;
  const securityLog = { recordRefusal: async () => undefined } as unknown as SecurityLog;
  await new ApiExceptionFilter(securityLog).catch(error, host);
  return sent;
}

describe('ApiExceptionFilter', () => {
  it.each([['22P02'], ['22003'], ['22001'], ['22021'], ['22P05'], ['54001']])(
    'answers a database refusal of a value (SQLSTATE %s) with 400, not 500',
    async (sqlState) => {
      const { status, body } = await answer(queryFailed(sqlState));
      expect({ status, code: body.code }).toEqual({ status: 400, code: 'REQUEST.VALUE_NOT_STORABLE' });
      expect(body.message).not.toContain('driver message');
    },
  );

  it('still answers 500 for database failures that are not about a value', async () => {
    const { status, body } = await answer(queryFailed('23505'));
    expect({ status, code: body.code }).toEqual({ status: 500, code: 'SERVER.UNEXPECTED' });
  });

  it('answers JSON even where the route had set another type (the HTML preview)', async () => {
    const { type } = await answer(new Error('boom'), 'text/html; charset=utf-8');
    expect(type).toBe('application/json; charset=utf-8');
  });

  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'REQUEST.TOO_LARGE'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'REQUEST.MALFORMED_JSON'],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 'REQUEST.INVALID'],
    ['FST_ERR_BAD_URL', 400, 'REQUEST.INVALID'],
  ])("answers Fastify's refusal %s before any controller with the code Express's body parser had", async (fastifyCode, statusCode, code) => {
    const { status, body } = await answer(Object.assign(new Error('refused'), { code: fastifyCode, statusCode }));
    expect({ status, code: body.code }).toEqual({ status: statusCode, code });
  });

  it("answers a refusal with its catalogue status and Chinese text; the thrower's note stays out of the body", async () => {
    const { status, body } = await answer(conflict('CASE.TRANSITION_NOT_ALLOWED', 'A case in state sealed does not take APPROVE.', { state: 'sealed', allowedEvents: ['SUBMIT'] }));
    expect(status).toBe(409);
    expect(body).toMatchObject({
      code: 'CASE.TRANSITION_NOT_ALLOWED',
      message: '评价任务现在处于“已盖章”，不能进行这个操作，可能其他人已先一步处理，请刷新页面。',
      details: { state: 'sealed', allowedEvents: ['SUBMIT'] },
    });
    expect(JSON.stringify(body)).not.toContain('does not take');
  });

  it('gives every reason its code, params and text, and joins their texts in the message', async () => {
    const { body } = await answer(
      conflict('CASE.CONDITIONS_NOT_MET', 'REQUEST_REVIEW cannot be done yet.', {
        state: 'self_assessment',
        reasons: [
          { code: 'SECTION.NOT_APPROVED', params: { pending: 4, total: 13 } },
          { code: 'DATA_TABLE.HAS_ERRORS', params: { count: 1 } },
          { code: 'INDICATORS.HAS_ERRORS', params: { count: 2 } },
        ],
      }),
    );
    expect(body.details).toEqual({
      state: 'self_assessment',
      reasons: [
        { code: 'SECTION.NOT_APPROVED', params: { pending: 4, total: 13 }, message: '还有 4 个章节（共 13 个）没有审核通过。' },
        { code: 'DATA_TABLE.HAS_ERRORS', params: { count: 1 }, message: '基础数据表还有 1 处错误，请逐项改正。' },
        { code: 'INDICATORS.HAS_ERRORS', params: { count: 2 }, message: '指标评分表还有 2 处错误（例如扣分未写理由），请逐项改正。' },
      ],
    });
    expect(body.message).toBe(
      '条件尚未满足：还有 4 个章节（共 13 个）没有审核通过。；基础数据表还有 1 处错误，请逐项改正。；指标评分表还有 2 处错误（例如扣分未写理由），请逐项改正。',
    );
  });

  it('names the roles that may act, in Chinese, as the rulebook gives them', async () => {
    const { status, body } = await answer(forbidden('CASE.ROLE_NOT_ALLOWED', 'Refused.', { state: 'internal_review', roles: roleNames(['group_leader', 'deputy_leader']) }));
    expect({ status, message: body.message }).toEqual({ status: 403, message: '只有评价小组组长、分管领导可以进行这个操作。' });
  });

  it('answers a missing sealed version with a code without a space', async () => {
    const { status, body } = await answer(notFound('sealed version', '3'));
    expect({ status, code: body.code, message: body.message }).toEqual({ status: 404, code: 'SEALED_VERSION.NOT_FOUND', message: '找不到这个盖章版本。' });
  });

  it("marks a use case's fields with the code's text", async () => {
    const { status, body } = await answer(unprocessable('DEADLINE.REASON_REQUIRED', 'An extension needs a reason.', { fields: ['reason'] }));
    expect(status).toBe(422);
    expect(body.fields).toEqual([{ field: 'reason', problems: ['请填写延期理由。'] }]);
    expect(body.details).toBeUndefined();
  });

  it('names the fields of a validation error in its Chinese message', async () => {
    const { status, body } = await answer(new ApiError('VALIDATION.FIELD_INVALID', 'The request has invalid fields.', { fields: [{ field: 'dueDate', problems: ['dueDate must be a date'] }, { field: 'assigneeId', problems: ['assigneeId must be a UUID'] }] }));
    expect({ status, message: body.message }).toEqual({ status: 400, message: '有填写不正确的内容，请按提示修改：dueDate、assigneeId。' });
  });

  it('answers a route that does not exist, and an unexpected error, in Chinese', async () => {
    const missing = await answer(Object.assign(new Error('Cannot GET /api/nothing'), { getStatus: () => 404, getResponse: () => ({}) }));
    expect({ status: missing.status, code: missing.body.code, message: missing.body.message }).toEqual({ status: 404, code: 'ROUTE.NOT_FOUND', message: '找不到这个页面或接口。' });
    const failed = await answer(new Error('boom'));
    expect({ status: failed.status, code: failed.body.code, message: failed.body.message }).toEqual({ status: 500, code: 'SERVER.UNEXPECTED', message: '服务器出错了，已记录，请稍后再试。' });
  });

  it('keeps the status of the catalogue whatever a subclass of DomainError is', async () => {
    class Refused extends DomainError {}
    expect((await answer(new Refused('USER.LAST_ADMIN', 'note'))).status).toBe(409);
  });
});
