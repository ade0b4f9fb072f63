import { readFileSync } from 'node:fs';
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

/**
 * Tests only (JIXIAO_TEST_CLOCK_FILE): the time is the ISO instant in `path`, read on every call,
 * so that several processes share one clock that a simulation moves by rewriting the file (it
 * writes a new file and renames it over the old, so a reader never sees half an instant).
 */
export function fileClock(path: string): () => Date {
  return () => {
    const text = readFileSync(path, 'utf8').trim();
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime())) throw new Error(`The test clock file ${path} holds "${text}", not an ISO instant`);
    return instant;
  };
}
