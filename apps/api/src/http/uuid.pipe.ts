import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@jixiao/evaluation';

/** An id that is not a UUID names nothing: answer 404 as for any unknown id. */
export function uuidPipe(what: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new DomainError('not_found', `${what.toUpperCase()}.NOT_FOUND`, `No ${what} with that id exists, or you may not see it.`),
  });
}
