import { Injectable } from '@nestjs/common';
import {
  InvitationStore,
  MailOutboxStore,
  OrganisationStore,
  PeopleStore,
  Transactor,
  UserStore,
  type InvitationListScope,
  type PersonRow,
  type Tx,
} from '@jixiao/persistence';
import type { InvitationPayload } from '@jixiao/mail';
import type { Role } from '@jixiao/workflow';
import { AccessPolicy } from '../access-policy';
import { Clock } from '../clock';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { checkedPhone, isEmailAddress, USERNAME_PATTERN } from './contact-rules';
import { checkRolesFit } from './organisation-roles';
import { invitationExpiry, invitationState, invitationTokenHash, newInvitationToken, type InvitationState } from './invitation-token';

export interface NewInvitedUser {
  organisationId: string;
  username: string;
  displayName: string;
  email: string;
  phone?: string | null;
  roles: Role[];
  subOfficeId?: string | null;
}

/** Who sent an invitation, as its mail names them; null for the system itself. */
export interface Inviter {
  userId: string;
  displayName: string;
}

export interface InvitationListItem {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  email: string | null;
  organisationId: string;
  organisationName: string;
  state: InvitationState;
  sentAt: string;
  expiresAt: string;
  sentBy: { id: string; displayName: string } | null;
}

/**
 * Invitations: an account made without a password, and a one-time link by mail for its person
 * to set one. The token is 32 random bytes; the database keeps its SHA-256 only.
 *
 * How the mail gets the raw token: the outbox row's payload carries it until the mail is sent,
 * and marking the row sent (or cancelling it) drops it. Deriving the token by HMAC from a key
 * both the api and the worker hold would keep it out of the database altogether, but would tie
 * every open link to that key's rotation and need one more secret in every deployment; the
 * outbox row is read by the worker only (the mail admin pages never show payloads) and holds the
 * token for the minutes between the decision and the delivery.
 */
@Injectable()
export class InvitationService {
  constructor(
    private readonly transactor: Transactor,
    private readonly organisations: OrganisationStore,
    private readonly users: UserStore,
    private readonly people: PeopleStore,
    private readonly invitations: InvitationStore,
    private readonly outbox: MailOutboxStore,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates an account without a password in the organisation and sends its invitation, in the
   * caller's transaction. The caller has decided that `invitedBy` may add people there.
   */
  async inviteNewUser(tx: Tx, input: NewInvitedUser, invitedBy: Principal | Inviter | null): Promise<{ userId: string }> {
    const organisation = await this.organisations.findById(tx, input.organisationId);
    if (!organisation) throw notFound('organisation', input.organisationId);
    checkRolesFit(organisation.kind, input.roles);
    if (!input.email || input.email.trim() === '') {
      throw unprocessable('USER.EMAIL_REQUIRED', 'An invited account needs an e-mail address for its invitation.', { fields: ['email'] });
    }
    if (!isEmailAddress(input.email.trim())) throw unprocessable('USER.EMAIL_INVALID', `${input.email} is not an e-mail address.`, { fields: ['email'] });
    if (!USERNAME_PATTERN.test(input.username)) {
      throw unprocessable('USER.USERNAME_INVALID', 'A user name is 3 to 64 letters, digits, dots, dashes or underscores.', { fields: ['username'] });
    }
    const phone = checkedPhone(input.phone);
    if (await this.people.usernameTaken(tx, input.username)) {
      throw conflict('USER.USERNAME_TAKEN', `The user name ${input.username} is taken; choose another.`, { fields: ['username'] });
    }
    if (input.subOfficeId) {
      const office = await this.people.subOffice(tx, input.subOfficeId);
      if (!office || office.unitId !== input.organisationId) {
        throw unprocessable('USER.SUB_OFFICE_OUTSIDE_UNIT', "The sub-office is not one of this unit's.", { fields: ['subOfficeId'] });
      }
    }
    const user = await this.users.create(tx, {
      organisationId: input.organisationId,
      username: input.username,
      displayName: input.displayName,
      email: input.email.trim(),
      phone,
      passwordHash: null,
      roles: input.roles,
    });
    if (input.subOfficeId) await this.people.setSubOffice(tx, user.id, input.subOfficeId);
    await this.issue(tx, { id: user.id, username: user.username, organisationName: organisation.name }, inviterOf(invitedBy));
    return { userId: user.id };
  }

  /** Sends a new link to an account still without a password; the previous link stops working. */
  async resend(principal: Principal, userId: string): Promise<{ sentAt: string; expiresAt: string }> {
    return this.transactor.run(async (tx) => {
      const person = await this.people.person(tx, userId);
      if (!person) throw notFound('user', userId);
      await this.checkMayInvite(tx, principal, person);
      if (person.hasPassword) {
        throw conflict('INVITATION.ALREADY_ACCEPTED', 'The account has a password already: its person signs in with it.');
      }
      const organisation = (await this.organisations.findById(tx, person.organisationId))!;
      return this.issue(tx, { id: person.id, username: person.username, organisationName: organisation.name }, inviterOf(principal));
    });
  }

  /** The latest invitation of every account the caller may invite, optionally of one state. */
  async list(principal: Principal, state: InvitationState | null): Promise<InvitationListItem[]> {
    const now = this.clock.now();
    const rows = (await this.invitations.list(this.transactor.manager, this.scopeOf(principal))).map((row) => ({ ...row, state: invitationState(row, now) }));
    return rows.filter((row) => state === null || row.state === state).map((row) => ({
      id: row.id,
      userId: row.userId,
      username: row.username,
      displayName: row.displayName,
      email: row.email,
      organisationId: row.organisationId,
      organisationName: row.organisationName,
      state: row.state,
      sentAt: row.sentAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      sentBy: row.sentById ? { id: row.sentById, displayName: row.sentByName ?? '' } : null,
    }));
  }

  /**
   * Who may (re)invite whom: an organisation's admin its people; a finance officer the
   * administrators of the units in their bureau's directory; the system administrator the people
   * of the bureaus. Outside what the caller sees the person answers 404.
   */
  private async checkMayInvite(tx: Tx, principal: Principal, person: PersonRow): Promise<void> {
    if (this.policy.managesOrganisation(principal, person.organisationId)) return;
    if (principal.organisationKind === 'system' && principal.roles.includes('system_admin')) {
      const organisation = await this.organisations.findById(tx, person.organisationId);
      if (organisation?.kind === 'finance_bureau') return;
      throw notFound('user', person.id);
    }
    if (this.policy.isFinanceOfficer(principal)) {
      const bureauId = await this.people.bureauOfUnit(tx, person.organisationId);
      if (bureauId === principal.organisationId) {
        if (person.roles.includes('unit_admin')) return;
        throw forbidden('INVITATION.ROLE_NOT_ALLOWED', "A finance officer invites units' administrators; the unit admin invites the unit's people.");
      }
    }
    if (!(await this.policy.seesOrganisation(tx, principal, person.organisationId))) throw notFound('user', person.id);
    throw forbidden('INVITATION.ROLE_NOT_ALLOWED', "Only the organisation's admin (or the bureau for units' admins) invites this person.");
  }

  private scopeOf(principal: Principal): InvitationListScope {
    if (principal.organisationKind === 'system' && principal.roles.includes('system_admin')) {
      return { organisationIds: [], unitAdminsOfBureau: null, bureauPeople: true };
    }
    if (this.policy.isFinanceOfficer(principal)) {
      return { organisationIds: [principal.organisationId], unitAdminsOfBureau: principal.organisationId, bureauPeople: false };
    }
    if (this.policy.managesOrganisation(principal, principal.organisationId)) {
      return { organisationIds: [principal.organisationId], unitAdminsOfBureau: null, bureauPeople: false };
    }
    throw forbidden('INVITATION.ROLE_NOT_ALLOWED', 'Only administrators, finance officers and the system administrator manage invitations.');
  }

  /** Revokes the account's open link, makes a new one and queues its mail, sent at once. */
  private async issue(tx: Tx, account: { id: string; username: string; organisationName: string }, inviter: Inviter | null) {
    const now = this.clock.now();
    await this.invitations.revokeOpen(tx, account.id, now);
    await this.outbox.cancelPending(tx, account.id, 'invitation', 'invitation_resent', now);
    const token = newInvitationToken();
    const expiresAt = invitationExpiry(now);
    const invitationId = await this.invitations.create(tx, {
      userId: account.id,
      tokenHash: invitationTokenHash(token),
      createdAt: now,
      expiresAt,
      invitedBy: inviter?.userId ?? null,
    });
    const payload: InvitationPayload = {
      token,
      username: account.username,
      organisationName: account.organisationName,
      invitedByName: inviter?.displayName ?? null,
      expiresAt: expiresAt.toISOString(),
    };
    await this.outbox.insert(tx, { dedupeKey: `invitation:${invitationId}`, kind: 'invitation', recipientId: account.id, payload, sendAfter: now });
    return { sentAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  }
}

function inviterOf(who: Principal | Inviter | null): Inviter | null {
  return who ? { userId: who.userId, displayName: who.displayName } : null;
}
