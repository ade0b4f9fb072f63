import { ParseUUIDPipe } from '@nestjs/common';
import { notFound, type NotFoundObject } from '@jixiao/evaluation';

/** An id that is not a UUID names nothing: answer 404 as for any unknown id. */
export function uuidPipe(what: NotFoundObject): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => notFound(what) });
}
