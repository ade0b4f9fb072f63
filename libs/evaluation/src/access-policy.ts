import { Injectable } from '@nestjs/common';
import { DelegationStore, DirectoryStore, PeopleStore, type GroupMember, type Tx } from '@jixiao/persistence';
import { sectionApprovers, withAddedApproverRole, type Actor } from '@jixiao/workflow';
import { Clock, shanghaiDate } from './clock';
import { forbidden } from './errors';
import type { Principal } from './principal';

/** The actor a decision is made for, and the person they stand in for, if any. */
export interface ResolvedActor {
  actor: Actor;
  /** The delegator when the principal acts under a delegation (代理); the history says "principal for delegator". */
  onBehalfOfId: string | null;
}

/** A person of a unit with no role left there is staff no longer: they see nothing of it. */
const isUnitStaff = (principal: Principal) => principal.organisationKind === 'unit' && principal.roles.length > 0;
const isFinanceOfficer = (principal: Principal) =>
  principal.organisationKind === 'finance_bureau' && principal.roles.includes('finance_officer');

/**
 * The one place that decides who may do what to which object. Every use case asks it; the
 * lifecycle machine receives what it decides (the actor's roles, the approvers of a section) as
 * facts in its events. Outside a person's scope an object answers 404, so that its existence does
 * not leak; inside the scope, a missing right answers 403.
 */
@Injectable()
export class AccessPolicy {
  constructor(
    private readonly delegations: DelegationStore,
    private readonly people: PeopleStore,
    private readonly clock: Clock,
    private readonly directory: DirectoryStore,
  ) {}

  /**
   * Which lists (cases, campaigns) the principal reads: a finance officer's campaigns, or their
   * unit's; null for anyone else (a person with no role, the system administrator), who sees none.
   */
  listScope(principal: Principal): { officerId: string } | { unitId: string } | null {
    if (isFinanceOfficer(principal)) return { officerId: principal.userId };
    if (isUnitStaff(principal)) return { unitId: principal.organisationId };
    return null;
  }

  isUnitStaff(principal: Principal): boolean {
    return isUnitStaff(principal);
  }

  /** Unit staff see their unit's cases; finance officers the cases of campaigns they are bound to. */
  seesCase(principal: Principal, record: { unitId: string; officerBound: boolean }): boolean {
    if (isUnitStaff(principal)) return record.unitId === principal.organisationId;
    return isFinanceOfficer(principal) && record.officerBound;
  }

  /** Campaigns: bound finance officers, and the staff of the units a campaign covers. */
  seesCampaign(principal: Principal, campaign: { officerIds: readonly string[]; unitIds: readonly string[] }): boolean {
    if (isUnitStaff(principal)) return campaign.unitIds.includes(principal.organisationId);
    return isFinanceOfficer(principal) && campaign.officerIds.includes(principal.userId);
  }

  managesCampaign(principal: Principal, campaign: { officerIds: readonly string[] }): boolean {
    return isFinanceOfficer(principal) && campaign.officerIds.includes(principal.userId);
  }

  /** The finance bureau's actions on a case (re-check, extension): the finance officers bound to its campaign. */
  managesCase(principal: Principal, record: { officerBound: boolean }): boolean {
    return isFinanceOfficer(principal) && record.officerBound;
  }

  isFinanceOfficer(principal: Principal): boolean {
    return isFinanceOfficer(principal);
  }

  /**
   * The working-day calendar's local overrides are the finance bureau's to set: it fixes the
   * deadlines. There is no bureau-side admin role, so every finance officer may.
   */
  managesCalendar(principal: Principal): boolean {
    return isFinanceOfficer(principal);
  }

  /**
   * Who may urge (催办) a person on a task of a case: a finance officer bound to the campaign, the
   * group leader, and a deputy leader within their remit (`coversTask`: the section is theirs to
   * approve, or, with an empty remit, anything of the report).
   */
  mayUrge(principal: Principal, record: { unitId: string; officerBound: boolean; caseRoles: readonly string[] }, coversTask: boolean): boolean {
    if (isFinanceOfficer(principal)) return record.officerBound;
    if (!isUnitStaff(principal) || principal.organisationId !== record.unitId) return false;
    if (record.caseRoles.includes('group_leader')) return true;
    return record.caseRoles.includes('deputy_leader') && coversTask;
  }

  /**
   * Own organisation while one holds a role there; for a finance officer also every unit of their
   * bureau's directory (archived ones included), and any unit a campaign of theirs covers.
   */
  async seesOrganisation(tx: Tx, principal: Principal, organisationId: string): Promise<boolean> {
    if (principal.organisationId === organisationId) return principal.roles.length > 0;
    if (!isFinanceOfficer(principal)) return false;
    return (await this.directory.holds(tx, principal.organisationId, organisationId)) || this.people.officerCoversUnit(tx, principal.userId, organisationId);
  }

  /** People and sub-offices are managed by the unit admin of a unit, and by finance officers for their bureau. */
  managesOrganisation(principal: Principal, organisationId: string): boolean {
    if (principal.organisationId !== organisationId) return false;
    return principal.roles.includes(isUnitStaff(principal) ? 'unit_admin' : 'finance_officer');
  }

  /**
   * The actor for an event on a case: the principal with their organisation and group roles, or,
   * acting for someone, that person's rights under a delegation in force today, and no more.
   */
  async caseActor(
    tx: Tx,
    principal: Principal,
    record: { id: string; unitId: string; caseRoles: readonly string[]; extraApproverIds: readonly string[] },
    actingFor: string | undefined,
  ): Promise<ResolvedActor> {
    if (actingFor === undefined || actingFor === principal.userId) {
      const actor = { userId: principal.userId, organisationId: principal.organisationId, roles: [...new Set([...principal.roles, ...(record.caseRoles as Actor['roles'])])] };
      return { actor: withAddedApproverRole(actor, record.extraApproverIds), onBehalfOfId: null };
    }
    const today = shanghaiDate(this.clock.now());
    const delegation = isUnitStaff(principal) ? await this.delegations.inForce(tx, actingFor, principal.userId, today) : null;
    if (!delegation || delegation.organisationId !== record.unitId) {
      throw forbidden('DELEGATION.NOT_IN_FORCE', `You have no delegation from that person in force today (${today}).`, { actingFor });
    }
    // The stand-in holds what the absent person holds on this case, an added approver's (加签) standing included.
    const actor = { userId: actingFor, organisationId: principal.organisationId, roles: await this.people.rolesForCase(tx, actingFor, record.id) };
    return { actor: withAddedApproverRole(actor, record.extraApproverIds), onBehalfOfId: actingFor };
  }

  /**
   * Who may approve or return a section: the group leader, and the deputy leaders whose remit
   * covers it (its code, or the sub-office of its assignee; an empty remit covers the whole
   * report). Never the section's own assignee: the section machine refuses that on its own.
   */
  sectionApprovers(group: readonly GroupMember[], section: { code: string; assigneeId: string | null }): string[] {
    return sectionApprovers(group, section);
  }

}
