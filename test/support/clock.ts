import { Clock, shanghaiDate } from '@jixiao/evaluation';

/**
 * "Now" for the tests. TEST_TODAY pins it: a date (`2025-01-28`, taken at 10:00 in Asia/Shanghai)
 * or an instant with an explicit zone (`2025-12-31T16:30Z`, `2026-01-01T00:30+08:00`). Time then
 * runs on from there, so timeouts and expiry still work. Unset, it is the real time. Only the test
 * support reads TEST_TODAY; the service is given the clock, never the variable.
 */
export function parseTestToday(value: string | undefined): Date | null {
  if (value === undefined || value.trim() === '') return null;
  const text = value.trim();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const parsed = date ? new Date(`${text}T10:00:00+08:00`) : instant ? new Date(text) : null;
  // A date that rolls over (2025-02-30) is refused, not moved to March.
  const real = parsed !== null && !Number.isNaN(parsed.getTime()) && (!date || shanghaiDate(parsed) === text);
  if (!real) {
    throw new Error(`TEST_TODAY="${value}" is neither a date YYYY-MM-DD nor an instant YYYY-MM-DDTHH:mm with a zone (Z or +08:00).`);
  }
  return parsed;
}

const pinned = parseTestToday(process.env.TEST_TODAY);
// Each test file loads this module afresh, so each suite starts at the pinned instant.
const startedAt = Date.now();

/** The tests' "now": the pinned instant plus the real time elapsed since the suite started. */
export function testNow(): Date {
  return pinned === null ? new Date() : new Date(pinned.getTime() + (Date.now() - startedAt));
}

/** Today in Asia/Shanghai by the tests' clock, 'YYYY-MM-DD'. */
export function testToday(): string {
  return shanghaiDate(testNow());
}

/** True when TEST_TODAY pins the clock. */
export function clockPinned(): boolean {
  return pinned !== null;
}

/** The clock the test apps run on: the same "now" the tests compute their expectations with. */
export class TestClock extends Clock {
  now(): Date {
    return testNow();
  }
}
