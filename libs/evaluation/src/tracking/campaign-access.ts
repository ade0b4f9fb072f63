import { Injectable } from '@nestjs/common';
import { CampaignStore, PeopleStore, type CampaignEntity, type Tx } from '@jixiao/persistence';
import { AccessPolicy } from '../access-policy';
import { CaseLoader } from '../cases/case.loader';
import { conflict, forbidden, notFound } from '../errors';
import type { Principal } from '../principal';

/**
 * Who acts on the finance bureau's side of a campaign: only the finance officers bound to it;
 * staff of a covered unit see the campaign but get 403, everyone else 404.
 */
@Injectable()
export class CampaignAccess {
  constructor(
    private readonly campaigns: CampaignStore,
    private readonly people: PeopleStore,
    private readonly policy: AccessPolicy,
    private readonly loader: CaseLoader,
  ) {}

  /** The campaign, when the principal sees it (404 otherwise) and is a finance officer bound to it (403 otherwise). */
  async managedCampaign(tx: Tx, principal: Principal, campaignId: string): Promise<CampaignEntity> {
    const campaign = await this.campaigns.findById(tx, campaignId);
    if (!campaign) throw notFound('campaign', campaignId);
    const officerIds = principal.organisationKind === 'finance_bureau' ? await this.people.officers(tx, campaignId) : [];
    const unitIds = principal.organisationKind === 'unit' ? await this.campaigns.unitIds(tx, campaignId) : [];
    if (!this.policy.seesCampaign(principal, { officerIds, unitIds })) throw notFound('campaign', campaignId);
    if (!this.policy.managesCampaign(principal, { officerIds })) {
      throw forbidden('CAMPAIGN.ROLE_NOT_ALLOWED', 'Only a finance officer bound to this campaign may do this.');
    }
    return campaign;
  }

  /** A managed campaign still in draft, locked for the change. */
  async draftCampaign(tx: Tx, principal: Principal, campaignId: string): Promise<CampaignEntity> {
    const campaign = await this.managedCampaign(tx, principal, campaignId);
    const locked = await this.campaigns.findForUpdate(tx, campaignId);
    if (locked?.status !== 'draft') {
      throw conflict('CAMPAIGN.ALREADY_ISSUED', `Campaign ${campaign.documentNumber} is issued; the units it covers no longer change.`);
    }
    return locked;
  }

  /** A case the principal sees (404 otherwise) whose campaign they are bound to as a finance officer (403 otherwise). */
  async boundCase(tx: Tx, principal: Principal, caseId: string) {
    const loaded = await this.loader.loadVisible(tx, principal, caseId);
    if (!this.policy.managesCase(principal, loaded.record)) {
      throw forbidden('CAMPAIGN.ROLE_NOT_ALLOWED', 'Only a finance officer bound to the campaign may do this.');
    }
    return loaded;
  }
}
