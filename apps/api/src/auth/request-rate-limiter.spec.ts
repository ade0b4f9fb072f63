import { RequestRateLimiter } from './request-rate-limiter';

const T0 = Date.parse('2026-12-06T02:00:00Z');

describe('RequestRateLimiter', () => {
  it('allows the ceiling per key and minute, then refuses with the seconds left, reporting once', () => {
    const limiter = new RequestRateLimiter(3);
    expect([1, 2, 3].map(() => limiter.take('a', T0).allowed)).toEqual([true, true, true]);
    expect(limiter.take('a', T0 + 15_500)).toEqual({ allowed: false, retryAfterSeconds: 45, firstInWindow: true });
    expect(limiter.take('a', T0 + 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40, firstInWindow: false });
    expect(limiter.take('b', T0 + 20_000).allowed).toBe(true);
  });

  it('starts a new window once the minute is over, or when the clock went back', () => {
    const limiter = new RequestRateLimiter(1);
    limiter.take('a', T0);
    expect(limiter.take('a', T0 + 1000).allowed).toBe(false);
    expect(limiter.take('a', T0 + 60_000).allowed).toBe(true);
    expect(limiter.take('a', T0 + 60_001)).toMatchObject({ allowed: false, firstInWindow: true });
    expect(limiter.take('a', T0).allowed).toBe(true);
  });

  it('sweeps out ended windows instead of growing for ever', () => {
    const limiter = new RequestRateLimiter(5);
    for (let i = 0; i < 10_000; i += 1) limiter.take(`old-${i}`, T0);
    expect(limiter.size).toBe(10_000);
    limiter.take('new', T0 + 61_000);
    expect(limiter.size).toBe(1);
  });
});
