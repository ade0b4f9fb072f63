import { type PipeTransform } from '@nestjs/common';

/** The largest value of a PostgreSQL `integer` column (int4); one more overflows in the database. */
export const MAX_INT4 = 2_147_483_647;

/**
 * A path parameter that must be a whole number from 1 to MAX_INT4, written in plain digits; anything
 * else names no row, so it gets the error `refuse` makes (usually the route's NOT_FOUND).
 */
export function positiveInt4Pipe(refuse: () => Error): PipeTransform<string, number> {
  return {
    transform(value: string): number {
      if (!/^\d{1,10}$/.test(value)) throw refuse();
      const number = Number(value);
      if (number < 1 || number > MAX_INT4) throw refuse();
      return number;
    },
  };
}
