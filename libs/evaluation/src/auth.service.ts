import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SessionStore, Transactor, UserStore, type SessionLookup, type SessionPrincipal, type SessionQuery, type Tx } from '@jixiao/persistence';
import { AttemptLimiter, isRefusal, type AttemptLimitOptions, type Refusal } from './attempt-limiter';
import { Clock } from './clock';
import { DomainError } from './errors';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import type { Principal } from './principal';
import { SecurityLog, type RequestOrigin, type SecurityEvent } from './security-log';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export interface AuthOptions {
  accessTokenTtlMinutes: number;
  refreshTokenTtlMinutes: number;
  idleTimeoutMinutes: number;
  attempts: AttemptLimitOptions;
}

export interface SignIn {
  accessToken: string;
  tokenType: 'Bearer';
  /** When the access token expires; refresh before then. */
  expiresAt: string;
  refreshToken: string;
  /** When the session ends; refreshing never moves this. */
  refreshExpiresAt: string;
  user: {
    id: string;
    username: string;
    displayName: string;
    organisationId: string;
    organisationName: string;
    roles: string[];
    /** True until the person changes the password someone else chose: nothing else is allowed until then. */
    mustChangePassword: boolean;
  };
}

/**
 * Sign-in refused to a switched-off account. Said only to whoever gave its right password: to
 * anyone else the account answers as a wrong password does, so that guessing learns nothing.
 */
const accountDisabled = () =>
  new DomainError('AUTH.ACCOUNT_DISABLED', 'This account has been disabled. Ask your unit admin to enable it again.');

/** Every route but reading one's profile, changing the password and signing out, while the password is someone else's. */
const passwordChangeRequired = () =>
  new DomainError(
    'AUTH.PASSWORD_CHANGE_REQUIRED',
    'Change the one-time password first (POST /api/auth/password); until then only that, GET /api/auth/me and signing out are allowed.',
  );

/** Sign-in to an invited account before its person set a password through the invitation link. */
const invitationPending = () =>
  new DomainError('AUTH.INVITATION_PENDING', 'This account has no password yet: follow the invitation link to set one, or ask for the invitation to be sent again.');

const invalidCredentials = () =>
  new DomainError('AUTH.INVALID_CREDENTIALS', 'The user name or the password is wrong.');

const tokenInvalid = (message = 'The sign-in token is unknown, expired or revoked. Sign in again.') =>
  new DomainError('AUTH.TOKEN_INVALID', message);

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const MINUTE = 60_000;
/** Last activity is written at most this often per session. */
const ACTIVITY_RESOLUTION_MS = MINUTE;

type Refused = { refused: DomainError };

/** Rolls a refresh back when the account has refreshed too often in the window. */
class RefreshThrottled extends Error {
  readonly throttled: Refusal;
  readonly principal: SessionPrincipal;

  constructor(what: { throttled: Refusal; principal: SessionPrincipal }) {
    super('The account has refreshed too often');
    this.throttled = what.throttled;
    this.principal = what.principal;
  }
}

@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both failures take the same time. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    private readonly transactor: Transactor,
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly securityLog: SecurityLog,
    private readonly limiter: AttemptLimiter,
    private readonly clock: Clock,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  /**
   * Every attempt counts towards the limits of the user name, the address and the pair before the
   * password is checked; a success is taken back. Unknown and known user names count alike.
   */
  async login(username: string, password: string, origin: RequestOrigin): Promise<SignIn> {
    const admission = await this.limiter.admit(this.limiter.signInLimits(username, origin.address));
    if (isRefusal(admission)) throw await this.limiter.refuse(admission, { kind: 'login', username, origin });
    const user = await this.users.findByUsername(this.transactor.manager, username);
    if (!user) {
      this.decoyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
      await this.hasher.verify(await this.decoyHash, password);
      throw await this.refuse(invalidCredentials(), { kind: 'login', outcome: 'failure', userId: null, username, origin, details: { reason: 'unknown_user' } });
    }
    if (user.passwordHash === null) {
      // An invited account whose person has not set a password: no password could have been right,
      // so saying so tells nothing a guesser could use; the decoy keeps the answer's timing alike.
      this.decoyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
      await this.hasher.verify(await this.decoyHash, password);
      const event: SecurityEvent = { kind: 'login', outcome: 'refused', userId: user.id, username, origin, details: { reason: user.disabledAt ? 'disabled' : 'invitation_pending' } };
      throw await this.refuse(user.disabledAt ? invalidCredentials() : invitationPending(), event);
    }
    if (user.disabledAt) {
      // Counted like any attempt; only whoever gives the right password learns that the account is off.
      const right = await this.hasher.verify(user.passwordHash, password);
      const event: SecurityEvent = { kind: 'login', outcome: 'refused', userId: user.id, username, origin, details: { reason: 'disabled' } };
      throw await this.refuse(right ? accountDisabled() : invalidCredentials(), event);
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      const event: SecurityEvent = { kind: 'login', outcome: 'failure', userId: user.id, username, origin, details: { reason: 'wrong_password' } };
      throw await this.refuse(invalidCredentials(), event);
    }
    const now = this.clock.now();
    const access = newToken();
    const refresh = newToken();
    const refreshExpiresAt = new Date(now.getTime() + this.options.refreshTokenTtlMinutes * MINUTE);
    const accessExpiresAt = this.accessExpiry(now, refreshExpiresAt);
    const principal = await this.transactor.run(async (tx) => {
      const sessionId = await this.sessions.create(tx, {
        userId: user.id,
        accessTokenHash: tokenHash(access),
        accessExpiresAt,
        refreshTokenHash: tokenHash(refresh),
        refreshExpiresAt,
        sourceAddress: origin.address,
        now,
      });
      await this.securityLog.record(tx, { kind: 'login', outcome: 'success', userId: user.id, username, origin, details: { sessionId } });
      const signedIn = await this.principalOf(tx, access, now);
      // Last, so that the address's counter row (shared by everyone signing in from that address,
      // an office behind one gateway) is locked over this statement and the commit only. Sign-ins
      // from one address still queue on that row: under the transitions benchmark's 97 sign-ins at
      // once, about 60 ms each (bench/README.md).
      await this.limiter.forgive(tx, admission);
      return signedIn;
    });
    return this.signIn(principal, access, accessExpiresAt, refresh, refreshExpiresAt);
  }

  /**
   * The person an access token stands for. One statement: it also records the session's activity,
   * at most once a minute. `passwordChangePending` marks the few routes an account whose password
   * must be changed may still use.
   */
  async authenticate(token: string, options: { passwordChangePending?: boolean } = {}): Promise<Principal> {
    const query = this.sessionQuery(token);
    return this.admit(await this.sessions.findLive(this.transactor.manager, query), query, options);
  }

  /**
   * What looking up an access token's session asks, now: for `authenticate`, and for the
   * statements that look the session up beside their own read (the lifecycle event's).
   */
  sessionQuery(token: string): SessionQuery {
    const now = this.clock.now();
    return { accessTokenHash: tokenHash(token), now, idleCutoff: this.idleCutoff(now), touchCutoff: new Date(now.getTime() - ACTIVITY_RESOLUTION_MS) };
  }

  /** The person a session looked up with `query` stands for, or why it is refused (the reason goes to the security log). */
  admit(found: SessionLookup | null, query: SessionQuery, options: { passwordChangePending?: boolean } = {}): Principal {
    if (!found) throw tokenInvalid();
    const { now, idleCutoff } = query;
    const subject = { userId: found.principal.userId, username: found.principal.username };
    let refused: DomainError | null = null;
    if (found.revokedAt || found.userDisabled) {
      refused = tokenInvalid('This session has ended: it was signed out or revoked. Sign in again.');
    } else if (found.lastSeenAt <= idleCutoff) {
      refused = new DomainError(
        'AUTH.SESSION_IDLE',
        `The session was idle for more than ${this.options.idleTimeoutMinutes} minutes and has ended. Sign in again.`,
      );
    } else if (found.accessExpiresAt <= now) {
      refused = new DomainError(
        'AUTH.TOKEN_EXPIRED',
        'The access token has expired. Get a new one from POST /api/auth/refresh with the refresh token, or sign in again.',
        { expiredAt: found.accessExpiresAt.toISOString() },
      );
    } else if (found.mustChangePassword && !options.passwordChangePending) {
      refused = passwordChangeRequired();
    }
    if (refused) {
      this.securityLog.noteSubject(refused, subject);
      throw refused;
    }
    return found.principal;
  }

  /**
   * Swaps a refresh token for a new pair; the presented one stops working. Presenting a refresh
   * token that was already swapped means two parties hold the session: it is revoked.
   */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<SignIn> {
    // Failures count per address; refreshes that work count per account (below).
    const admission = await this.limiter.admit(this.limiter.refreshAddressLimits(origin.address));
    if (isRefusal(admission)) throw await this.limiter.refuse(admission, { kind: 'refresh', origin });
    const now = this.clock.now();
    const presented = tokenHash(refreshToken);
    const access = newToken();
    const refresh = newToken();
    const idleCutoff = this.idleCutoff(now);
    const outcome = await this.transactor.run(
      async (tx): Promise<Refused | { principal: SessionPrincipal & { mustChangePassword: boolean }; accessExpiresAt: Date; refreshExpiresAt: Date }> => {
        const rotated = await this.sessions.rotate(tx, {
          refreshTokenHash: presented,
          newAccessTokenHash: tokenHash(access),
          newRefreshTokenHash: tokenHash(refresh),
          accessExpiresAt: new Date(now.getTime() + this.options.accessTokenTtlMinutes * MINUTE),
          now,
          idleCutoff,
        });
        if (rotated) {
          const principal = await this.principalOf(tx, access, now);
          const counted = await this.limiter.countWithin(tx, this.limiter.refreshAccountLimits(principal.userId));
          // Thrown to roll the rotation back: the presented token keeps working after the wait.
          if (isRefusal(counted)) throw new RefreshThrottled({ throttled: counted, principal });
          const event = { kind: 'refresh', outcome: 'success', userId: principal.userId, username: principal.username, origin } as const;
          await this.securityLog.record(tx, { ...event, details: { sessionId: rotated.sessionId } });
          // Last, as in login: the address's counter row stays locked until the commit.
          await this.limiter.forgive(tx, admission);
          return { principal, accessExpiresAt: rotated.accessExpiresAt, refreshExpiresAt: rotated.refreshExpiresAt };
        }
        const found = await this.sessions.findByRefreshToken(tx, presented);
        const failure = (refused: DomainError, extra: Partial<SecurityEvent> = {}): Promise<Refused> =>
          this.securityLog
            .record(tx, {
              kind: 'refresh',
              outcome: 'failure',
              userId: found?.userId ?? null,
              username: found?.username ?? null,
              origin,
              code: refused.code,
              ...extra,
              details: { ...(found ? { sessionId: found.sessionId } : {}), ...extra.details },
            })
            .then(() => ({ refused }));
        if (!found) return failure(tokenInvalid('The refresh token is unknown. Sign in again.'));
        if (!found.current) {
          const revoked = await this.sessions.revoke(tx, found.sessionId, now, 'refresh_reused');
          return failure(
            new DomainError(
              'AUTH.REFRESH_REUSED',
              'This refresh token was already used once. The session has been ended in case someone else holds it: sign in again.',
            ),
            { outcome: 'reused', details: { sessionRevoked: revoked } },
          );
        }
        if (found.revokedAt || found.userDisabled) {
          return failure(tokenInvalid('This session has ended: it was signed out or revoked. Sign in again.'));
        }
        if (found.refreshExpiresAt <= now) {
          return failure(
            new DomainError('AUTH.REFRESH_EXPIRED', 'The session has reached its end and cannot be refreshed. Sign in again.', {
              expiredAt: found.refreshExpiresAt.toISOString(),
            }),
          );
        }
        if (found.lastSeenAt <= idleCutoff) {
          return failure(
            new DomainError(
              'AUTH.SESSION_IDLE',
              `The session was idle for more than ${this.options.idleTimeoutMinutes} minutes and has ended. Sign in again.`,
            ),
          );
        }
        // The token was current when read but not when swapped: a concurrent refresh took it.
        return failure(tokenInvalid('The refresh token was just used by another request. Sign in again.'));
      },
    ).catch(async (error: unknown) => {
      if (!(error instanceof RefreshThrottled)) throw error;
      // Too many refreshes of the account is no failure of this address.
      await this.transactor.run((tx) => this.limiter.forgive(tx, admission));
      const { throttled, principal } = error;
      throw await this.limiter.refuse(throttled, { kind: 'refresh', userId: principal.userId, username: principal.username, origin });
    });
    if ('refused' in outcome) throw this.recorded(outcome.refused);
    return this.signIn(outcome.principal, access, outcome.accessExpiresAt, refresh, outcome.refreshExpiresAt);
  }

  /** Ends the session of the request: its access and refresh tokens both stop working. */
  async logout(principal: Principal, origin: RequestOrigin): Promise<void> {
    const now = this.clock.now();
    await this.transactor.run(async (tx) => {
      await this.sessions.revoke(tx, principal.sessionId, now, 'logout');
      await this.securityLog.record(tx, {
        kind: 'logout',
        outcome: 'success',
        userId: principal.userId,
        username: principal.username,
        origin,
        details: { sessionId: principal.sessionId },
      });
    });
  }

  /**
   * Changes one's own password after checking the current one, and ends one's other sessions. A
   * wrong current password counts towards the sign-in limits as a failed sign-in does.
   */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string, origin: RequestOrigin): Promise<void> {
    const [user] = await this.users.findByIds(this.transactor.manager, [principal.userId]);
    const event = { kind: 'password_change', userId: principal.userId, username: principal.username, origin } as const;
    if (!user || user.disabledAt) throw await this.refuse(tokenInvalid('This account is disabled. Ask your unit admin.'), { ...event, outcome: 'failure' });
    // Whoever holds a stolen access token must not guess the password faster than a sign-in could.
    const admission = await this.limiter.admit(this.limiter.signInLimits(user.username, origin.address));
    if (isRefusal(admission)) throw await this.limiter.refuse(admission, event);
    if (user.passwordHash === null || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      const wrong = new DomainError('AUTH.INVALID_CREDENTIALS', 'The current password is wrong.', { fields: ['currentPassword'] });
      throw await this.refuse(wrong, { ...event, outcome: 'failure', details: { reason: 'wrong_password' } });
    }
    await this.transactor.run((tx) => this.limiter.forgive(tx, admission));
    try {
      this.policy.check(newPassword, user.username);
      if (newPassword === currentPassword) {
        throw new DomainError('AUTH.PASSWORD_UNCHANGED', 'The new password must differ from the current one.', { fields: ['newPassword'] });
      }
    } catch (error) {
      if (error instanceof DomainError) {
        const { fields: _fields, ...details } = error.details;
        throw await this.refuse(error, { ...event, outcome: 'failure', details });
      }
      throw error;
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const now = this.clock.now();
    await this.transactor.run(async (tx) => {
      await this.users.changePassword(tx, user.id, passwordHash, now);
      const revokedSessions = await this.sessions.revokeOthers(tx, user.id, principal.sessionId, now, 'password_changed');
      await this.securityLog.record(tx, { ...event, outcome: 'success', details: { sessionId: principal.sessionId, revokedSessions } });
    });
  }

  /** Logs a refusal on its own and answers the error to throw. */
  private async refuse(refused: DomainError, event: SecurityEvent): Promise<DomainError> {
    await this.transactor.run((tx) => this.securityLog.record(tx, { ...event, code: refused.code }));
    return this.recorded(refused);
  }

  private recorded(error: DomainError): DomainError {
    this.securityLog.noteRecorded(error);
    return error;
  }

  private async principalOf(tx: Tx, accessToken: string, now: Date): Promise<SessionPrincipal & { mustChangePassword: boolean }> {
    const found = await this.sessions.findLive(tx, { accessTokenHash: tokenHash(accessToken), now, idleCutoff: this.idleCutoff(now), touchCutoff: new Date(now.getTime() - ACTIVITY_RESOLUTION_MS) });
    if (!found) throw new Error('The session just written cannot be read back');
    return { ...found.principal, mustChangePassword: found.mustChangePassword };
  }

  private accessExpiry(now: Date, refreshExpiresAt: Date): Date {
    return new Date(Math.min(now.getTime() + this.options.accessTokenTtlMinutes * MINUTE, refreshExpiresAt.getTime()));
  }

  private idleCutoff(now: Date): Date {
    return new Date(now.getTime() - this.options.idleTimeoutMinutes * MINUTE);
  }

  private signIn(principal: SessionPrincipal & { mustChangePassword: boolean }, access: string, accessExpiresAt: Date, refresh: string, refreshExpiresAt: Date): SignIn {
    return {
      accessToken: access,
      tokenType: 'Bearer',
      expiresAt: accessExpiresAt.toISOString(),
      refreshToken: refresh,
      refreshExpiresAt: refreshExpiresAt.toISOString(),
      user: {
        id: principal.userId,
        username: principal.username,
        displayName: principal.displayName,
        organisationId: principal.organisationId,
        organisationName: principal.organisationName,
        roles: principal.roles,
        mustChangePassword: principal.mustChangePassword,
      },
    };
  }
}
