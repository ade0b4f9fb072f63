import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SessionStore, Transactor, UserStore } from '@jixiao/persistence';
import { Clock } from './clock';
import { DomainError } from './errors';
import { PasswordHasher } from './password-hasher';
import type { Principal } from './principal';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export interface AuthOptions {
  tokenTtlMinutes: number;
}

export interface SignIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: { id: string; username: string; displayName: string; organisationId: string; organisationName: string; roles: string[] };
}

const invalidCredentials = () =>
  new DomainError('unauthenticated', 'AUTH.INVALID_CREDENTIALS', 'The user name or the password is wrong.');

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
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
    private readonly clock: Clock,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  async login(username: string, password: string, sourceAddress: string | null): Promise<SignIn> {
    const db = this.transactor.manager;
    const user = await this.users.findByUsername(db, username);
    if (!user || user.disabledAt) {
      this.decoyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
      await this.hasher.verify(await this.decoyHash, password);
      throw invalidCredentials();
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) throw invalidCredentials();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.options.tokenTtlMinutes * 60_000);
    await this.sessions.create(db, { userId: user.id, tokenHash: tokenHash(token), expiresAt, sourceAddress });
    const principal = await this.sessions.findLive(db, tokenHash(token), this.clock.now());
    if (!principal) throw invalidCredentials();
    return {
      accessToken: token,
      tokenType: 'Bearer',
      expiresAt: expiresAt.toISOString(),
      user: {
        id: principal.userId,
        username: principal.username,
        displayName: principal.displayName,
        organisationId: principal.organisationId,
        organisationName: principal.organisationName,
        roles: principal.roles,
      },
    };
  }

  async authenticate(token: string): Promise<Principal> {
    const principal = await this.sessions.findLive(this.transactor.manager, tokenHash(token), this.clock.now());
    if (!principal) {
      throw new DomainError('unauthenticated', 'AUTH.TOKEN_INVALID', 'The sign-in token is unknown, expired or revoked. Sign in again.');
    }
    const { expiresAt: _expiresAt, ...rest } = principal;
    return rest;
  }

  async logout(principal: Principal): Promise<void> {
    await this.sessions.revoke(this.transactor.manager, principal.sessionId, this.clock.now());
  }
}
