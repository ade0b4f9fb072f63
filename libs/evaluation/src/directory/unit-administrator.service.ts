import { Injectable } from '@nestjs/common';
import { OrganisationStore, Transactor } from '@jixiao/persistence';
import { AccessPolicy } from '../access-policy';
import { InvitationService } from '../accounts/invitation.service';
import { PersonViews, type PersonView } from '../accounts/person-views';
import { conflict, forbidden, notFound } from '../errors';
import type { Principal } from '../principal';

export interface NewUnitAdministrator {
  username: string;
  displayName: string;
  email: string;
  phone?: string | null;
}

/**
 * A unit's administrator, set up by the bureau for a unit of its directory one at a time (the
 * import does the same for many): an account with the unit_admin role and no password, whose person
 * sets one through the invitation mail. From then on the unit administrator manages the unit's people.
 */
@Injectable()
export class UnitAdministratorService {
  constructor(
    private readonly transactor: Transactor,
    private readonly organisations: OrganisationStore,
    private readonly policy: AccessPolicy,
    private readonly invitations: InvitationService,
    private readonly views: PersonViews,
  ) {}

  async invite(principal: Principal, unitId: string, input: NewUnitAdministrator): Promise<PersonView> {
    return this.transactor.run(async (tx) => {
      // Outside one's sight the unit answers 404; a unit's own staff see it but do not keep the directory.
      if (!(await this.policy.seesOrganisation(tx, principal, unitId))) throw notFound('organisation', unitId);
      if (!this.policy.isFinanceOfficer(principal)) {
        throw forbidden('DIRECTORY.ROLE_NOT_ALLOWED', 'Only finance officers set up the administrators of their bureau’s units.');
      }
      const unit = await this.organisations.findById(tx, unitId);
      if (!unit || unit.kind !== 'unit' || unit.bureauId !== principal.organisationId) throw notFound('organisation', unitId);
      if (unit.archivedAt !== null) throw conflict('DIRECTORY.ARCHIVED', 'The unit is archived; restore it first.');
      const { userId } = await this.invitations.inviteNewUser(
        tx,
        { organisationId: unitId, username: input.username, displayName: input.displayName, email: input.email, phone: input.phone ?? null, roles: ['unit_admin'] },
        principal,
      );
      return this.views.one(tx, userId);
    });
  }
}
