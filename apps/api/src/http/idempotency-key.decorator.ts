import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { headerOf, type HttpRequest } from './http-types';
import { ApiError } from './api-error';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** The Idempotency-Key header, checked for shape; null when absent. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | null => {
  const value = headerOf(context.switchToHttp().getRequest<HttpRequest>(), 'idempotency-key');
  if (value === undefined) return null;
  if (!KEY_PATTERN.test(value)) {
    throw new ApiError('IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key must be 8 to 128 letters, digits or . _ : - (a UUID works).', {
      fields: [{ field: 'Idempotency-Key', problems: ['invalid format'] }],
    });
  }
  return value;
});
