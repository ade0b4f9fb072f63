import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AttemptCounterStore, Transactor, UserStore, type Tx } from '@jixiao/persistence';
import { Clock } from './clock';
import { DomainError } from './errors';
import { SecurityLog, type SecurityEvent } from './security-log';

export const ATTEMPT_LIMITS = Symbol('ATTEMPT_LIMITS');

/** Ceilings per window; see docs/operations.md, "Rate limits". */
export interface AttemptLimitOptions {
  windowMinutes: number;
  signInPerAccountAddress: number;
  signInPerAccount: number;
  signInPerAddress: number;
  refreshPerAccount: number;
  refreshFailuresPerAddress: number;
}

/** Which count refused: the security log names it, the answer does not. */
export type LimitName = 'account_address' | 'account' | 'address';

export interface Limit {
  name: LimitName;
  key: string;
  ceiling: number;
}

/** The attempts one request counted, to take back or clear when it turns out well. */
export interface Admission {
  counted: Array<{ key: string; windowStart: Date }>;
  /** The (account, address) key, cleared by a successful sign-in. */
  pairKey: string | null;
}

export interface Refusal {
  limit: Limit;
  windowStart: Date;
  retryAfterSeconds: number;
}

/** 429 with `Retry-After`: the same answer whether or not the user name exists. */
export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number, what: 'sign-in' | 'refresh') {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    super(
      'AUTH.TOO_MANY_ATTEMPTS',
      what === 'sign-in'
        ? `Too many failed sign-ins for this user name or from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
        : `Too many refreshes for this account or failed ones from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or sign in again then.`,
      { retryAfterSeconds },
    );
  }
}

const MINUTE = 60_000;
/** Old counters are deleted at most once per this interval per process. */
const PRUNE_EVERY_MS = 10 * MINUTE;

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super('refused');
  }
}

/** A key that never holds a user name or an address in clear: the log holds those. */
function keyOf(scope: string, ...parts: Array<string | null>): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(`${part ?? '-'}\u0000`);
  return `${scope}:${digest.digest('base64url').slice(0, 32)}`;
}

/**
 * Limits sign-in and refresh attempts per account, per source address and per pair, on counters in
 * PostgreSQL. An attempt is counted before the password is checked, so that parallel attempts are
 * counted exactly; one that succeeds is taken back. An attempt past a ceiling counts nothing.
 */
@Injectable()
export class AttemptLimiter {
  private lastPruned: number | null = null;

  constructor(
    private readonly transactor: Transactor,
    private readonly counters: AttemptCounterStore,
    private readonly users: UserStore,
    private readonly securityLog: SecurityLog,
    private readonly clock: Clock,
    @Inject(ATTEMPT_LIMITS) private readonly options: AttemptLimitOptions,
  ) {}

  /** Sign-ins and password changes: the pair first, so a refusal names the narrowest count. */
  signInLimits(username: string, address: string | null): Limit[] {
    return [
      { name: 'account_address', key: keyOf('signin.pair', username, address), ceiling: this.options.signInPerAccountAddress },
      { name: 'account', key: keyOf('signin.account', username), ceiling: this.options.signInPerAccount },
      { name: 'address', key: keyOf('signin.address', address), ceiling: this.options.signInPerAddress },
    ];
  }

  refreshAddressLimits(address: string | null): Limit[] {
    return [{ name: 'address', key: keyOf('refresh.address', address), ceiling: this.options.refreshFailuresPerAddress }];
  }

  /** Opening and accepting invitation links, per address: as many failures as sign-ins from one address. */
  invitationAddressLimits(address: string | null): Limit[] {
    return [{ name: 'address', key: keyOf('invitation.address', address), ceiling: this.options.signInPerAddress }];
  }

  refreshAccountLimits(userId: string): Limit[] {
    return [{ name: 'account', key: keyOf('refresh.account', userId), ceiling: this.options.refreshPerAccount }];
  }

  /** Counts one attempt against every limit in its own transaction, or refuses and counts nothing. */
  async admit(limits: Limit[]): Promise<Admission | Refusal> {
    await this.pruneNow();
    try {
      return await this.transactor.run(async (tx) => {
        const counted = await this.countWithin(tx, limits);
        if ('limit' in counted) throw new Refused(counted);
        return counted;
      });
    } catch (error) {
      if (error instanceof Refused) return error.refusal;
      throw error;
    }
  }

  /** Counts one attempt inside the caller's transaction; on a refusal the caller must roll back. */
  async countWithin(tx: Tx, limits: Limit[]): Promise<Admission | Refusal> {
    const now = this.clock.now();
    const counted = await this.counters.count(
      tx,
      limits.map((limit) => limit.key),
      now,
      new Date(now.getTime() - this.options.windowMinutes * MINUTE),
    );
    const byKey = new Map(counted.map((entry) => [entry.key, entry]));
    for (const limit of limits) {
      const entry = byKey.get(limit.key)!;
      if (entry.attempts > limit.ceiling) {
        const end = entry.windowStart.getTime() + this.options.windowMinutes * MINUTE;
        return { limit, windowStart: entry.windowStart, retryAfterSeconds: Math.max(1, Math.ceil((end - now.getTime()) / 1000)) };
      }
    }
    return {
      counted: counted.map(({ key, windowStart }) => ({ key, windowStart })),
      pairKey: limits.find((limit) => limit.name === 'account_address')?.key ?? null,
    };
  }

  /** A successful attempt: it is taken back from every count, and the pair's count is cleared. */
  async forgive(tx: Tx, admission: Admission): Promise<void> {
    await this.counters.uncount(
      tx,
      admission.counted.filter((entry) => entry.key !== admission.pairKey),
    );
    if (admission.pairKey) await this.counters.clear(tx, admission.pairKey);
  }

  /**
   * The error to answer a refusal with. The first refusal of each window and key goes to the
   * security log; the rest do not, so an attack cannot flood the log.
   */
  async refuse(refusal: Refusal, event: Omit<SecurityEvent, 'outcome' | 'code'>): Promise<TooManyAttemptsError> {
    const refused = new TooManyAttemptsError(refusal.retryAfterSeconds, event.kind === 'refresh' ? 'refresh' : 'sign-in');
    await this.transactor.run(async (tx) => {
      if (!(await this.counters.claimReport(tx, refusal.limit.key, refusal.windowStart))) return;
      const userId = event.userId ?? (event.username ? ((await this.users.findByUsername(tx, event.username))?.id ?? null) : null);
      await this.securityLog.record(tx, {
        ...event,
        userId,
        outcome: 'throttled',
        code: refused.code,
        details: { ...event.details, limit: refusal.limit.name, ceiling: refusal.limit.ceiling, retryAfterSeconds: refusal.retryAfterSeconds },
      });
    });
    this.securityLog.noteRecorded(refused);
    return refused;
  }

  /**
   * Housekeeping by the process's own time and the database's clock, never the injected clock: a
   * test that moves its clock by months must not wipe the counts of another test.
   */
  private async pruneNow(): Promise<void> {
    const now = performance.now();
    if (this.lastPruned !== null && now - this.lastPruned < PRUNE_EVERY_MS) return;
    this.lastPruned = now;
    await this.counters.pruneOlderThanADay(this.transactor.manager);
  }
}

export function isRefusal(outcome: Admission | Refusal): outcome is Refusal {
  return 'limit' in outcome;
}
