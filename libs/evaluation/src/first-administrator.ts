import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OrganisationStore, Transactor, UserStore } from '@jixiao/persistence';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { SecurityLog } from './security-log';

export const FIRST_ADMINISTRATOR_USERNAME = 'admin';

/** Without look-alikes (0/O, 1/l/I), so the printed password can be typed from a screen. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789@#%+=-';
const LENGTH = 16;

export interface FirstAdministrator {
  username: string;
  /** Shown once, at the start that created the account; it must be changed at first sign-in. */
  oneTimePassword: string;
}

/**
 * The first account of an installation that has none: one system administrator, with a random
 * one-time password that must be changed at first sign-in. The database decides which start
 * creates it, so two processes starting at once on an empty database create exactly one.
 */
@Injectable()
export class FirstAdministratorService {
  constructor(
    private readonly transactor: Transactor,
    private readonly organisations: OrganisationStore,
    private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly securityLog: SecurityLog,
  ) {}

  /** Creates the administrator when the database has no account at all; null otherwise (never a second time). */
  async createIfNoAccounts(): Promise<FirstAdministrator | null> {
    // The usual case, answered without hashing a password nobody will use.
    if ((await this.users.countUsers(this.transactor.manager)) > 0) return null;
    const oneTimePassword = this.randomPassword();
    const passwordHash = await this.hasher.hash(oneTimePassword);
    return this.transactor.run(async (tx) => {
      await this.users.lockForFirstAccount(tx);
      if ((await this.users.countUsers(tx)) > 0) return null;
      const organisation = await this.organisations.create(tx, { kind: 'system', name: '系统管理', code: 'SYSTEM' });
      const user = await this.users.create(tx, {
        organisationId: organisation.id,
        username: FIRST_ADMINISTRATOR_USERNAME,
        displayName: '系统管理员',
        email: null,
        passwordHash,
        roles: ['system_admin'],
        mustChangePassword: true,
      });
      await this.securityLog.record(tx, {
        kind: 'account_created',
        outcome: 'success',
        userId: user.id,
        username: user.username,
        origin: { address: null, method: 'START', path: 'first-administrator' },
        details: { reason: 'no_accounts', mustChangePassword: true },
      });
      return { username: user.username, oneTimePassword };
    });
  }

  private randomPassword(): string {
    for (;;) {
      const candidate = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      if (this.policy.unmetRules(candidate, FIRST_ADMINISTRATOR_USERNAME).length === 0) return candidate;
    }
  }
}
