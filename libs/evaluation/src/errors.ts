/**
 * Errors a use case raises on purpose. Each carries a stable code that clients may branch on,
 * a message a person can act on, and a kind that the HTTP layer maps to a status.
 */
export type DomainErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError('not_found', `${what.toUpperCase()}.NOT_FOUND`, `No ${what} with id ${id} exists, or you may not see it.`, { id });

export const forbidden = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('forbidden', code, message, details);

export const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, details);

export const unprocessable = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('unprocessable', code, message, details);
