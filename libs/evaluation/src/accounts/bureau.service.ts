import { Injectable } from '@nestjs/common';
import { BureauStore, OrganisationStore, PeopleStore, Transactor, type BureauRow, type Tx } from '@jixiao/persistence';
import { conflict, forbidden, notFound } from '../errors';
import type { Principal } from '../principal';
import { InvitationService } from './invitation.service';
import { PersonViews, type PersonView } from './person-views';

export interface BureauView {
  id: string;
  name: string;
  code: string;
  officerCount: number;
  unitCount: number;
  createdAt: string;
}

export interface NewOfficer {
  username: string;
  displayName: string;
  email: string;
  phone?: string | null;
}

function view(row: BureauRow): BureauView {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/**
 * The finance bureaus of an installation and their first officers: the system administrator's
 * work, and nobody else's. The system administrator sees no unit, case or campaign through it.
 */
@Injectable()
export class BureauService {
  constructor(
    private readonly transactor: Transactor,
    private readonly bureaus: BureauStore,
    private readonly organisations: OrganisationStore,
    private readonly people: PeopleStore,
    private readonly invitations: InvitationService,
    private readonly views: PersonViews,
  ) {}

  async list(principal: Principal): Promise<BureauView[]> {
    requireSystemAdmin(principal);
    return (await this.bureaus.list(this.transactor.manager)).map(view);
  }

  async create(principal: Principal, input: { name: string; code: string }): Promise<BureauView> {
    requireSystemAdmin(principal);
    const name = input.name.trim();
    const code = input.code.trim();
    return this.transactor.run(async (tx) => {
      const taken = await this.bureaus.taken(tx, name, code);
      if (taken.code) throw conflict('BUREAU.CODE_TAKEN', `The code ${code} is taken.`, { fields: ['code'] });
      if (taken.name) throw conflict('BUREAU.NAME_TAKEN', `A bureau named ${name} exists.`, { fields: ['name'] });
      const created = await this.organisations.create(tx, { kind: 'finance_bureau', name, code });
      return view((await this.bureaus.find(tx, created.id))!);
    });
  }

  async officers(principal: Principal, bureauId: string): Promise<PersonView[]> {
    const tx = this.transactor.manager;
    await this.administered(tx, principal, bureauId);
    return this.views.of(tx, await this.people.people(tx, bureauId));
  }

  /** A finance officer of the bureau, invited by mail to set a password. */
  async inviteOfficer(principal: Principal, bureauId: string, input: NewOfficer): Promise<PersonView> {
    return this.transactor.run(async (tx) => {
      await this.administered(tx, principal, bureauId);
      const { userId } = await this.invitations.inviteNewUser(
        tx,
        { organisationId: bureauId, username: input.username, displayName: input.displayName, email: input.email, phone: input.phone ?? null, roles: ['finance_officer'] },
        principal,
      );
      return this.views.one(tx, userId);
    });
  }

  /**
   * The bureau, for the system administrator. Anyone else is refused: with 403 for their own
   * bureau (an officer's, or a unit's in its directory), with 404 for another, as for any object
   * outside one's scope.
   */
  private async administered(tx: Tx, principal: Principal, id: string): Promise<BureauRow> {
    if (!isSystemAdmin(principal)) {
      const own = principal.organisationId === id || (await this.people.bureauOfUnit(tx, principal.organisationId)) === id;
      if (!own) throw notFound('bureau', id);
      requireSystemAdmin(principal);
    }
    const found = await this.bureaus.find(tx, id);
    if (!found) throw notFound('bureau', id);
    return found;
  }
}

const isSystemAdmin = (principal: Principal) => principal.organisationKind === 'system' && principal.roles.includes('system_admin');

function requireSystemAdmin(principal: Principal): void {
  if (!isSystemAdmin(principal)) {
    throw forbidden('BUREAU.ROLE_NOT_ALLOWED', 'Only the system administrator manages finance bureaus.');
  }
}
