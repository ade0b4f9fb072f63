import { Injectable } from '@nestjs/common';
import { CampaignStore, CaseStore, OrganisationStore, PeopleStore, Transactor, type CampaignEntity, type Tx } from '@jixiao/persistence';
import { DEFAULT_OUTLINE, persistLifecycle, startLifecycle, stateName, type ApprovalMode, type OutlineSection } from '@jixiao/workflow';
import { AccessPolicy } from './access-policy';
import { checkIndicatorConfig, NATIONAL_RULE_PACK, rulePackById, validateRulePack, type IndicatorConfig, type Problem, type RulePack } from '@jixiao/report';
import { Clock, shanghaiDate } from './clock';
import { conflict, DomainError, forbidden, notFound, unprocessable } from './errors';
import { Idempotency, type IdempotencyRequest, type Outcome } from './idempotency';
import type { Principal } from './principal';
import { DueItemsService } from './reminders/due-items.service';

export interface CreateCampaign {
  documentNumber: string;
  title: string;
  fiscalYear: number;
  submissionDeadline: string;
  publicationDeadline: string;
  approvalMode?: ApprovalMode;
  unitIds: string[];
  outline?: OutlineSection[];
  /** The indicator tree and grade bands; the default tree when omitted. */
  indicatorConfig?: IndicatorConfig;
  /** 万元; default 0.01. */
  roundingTolerance?: string;
  /** How project forms are scored: a shipped pack's id or a whole pack; the national pack when omitted. */
  rulePack?: string | RulePack;
  /** Whether sealed versions' public verification links answer without sign-in; default true. */
  publicSealVerification?: boolean;
}

/** A change to a draft campaign's terms; what is left out stays as it is. */
export type UpdateCampaign = Partial<Omit<CreateCampaign, 'unitIds'>>;

export interface CampaignView {
  id: string;
  documentNumber: string;
  title: string;
  fiscalYear: number;
  submissionDeadline: string;
  publicationDeadline: string;
  approvalMode: ApprovalMode;
  status: 'draft' | 'issued';
  issuedAt: string | null;
  unitCount: number;
  outline: OutlineSection[];
  /** null: the default indicator tree. */
  indicatorConfig: unknown;
  roundingTolerance: string;
  /** The rule pack project forms are scored by: the national one when none was set. */
  rulePack: RulePack;
  publicSealVerification: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

function view(campaign: CampaignEntity, unitCount: number): CampaignView {
  return {
    id: campaign.id,
    documentNumber: campaign.documentNumber,
    title: campaign.title,
    fiscalYear: campaign.fiscalYear,
    submissionDeadline: campaign.submissionDeadline,
    publicationDeadline: campaign.publicationDeadline,
    approvalMode: campaign.approvalMode,
    status: campaign.status,
    issuedAt: campaign.issuedAt ? campaign.issuedAt.toISOString() : null,
    unitCount,
    outline: campaign.outline,
    indicatorConfig: campaign.indicatorConfig ?? null,
    // numeric(12,3) reads back as '0.010'; show the amount as it was set.
    roundingTolerance: String(campaign.roundingTolerance).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''),
    rulePack: (campaign.rulePack as RulePack | null) ?? NATIONAL_RULE_PACK,
    publicSealVerification: campaign.publicSealVerification,
  };
}

/**
 * The rule pack a campaign is configured with, as stored: the whole pack (a shipped one looked up by
 * its id), so a later change of the shipped packs does not rescore a campaign under way. Every
 * problem is answered at once and nothing is written.
 */
export function resolveRulePack(raw: unknown): RulePack {
  let problems: Problem[];
  if (typeof raw === 'string') {
    const pack = rulePackById(raw);
    if (pack) return pack;
    problems = [{ severity: 'error', code: 'RULE_PACK.UNKNOWN_ID', message: `没有编号为“${raw}”的评分规则。`, path: 'rulePack' }];
  } else if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const validation = validateRulePack(raw);
    if (validation.ok) return raw as RulePack;
    problems = validation.problems;
  } else {
    problems = [{ severity: 'error', code: 'RULE_PACK.MALFORMED', message: '评分规则须为规则编号或完整的规则内容。', path: 'rulePack' }];
  }
  throw unprocessable('CAMPAIGN.RULE_PACK_INVALID', `The rule pack is not valid: ${problems.map((p) => p.code).join(', ')}.`, { fields: ['rulePack'], problems });
}

function requireFinanceOfficer(principal: Principal, action: string): void {
  if (principal.organisationKind !== 'finance_bureau' || !principal.roles.includes('finance_officer')) {
    throw forbidden('CAMPAIGN.ROLE_NOT_ALLOWED', `Only a finance officer of the finance bureau may ${action}.`);
  }
}

/**
 * The terms of a campaign that must hold together, checked at creation and at every change of a
 * draft: deadlines in order, an indicator tree adding up to 100 with bands covering 0-100, unique
 * section codes.
 */
function checkTerms(input: { submissionDeadline: string; publicationDeadline: string; indicatorConfig?: IndicatorConfig | null; outline: readonly OutlineSection[] }): void {
  if (input.publicationDeadline < input.submissionDeadline) {
    throw new DomainError('CAMPAIGN.DEADLINES_OUT_OF_ORDER', 'The publication deadline must not be before the submission deadline.', {
      fields: ['publicationDeadline'],
    });
  }
  if (input.indicatorConfig !== undefined && input.indicatorConfig !== null) {
    let problems: Problem[];
    try {
      problems = checkIndicatorConfig(input.indicatorConfig).filter((p) => p.severity === 'error');
    } catch {
      problems = [{ severity: 'error', code: 'INDICATORS.CONFIG_MALFORMED', message: '指标体系的结构无法读取。', path: 'indicatorConfig' }];
    }
    if (problems.length > 0) {
      throw unprocessable('CAMPAIGN.INDICATORS_INVALID', `The indicator tree is not valid: ${problems.map((p) => p.code).join(', ')}.`, {
        fields: ['indicatorConfig'],
        problems,
      });
    }
  }
  const codes = input.outline.map((s) => s.code);
  const duplicateCodes = codes.filter((code, index) => codes.indexOf(code) !== index);
  if (duplicateCodes.length > 0) {
    throw unprocessable('CAMPAIGN.DUPLICATE_SECTION_CODE', 'Section codes of the outline must be unique.', { codes: duplicateCodes });
  }
}

@Injectable()
export class CampaignService {
  constructor(
    private readonly transactor: Transactor,
    private readonly campaigns: CampaignStore,
    private readonly organisations: OrganisationStore,
    private readonly cases: CaseStore,
    private readonly people: PeopleStore,
    private readonly policy: AccessPolicy,
    private readonly idempotency: Idempotency,
    private readonly clock: Clock,
    private readonly dueItems: DueItemsService,
  ) {}

  async create(principal: Principal, input: CreateCampaign): Promise<CampaignView> {
    requireFinanceOfficer(principal, 'create a campaign');
    const duplicates = input.unitIds.filter((id, index) => input.unitIds.indexOf(id) !== index);
    if (duplicates.length > 0) {
      throw unprocessable('CAMPAIGN.DUPLICATE_UNIT', 'A unit is listed more than once.', { unitIds: [...new Set(duplicates)] });
    }
    const outline = input.outline ?? [...DEFAULT_OUTLINE];
    checkTerms({ ...input, outline });
    const rulePack = input.rulePack === undefined ? null : resolveRulePack(input.rulePack);
    return this.transactor.run(async (tx) => {
      const units = await this.organisations.activeUnitIdsOfBureau(tx, principal.organisationId, input.unitIds);
      const unknown = input.unitIds.filter((id) => !units.has(id));
      if (unknown.length > 0) {
        throw unprocessable('CAMPAIGN.UNKNOWN_UNIT', `${unknown.length} of the listed units are not budget units known to the bureau.`, {
          unitIds: unknown,
        });
      }
      if (await this.campaigns.findByDocumentNumber(tx, principal.organisationId, input.documentNumber)) {
        throw conflict('CAMPAIGN.DUPLICATE_DOCUMENT_NUMBER', `A campaign with document number ${input.documentNumber} already exists.`);
      }
      const campaign = await this.campaigns.create(
        tx,
        {
          bureauId: principal.organisationId,
          documentNumber: input.documentNumber,
          title: input.title,
          fiscalYear: input.fiscalYear,
          submissionDeadline: input.submissionDeadline,
          publicationDeadline: input.publicationDeadline,
          approvalMode: input.approvalMode ?? 'single',
          outline,
          indicatorConfig: input.indicatorConfig ?? null,
          roundingTolerance: input.roundingTolerance ?? '0.01',
          rulePack,
          // The report is published on the government website anyway: its seal may be checked by anyone.
          publicSealVerification: input.publicSealVerification ?? true,
          createdBy: principal.userId,
        },
        input.unitIds,
      );
      await this.people.bindOfficer(tx, campaign.id, principal.userId);
      return view(campaign, input.unitIds.length);
    });
  }

  /**
   * Changes the terms of a draft campaign (its units change through TrackingService): the same
   * checks as at creation, on the terms as they will be; an issued campaign's terms are final.
   */
  async update(principal: Principal, campaignId: string, patch: UpdateCampaign): Promise<CampaignView> {
    return this.transactor.run(async (tx) => {
      const campaign = await this.campaigns.findForUpdate(tx, campaignId);
      if (!campaign || !(await this.visible(tx, principal, campaign))) throw notFound('campaign', campaignId);
      await this.requireManager(tx, principal, campaign);
      if (campaign.status === 'issued') {
        throw conflict('CAMPAIGN.ALREADY_ISSUED', `Campaign ${campaign.documentNumber} is issued; its terms are final (extend a deadline instead).`);
      }
      const next = {
        documentNumber: patch.documentNumber ?? campaign.documentNumber,
        title: patch.title ?? campaign.title,
        fiscalYear: patch.fiscalYear ?? campaign.fiscalYear,
        submissionDeadline: patch.submissionDeadline ?? campaign.submissionDeadline,
        publicationDeadline: patch.publicationDeadline ?? campaign.publicationDeadline,
        approvalMode: patch.approvalMode ?? campaign.approvalMode,
        outline: patch.outline ?? campaign.outline,
        indicatorConfig: patch.indicatorConfig ?? (campaign.indicatorConfig as IndicatorConfig | null),
        roundingTolerance: patch.roundingTolerance ?? campaign.roundingTolerance,
        rulePack: patch.rulePack === undefined ? campaign.rulePack : resolveRulePack(patch.rulePack),
        publicSealVerification: patch.publicSealVerification ?? campaign.publicSealVerification,
      };
      checkTerms(next);
      if (next.documentNumber !== campaign.documentNumber && (await this.campaigns.findByDocumentNumber(tx, campaign.bureauId, next.documentNumber))) {
        throw conflict('CAMPAIGN.DUPLICATE_DOCUMENT_NUMBER', `A campaign with document number ${next.documentNumber} already exists.`);
      }
      await this.campaigns.updateTerms(tx, campaignId, next);
      return view({ ...campaign, ...next }, await this.campaigns.unitCount(tx, campaignId));
    });
  }

  /** Issues the notice: one case per covered unit, all in one transaction; a second issue is refused. */
  async issue(principal: Principal, campaignId: string, idempotencyKey: string | null): Promise<Outcome<CampaignView>> {
    const request: IdempotencyRequest | null = idempotencyKey
      ? { userId: principal.userId, key: idempotencyKey, scope: `POST /campaigns/${campaignId}/issue`, body: {} }
      : null;
    return this.transactor.run((tx) =>
      this.idempotency.run(tx, request, 200, async () => {
        const campaign = await this.campaigns.findForUpdate(tx, campaignId);
        if (!campaign || !(await this.visible(tx, principal, campaign))) throw notFound('campaign', campaignId);
        await this.requireManager(tx, principal, campaign);
        if (campaign.status === 'issued') {
          throw conflict('CAMPAIGN.ALREADY_ISSUED', `Campaign ${campaign.documentNumber} was already issued on ${campaign.issuedAt?.toISOString()}.`);
        }
        const today = shanghaiDate(this.clock.now());
        if (campaign.submissionDeadline < today) {
          throw unprocessable(
            'CAMPAIGN.DEADLINE_PASSED',
            `The submission deadline ${campaign.submissionDeadline} has already passed (today is ${today}). Move it to a later date before issuing.`,
          );
        }
        const unitIds = await this.campaigns.unitIds(tx, campaignId);
        const cases = unitIds.map((unitId) => {
          const snapshot = startLifecycle({ unitId, bureauId: campaign.bureauId });
          const persisted = persistLifecycle(snapshot);
          return { unitId, state: stateName(snapshot.value), snapshot: persisted.snapshot, machineVersion: persisted.machineVersion };
        });
        const issuedAt = this.clock.now();
        await this.cases.openCases(tx, { campaignId, actorId: principal.userId, outline: campaign.outline, cases, at: issuedAt });
        await this.dueItems.refreshCampaign(tx, campaignId);
        await this.campaigns.markIssued(tx, campaignId, issuedAt);
        return view({ ...campaign, status: 'issued', issuedAt }, unitIds.length);
      }),
    );
  }

  async get(principal: Principal, campaignId: string): Promise<CampaignView> {
    const tx = this.transactor.manager;
    const campaign = await this.campaigns.findById(tx, campaignId);
    if (!campaign || !(await this.visible(tx, principal, campaign))) throw notFound('campaign', campaignId);
    return view(campaign, await this.campaigns.unitCount(tx, campaignId));
  }

  /** Binds another finance officer of the same bureau to the campaign, so they see and act on its units. */
  async bindOfficer(principal: Principal, campaignId: string, userId: string): Promise<{ campaignId: string; officerIds: string[] }> {
    return this.transactor.run(async (tx) => {
      const campaign = await this.campaigns.findById(tx, campaignId);
      if (!campaign || !(await this.visible(tx, principal, campaign))) throw notFound('campaign', campaignId);
      await this.requireManager(tx, principal, campaign);
      const officer = await this.people.person(tx, userId);
      if (!officer || officer.organisationId !== campaign.bureauId || !officer.roles.includes('finance_officer')) {
        throw unprocessable('CAMPAIGN.NOT_AN_OFFICER', 'Only a finance officer of the issuing bureau can be bound to the campaign.', {
          fields: ['userId'],
        });
      }
      await this.people.bindOfficer(tx, campaignId, userId);
      // Officers bound to the campaign are who a late submission or publication escalates to.
      await this.dueItems.refreshCampaign(tx, campaignId);
      return { campaignId, officerIds: await this.people.officers(tx, campaignId) };
    });
  }

  async list(principal: Principal, page: { limit: number; offset: number }): Promise<Page<CampaignView>> {
    const scope = this.policy.listScope(principal);
    if (!scope) return { items: [], total: 0, ...page };
    const result = await this.campaigns.list(this.transactor.manager, scope, page);
    return { items: result.items.map((c) => view(c, c.unitCount)), total: result.total, ...page };
  }

  /**
   * A campaign the principal may see (404 otherwise, so existence does not leak); with `manage`,
   * one they manage as a bound finance officer (403 otherwise).
   */
  async loadFor(tx: Tx, principal: Principal, campaignId: string, manage: boolean): Promise<CampaignEntity> {
    const campaign = await this.campaigns.findById(tx, campaignId);
    if (!campaign || !(await this.visible(tx, principal, campaign))) throw notFound('campaign', campaignId);
    if (manage) await this.requireManager(tx, principal, campaign);
    return campaign;
  }

  private async visible(tx: Tx, principal: Principal, campaign: CampaignEntity): Promise<boolean> {
    const officerIds = principal.organisationKind === 'finance_bureau' ? await this.people.officers(tx, campaign.id) : [];
    const unitIds = principal.organisationKind === 'unit' ? await this.campaigns.unitIds(tx, campaign.id) : [];
    return this.policy.seesCampaign(principal, { officerIds, unitIds });
  }

  private async requireManager(tx: Tx, principal: Principal, campaign: CampaignEntity): Promise<void> {
    if (!this.policy.managesCampaign(principal, { officerIds: await this.people.officers(tx, campaign.id) })) {
      throw forbidden('CAMPAIGN.ROLE_NOT_ALLOWED', 'Only a finance officer bound to this campaign may do this.');
    }
  }
}
