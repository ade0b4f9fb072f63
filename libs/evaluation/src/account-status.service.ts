import { Injectable } from '@nestjs/common';
import { PeopleStore, SessionStore, Transactor, UserStore, type Tx } from '@jixiao/persistence';
import { AccessPolicy } from './access-policy';
import { Clock } from './clock';
import { conflict, forbidden, notFound } from './errors';
import { PersonViews, type PersonView } from './accounts/person-views';
import type { Principal } from './principal';
import { SecurityLog, type RequestOrigin } from './security-log';

/**
 * 停用/启用: an organisation's admin switches an account of the organisation off or on again. A
 * disabled account keeps its row, so histories keep the name; its sessions end at once and its
 * sign-in is refused (AUTH.ACCOUNT_DISABLED).
 */
@Injectable()
export class AccountStatusService {
  constructor(
    private readonly transactor: Transactor,
    private readonly users: UserStore,
    private readonly people: PeopleStore,
    private readonly sessions: SessionStore,
    private readonly policy: AccessPolicy,
    private readonly securityLog: SecurityLog,
    private readonly clock: Clock,
    private readonly views: PersonViews,
  ) {}

  async disable(principal: Principal, userId: string, origin: RequestOrigin): Promise<PersonView> {
    return this.transactor.run(async (tx) => {
      const person = await this.managedPerson(tx, principal, userId);
      if (userId === principal.userId) {
        throw conflict('USER.CANNOT_DISABLE_SELF', 'You cannot disable your own account; ask another admin of your organisation.');
      }
      if (person.roles.includes('unit_admin')) {
        const others = (await this.users.activeHoldersLocked(tx, person.organisationId, 'unit_admin')).filter((id) => id !== userId);
        if (others.length === 0) {
          throw conflict('USER.LAST_ADMIN', 'This is the last active unit admin of the unit: give another person the unit admin role first.');
        }
      }
      const now = this.clock.now();
      if (await this.users.setDisabled(tx, userId, now)) {
        const endedSessions = await this.sessions.revokeAll(tx, userId, now, 'account_disabled');
        await this.record(tx, 'account_disabled', principal, person, origin, { endedSessions });
      }
      return this.view(tx, userId);
    });
  }

  async enable(principal: Principal, userId: string, origin: RequestOrigin): Promise<PersonView> {
    return this.transactor.run(async (tx) => {
      const person = await this.managedPerson(tx, principal, userId);
      if (await this.users.setDisabled(tx, userId, null)) await this.record(tx, 'account_enabled', principal, person, origin, {});
      return this.view(tx, userId);
    });
  }

  /** The person, when the principal sees their organisation (404 otherwise) and administers it (403 otherwise). */
  private async managedPerson(tx: Tx, principal: Principal, userId: string) {
    const person = await this.people.person(tx, userId);
    if (!person || !(await this.policy.seesOrganisation(tx, principal, person.organisationId))) throw notFound('user', userId);
    if (!this.policy.managesOrganisation(principal, person.organisationId)) {
      throw forbidden('ORG.ROLE_NOT_ALLOWED', "Only the organisation's admin manages its people and sub-offices.");
    }
    return person;
  }

  /** The event is the person's (who was switched off or on), and names the admin who did it. */
  private record(
    tx: Tx,
    kind: 'account_disabled' | 'account_enabled',
    principal: Principal,
    person: { id: string; username: string },
    origin: RequestOrigin,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.securityLog.record(tx, {
      kind,
      outcome: 'success',
      userId: person.id,
      username: person.username,
      origin,
      details: { byUserId: principal.userId, byUsername: principal.username, ...details },
    });
  }

  private view(tx: Tx, userId: string): Promise<PersonView> {
    return this.views.one(tx, userId);
  }
}
