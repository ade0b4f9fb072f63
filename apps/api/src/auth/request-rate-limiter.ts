/** What the limiter decided for one request. */
export type RateDecision =
  | { allowed: true }
  | {
      allowed: false;
      retryAfterSeconds: number;
      /** True for the first refusal of the key's window: the one the security log keeps. */
      firstInWindow: boolean;
    };

interface Window {
  start: number;
  count: number;
  reported: boolean;
}

const WINDOW_MS = 60_000;
/** Past this many keys, windows that have ended are swept out before a new key is added. */
const SWEEP_ABOVE = 10_000;

/**
 * A ceiling of requests per key and minute, in this process's memory: fixed windows that start with
 * a key's first request. Held per process on purpose, so that no request pays a database round
 * trip for it; with N api processes in all (API_PROCESSES on each machine, added over the machines)
 * a key may reach N times the ceiling, as a session's connections land on different processes.
 */
export class RequestRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly ceiling: number) {}

  take(key: string, now: number): RateDecision {
    let window = this.windows.get(key);
    if (!window || now >= window.start + WINDOW_MS || now < window.start) {
      if (!window && this.windows.size >= SWEEP_ABOVE) this.sweep(now);
      window = { start: now, count: 0, reported: false };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.ceiling) return { allowed: true };
    const firstInWindow = !window.reported;
    window.reported = true;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000)), firstInWindow };
  }

  /** Keys held now; for tests of the sweep. */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (now >= window.start + WINDOW_MS || now < window.start) this.windows.delete(key);
    }
  }
}
