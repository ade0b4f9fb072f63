import { Injectable } from '@nestjs/common';
import { OrganisationStore, PeopleStore, Transactor, UserStore, type OrganisationKind, type SubOfficeKind, type Tx } from '@jixiao/persistence';
import type { Role } from '@jixiao/workflow';
import { AccessPolicy } from './access-policy';
import { InvitationService } from './accounts/invitation.service';
import { checkedPhone } from './accounts/contact-rules';
import { checkRolesFit } from './accounts/organisation-roles';
import { PersonViews, type PersonView } from './accounts/person-views';
import { conflict, forbidden, notFound, unprocessable } from './errors';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import type { Principal } from './principal';
import { DueItemsService } from './reminders/due-items.service';

export interface OrganisationView {
  id: string;
  kind: OrganisationKind;
  name: string;
  code: string;
  subOffices: Array<{ id: string; kind: SubOfficeKind; name: string }>;
}

export interface NewPerson {
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  /** Without one the person is invited by mail to set their own (an e-mail address is required then). */
  password?: string;
  roles: Role[];
  subOfficeId?: string;
}

/** Organisations, their sub-offices and people, managed by each organisation's admin. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly transactor: Transactor,
    private readonly organisations: OrganisationStore,
    private readonly users: UserStore,
    private readonly people: PeopleStore,
    private readonly policy: AccessPolicy,
    private readonly hasher: PasswordHasher,
    private readonly passwords: PasswordPolicy,
    private readonly dueItems: DueItemsService,
    private readonly invitations: InvitationService,
    private readonly views: PersonViews,
  ) {}

  async organisation(principal: Principal, organisationId: string): Promise<OrganisationView> {
    const tx = this.transactor.manager;
    const organisation = await this.visibleOrganisation(tx, principal, organisationId);
    const offices = await this.organisations.listSubOffices(tx, organisationId);
    return {
      id: organisation.id,
      kind: organisation.kind,
      name: organisation.name,
      code: organisation.code,
      subOffices: offices.map((o) => ({ id: o.id, kind: o.kind, name: o.name })),
    };
  }

  async addSubOffice(principal: Principal, organisationId: string, input: { kind: SubOfficeKind; name: string }): Promise<OrganisationView> {
    await this.transactor.run(async (tx) => {
      const organisation = await this.managedOrganisation(tx, principal, organisationId);
      if (organisation.kind !== 'unit') throw unprocessable('ORG.NOT_A_UNIT', 'Only budget units have sub-offices.');
      const existing = await this.organisations.listSubOffices(tx, organisationId);
      if (existing.some((o) => o.name === input.name)) {
        throw conflict('ORG.SUB_OFFICE_EXISTS', `The unit already has a sub-office named ${input.name}.`);
      }
      await this.organisations.addSubOffices(tx, organisationId, [input], existing.length);
    });
    return this.organisation(principal, organisationId);
  }

  async list(principal: Principal, organisationId: string): Promise<PersonView[]> {
    const tx = this.transactor.manager;
    await this.visibleOrganisation(tx, principal, organisationId);
    return this.views.of(tx, await this.people.people(tx, organisationId));
  }

  async create(principal: Principal, organisationId: string, input: NewPerson): Promise<PersonView> {
    return this.transactor.run(async (tx) => {
      const organisation = await this.managedOrganisation(tx, principal, organisationId);
      checkRolesFit(organisation.kind, input.roles);
      if (input.password === undefined) {
        const { userId } = await this.invitations.inviteNewUser(
          tx,
          { organisationId, username: input.username, displayName: input.displayName, email: input.email ?? '', phone: input.phone ?? null, roles: input.roles, subOfficeId: input.subOfficeId ?? null },
          principal,
        );
        return this.views.one(tx, userId);
      }
      this.passwords.check(input.password, input.username);
      const phone = checkedPhone(input.phone);
      if (await this.people.usernameTaken(tx, input.username)) {
        throw conflict('USER.USERNAME_TAKEN', `The user name ${input.username} is taken; choose another.`, { fields: ['username'] });
      }
      await this.checkSubOffice(tx, organisationId, input.subOfficeId);
      const user = await this.users.create(tx, {
        organisationId,
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        phone,
        passwordHash: await this.hasher.hash(input.password),
        roles: input.roles,
      });
      if (input.subOfficeId) await this.people.setSubOffice(tx, user.id, input.subOfficeId);
      return this.views.one(tx, user.id);
    });
  }

  /** Replaces a person's organisation roles and sub-office. */
  async update(principal: Principal, userId: string, input: { roles?: Role[]; subOfficeId?: string | null }): Promise<PersonView> {
    return this.transactor.run(async (tx) => {
      const person = await this.people.person(tx, userId);
      if (!person || !(await this.policy.seesOrganisation(tx, principal, person.organisationId))) throw notFound('user', userId);
      const organisation = await this.managedOrganisation(tx, principal, person.organisationId);
      if (input.roles) {
        checkRolesFit(organisation.kind, input.roles);
        if (userId === principal.userId && person.roles.includes('unit_admin') && !input.roles.includes('unit_admin')) {
          throw conflict('USER.LAST_ADMIN', 'You cannot take the unit admin role from yourself; ask another admin.');
        }
        if (person.roles.includes('unit_admin') && !input.roles.includes('unit_admin')) {
          // Two admins taking the role from each other at once: the organisation's row is locked, so the
          // second sees the first's change, and a unit is never left without an active admin.
          const holders = await this.users.activeHoldersLocked(tx, person.organisationId, 'unit_admin');
          if (!holders.includes(principal.userId)) {
            throw forbidden('ORG.ROLE_NOT_ALLOWED', "Only the organisation's admin manages its people and sub-offices.");
          }
          if (holders.filter((id) => id !== userId).length === 0) {
            throw conflict('USER.LAST_ADMIN', 'This is the last active unit admin of the unit: give another person the unit admin role first.');
          }
        }
        await this.people.setRoles(tx, userId, person.organisationId, input.roles);
      }
      if (input.subOfficeId !== undefined) {
        await this.checkSubOffice(tx, person.organisationId, input.subOfficeId ?? undefined);
        await this.people.setSubOffice(tx, userId, input.subOfficeId);
      }
      // Roles and sub-office decide who seals, submits, publishes and approves which section.
      if (organisation.kind === 'unit') await this.dueItems.refreshUnit(tx, person.organisationId);
      return this.views.one(tx, userId);
    });
  }

  private async checkSubOffice(tx: Tx, organisationId: string, subOfficeId: string | undefined): Promise<void> {
    if (subOfficeId === undefined) return;
    const office = await this.people.subOffice(tx, subOfficeId);
    if (!office || office.unitId !== organisationId) {
      throw unprocessable('USER.SUB_OFFICE_OUTSIDE_UNIT', "The sub-office is not one of this unit's.", { fields: ['subOfficeId'] });
    }
  }

  private async visibleOrganisation(tx: Tx, principal: Principal, organisationId: string) {
    const organisation = await this.organisations.findById(tx, organisationId);
    if (!organisation || !(await this.policy.seesOrganisation(tx, principal, organisationId))) throw notFound('organisation', organisationId);
    return organisation;
  }

  private async managedOrganisation(tx: Tx, principal: Principal, organisationId: string) {
    const organisation = await this.visibleOrganisation(tx, principal, organisationId);
    if (!this.policy.managesOrganisation(principal, organisationId)) {
      throw forbidden('ORG.ROLE_NOT_ALLOWED', "Only the organisation's admin manages its people and sub-offices.");
    }
    return organisation;
  }
}
