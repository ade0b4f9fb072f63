import { type ArgumentsHost, Catch, type ExceptionFilter, type HttpException, Logger } from '@nestjs/common';
import { DomainError, SecurityLog, type DomainErrorKind } from '@jixiao/evaluation';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/current-principal.decorator';
import { requestOrigin } from '../auth/request-origin';
import { ApiError, type ApiErrorBody } from './api-error';

const STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
};

const HTTP_CODES: Record<number, string> = {
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

/** Errors thrown by Express's body parser before any controller runs. */
interface BodyParserError {
  type: string;
  status?: number;
  limit?: number;
}

/**
 * Nest's own HTTP exceptions, recognised by shape: the ones the Express adapter raises may come from
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

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as BodyParserError).type === 'string' && 'status' in error;
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
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & AuthenticatedRequest & { id?: string }>();
    const body = this.toBody(error);
    body.requestId = request.id;
    if (body.statusCode >= 500) {
      this.logger.error({ err: error, requestId: request.id }, 'Unexpected error');
    } else if (body.code === 'REQUEST.VALUE_NOT_STORABLE') {
      this.logger.warn({ err: error, requestId: request.id }, 'The database refused a value that the request checks let through');
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
    if (response.headersSent) return;
    const retryAfter = body.details?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    // A route that answers another type (an HTML preview) may have set its Content-Type already; the error is JSON.
    response.status(body.statusCode).type('application/json').json(body);
  }

  private toBody(error: unknown): ApiErrorBody {
    if (error instanceof ApiError) {
      return { statusCode: error.statusCode, code: error.code, message: error.message, ...error.extra };
    }
    if (error instanceof DomainError) {
      const { fields, ...details } = error.details;
      const statusCode = STATUS_OF[error.kind];
      const body: ApiErrorBody = { statusCode, code: error.code, message: error.message };
      if (Array.isArray(fields)) body.fields = fields.map((field) => ({ field: String(field), problems: [error.message] }));
      if (Object.keys(details).length > 0) body.details = details;
      return body;
    }
    if (isBodyParserError(error)) return this.bodyParserBody(error);
    const refused = databaseInputError(error);
    if (refused) {
      return { statusCode: 400, code: 'REQUEST.VALUE_NOT_STORABLE', message: `The request was not saved: ${refused}. Check what you entered and send it again.` };
    }
    if (isHttpException(error)) {
      const statusCode = error.getStatus();
      const cause = error.cause;
      if (isBodyParserError(cause)) return this.bodyParserBody(cause);
      const message = statusCode === 404 ? 'No such route. See /api/docs for the API.' : error.message;
      return { statusCode, code: HTTP_CODES[statusCode] ?? `HTTP.${statusCode}`, message };
    }
    return { statusCode: 500, code: 'SERVER.UNEXPECTED', message: 'Something went wrong on the server. It has been logged; try again later.' };
  }

  private bodyParserBody(error: BodyParserError): ApiErrorBody {
    switch (error.type) {
      case 'entity.too.large':
        return {
          statusCode: 413,
          code: 'REQUEST.TOO_LARGE',
          message: `The request body is larger than the ${Math.round((error.limit ?? 0) / 1024)} KiB allowed.`,
        };
      case 'entity.parse.failed':
        return { statusCode: 400, code: 'REQUEST.MALFORMED_JSON', message: 'The request body is not valid JSON.' };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return { statusCode: 415, code: 'REQUEST.UNSUPPORTED_ENCODING', message: 'Send the body as UTF-8 JSON.' };
      default:
        return { statusCode: error.status ?? 400, code: 'REQUEST.INVALID', message: 'The request body could not be read.' };
    }
  }
}
