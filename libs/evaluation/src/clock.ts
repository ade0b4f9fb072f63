import { Injectable } from '@nestjs/common';

/** The time source; tests replace it to move time without waiting. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Asia/Shanghai as 'YYYY-MM-DD'; deadlines are such dates. */
export function shanghaiDate(instant: Date): string {
  return SHANGHAI_DATE.format(instant);
}
