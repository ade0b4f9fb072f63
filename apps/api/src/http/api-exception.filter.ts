import { type ArgumentsHost, Catch, type ExceptionFilter, type HttpException, Logger } from '@nestjs/common';
import { DomainError, SecurityLog } from '@jixiao/evaluation';
import { CODES, codeText, textParams, type Code } from '@jixiao/workflow';
import type { AuthenticatedRequest } from '../auth/current-principal.decorator';
import { requestOrigin } from '../auth/request-origin';
import { ApiError, type ApiErrorBody } from './api-error';
import type { HttpReply, HttpRequest } from './http-types';
import { reasonBodies } from './error-params';

const HTTP_CODES: Record<number, Code> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.REQUIRED',
  403: 'AUTH.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  405: 'ROUTE.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.TOO_MANY',
  503: 'SERVER.UNAVAILABLE',
};

/** Errors of Fastify itself before any controller runs: the body's length or type, a malformed URL. */
export interface FastifyError {
  code: string;
  statusCode: number;
}

/**
 * Nest's own HTTP exceptions, recognised by shape: the ones the Fastify adapter raises may come from
 * another copy of @nestjs/common than this file's (seen under Jest), so `instanceof` is not enough.
 */
function isHttpException(error: unknown): error is HttpException {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as HttpException).getStatus === 'function' &&
    typeof (error as HttpException).getResponse === 'function'
  );
}

/**
 * PostgreSQL errors that only a value the request carried can cause (SQLSTATE class 22 data
 * exceptions, and a recursion too deep). The request checks should refuse such input first; this is
 * the safety net, recognised by shape so that the HTTP layer needs no database driver.
 */
const DATABASE_INPUT_ERRORS: Record<string, string> = {
  '22P02': 'a value is not written the way its field needs',
  '22003': 'a number is out of range',
  '22001': 'a text is too long',
  '22021': 'a text holds a character that cannot be stored',
  '22P05': 'a text holds a character that cannot be stored',
  '54001': 'a value is nested too deeply',
};

function databaseInputError(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  const fromDatabase = (error as { name?: unknown }).name === 'QueryFailedError' || 'driverError' in error;
  return fromDatabase && typeof code === 'string' ? (DATABASE_INPUT_ERRORS[code] ?? null) : null;
}

function isFastifyError(error: unknown): error is FastifyError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as FastifyError).code === 'string' &&
    (error as FastifyError).code.startsWith('FST_') &&
    typeof (error as FastifyError).statusCode === 'number'
  );
}

/**
 * Maps every error to one JSON shape with a stable code; logs the unexpected ones once, with their
 * stack. Every 401 and 403 goes to the security log first; that write never changes the answer.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(private readonly securityLog: SecurityLog) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const response = http.getResponse<HttpReply>();
    const request = http.getRequest<HttpRequest & AuthenticatedRequest>();
    const body = this.toBody(error);
    body.requestId = request.id;
    if (body.statusCode >= 500) {
      this.logger.error({ err: error, requestId: request.id }, 'Unexpected error');
    } else if (body.code === 'REQUEST.VALUE_NOT_STORABLE') {
      const reason = databaseInputError(error);
      this.logger.warn({ err: error, reason, requestId: request.id }, 'The database refused a value that the request checks let through');
    } else if (error instanceof DomainError || error instanceof ApiError) {
      // The thrower's note is for developers; people read the code's text.
      this.logger.debug({ code: body.code, note: error.message, requestId: request.id }, 'Refused');
    }
    if (body.statusCode === 401 || body.statusCode === 403) {
      try {
        await this.securityLog.recordRefusal(error, {
          statusCode: body.statusCode,
          code: body.code,
          origin: requestOrigin(request),
          principal: request.principal ?? null,
        });
      } catch (failure) {
        this.logger.error({ err: failure, requestId: request.id }, 'Could not write a refusal to the security log');
      }
    }
    // `sent` covers a reply already ended; `raw.headersSent` one whose head went out through Node's response.
    if (response.sent || response.raw?.headersSent) return;
    const retryAfter = body.details?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number') response.header('Retry-After', String(retryAfter));
    // A route that answers another type (an HTML preview) may have set its Content-Type already; the error is JSON.
    response.status(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
  }

  private toBody(error: unknown): ApiErrorBody {
    if (error instanceof ApiError) {
      const { fields, details } = error.extra;
      return answer(error.code, { ...details, ...(fields ? { fields } : {}) }, error.extra);
    }
    if (error instanceof DomainError) {
      const { fields, ...details } = error.details;
      const body = answer(error.code, error.details, Object.keys(details).length > 0 ? { details } : {});
      // A use case names its fields; what is wrong with them is the code's text.
      if (Array.isArray(fields)) body.fields = fields.map((field) => ({ field: String(field), problems: [body.message] }));
      return body;
    }
    if (isFastifyError(error)) return answer(fastifyCode(error));
    if (databaseInputError(error)) return answer('REQUEST.VALUE_NOT_STORABLE');
    if (isHttpException(error)) {
      const statusCode = error.getStatus();
      return answer(HTTP_CODES[statusCode] ?? (statusCode >= 500 ? 'SERVER.UNEXPECTED' : 'REQUEST.INVALID'));
    }
    return answer('SERVER.UNEXPECTED');
  }
}

/**
 * Fastify's refusals of a request before any controller runs, as the codes Express's body parser's
 * had: a body over BODY_LIMIT_BYTES, a content type no parser takes, a Content-Length that is not
 * the body's, a malformed URL. Its 5xx (a failure of the server) stay unexpected.
 */
export function fastifyCode(error: FastifyError): Code {
  if (error.statusCode >= 500) return 'SERVER.UNEXPECTED';
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'REQUEST.TOO_LARGE';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'REQUEST.UNSUPPORTED_MEDIA_TYPE';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'REQUEST.MALFORMED_JSON';
  return HTTP_CODES[error.statusCode] ?? 'REQUEST.INVALID';
}

/** The answer for a code: its status and Chinese text from the catalogue; reasons each in their own words. */
export function answer(code: Code, params: Record<string, unknown> = {}, extra: Pick<ApiErrorBody, 'fields' | 'details'> = {}): ApiErrorBody {
  const reasons = Array.isArray(params.reasons) ? reasonBodies(params.reasons) : null;
  const body: ApiErrorBody = { statusCode: CODES[code].status, code, message: codeText(code, textParams(code, reasons ? { ...params, reasons } : params)) };
  if (extra.fields) body.fields = extra.fields;
  if (extra.details) body.details = reasons ? { ...extra.details, reasons } : extra.details;
  return body;
}
