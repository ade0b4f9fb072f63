import type { ArgumentsHost } from '@nestjs/common';
import type { SecurityLog } from '@jixiao/evaluation';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the database driver's error looks like once TypeORM has wrapped it. */
function queryFailed(code: string): Error {
  return Object.assign(new Error('driver message'), { name: 'QueryFailedError', code, driverError: { code } });
}

async function answer(error: unknown, contentType?: string): Promise<{ status: number; type: string | undefined; body: Record<string, unknown> }> {
  const sent: { status: number; type: string | undefined; body: Record<string, unknown> } = { status: 0, type: contentType, body: {} };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(type: string) {
      sent.type = type;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
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
    expect(type).toBe('application/json');
  });
});
