import { Injectable } from '@nestjs/common';
import { CaseStore, Transactor, type Tx } from '@jixiao/persistence';
import { contextOf, restoreLifecycle, type Actor, type CaseActions, type CaseActionType, type SectionActionType } from '@jixiao/workflow';
import { AccessPolicy } from '../access-policy';
import { notFound } from '../errors';
import type { Principal } from '../principal';
import { actionViews, CaseRulebook, requireAvailable } from '../rulebook';
import { sectionConflict } from './case.conflicts';
import { caseView, sectionView, type CaseDetail, type LoadedCase } from './case.view';

/**
 * Loads a case for a principal, the same way for every use case: 404 outside the principal's scope
 * (so existence does not leak), and the actor they are on the case, with a delegation (代理) when
 * they act for someone.
 */
@Injectable()
export class CaseLoader {
  constructor(
    private readonly transactor: Transactor,
    private readonly cases: CaseStore,
    private readonly policy: AccessPolicy,
    private readonly rulebook: CaseRulebook,
  ) {}

  /** Loads a case the principal may see, or answers 404 so that existence does not leak. */
  async load(tx: Tx, principal: Principal, caseId: string, actingFor?: string): Promise<LoadedCase> {
    const record = await this.cases.loadRecord(tx, caseId, principal.userId);
    if (!record || !this.policy.seesCase(principal, record)) throw notFound('case', caseId);
    const { actor, onBehalfOfId } = await this.policy.caseActor(tx, principal, record, actingFor);
    return { record, actor, onBehalfOfId, snapshot: restoreLifecycle({ machineVersion: record.machineVersion, snapshot: record.snapshot }) };
  }

  /** The case as the principal sees it, with its group and sections. */
  async detail(tx: Tx, principal: Principal, caseId: string): Promise<CaseDetail> {
    const loaded = await this.load(tx, principal, caseId);
    const group = await this.cases.group(tx, caseId);
    const sections = await this.cases.sections(tx, caseId);
    const actions = await this.rulebook.actions(tx, caseId, loaded.actor);
    const bySection = new Map(actions.sections.map((s) => [s.code, actionViews(s.actions)]));
    return { ...caseView(loaded), group, sections: sections.map((s) => ({ ...sectionView(s), actions: bySection.get(s.code) ?? [] })), actions: actionViews(actions.case) };
  }

  /** The rulebook's answer for this actor on the case: every action, available or with its reasons. */
  actions(tx: Tx, caseId: string, actor: Actor): Promise<CaseActions> {
    return this.rulebook.actions(tx, caseId, actor);
  }

  /** Refuses, with the rulebook's reasons, unless the actor may take this action on the case now. */
  async requireCaseAction(tx: Tx, caseId: string, actor: Actor, type: CaseActionType, details: Record<string, unknown> = {}): Promise<void> {
    requireAvailable((await this.actions(tx, caseId, actor)).case.find((a) => a.type === type), details);
  }

  /** Refuses, with the rulebook's reasons, unless the actor may take this action on the section now. */
  async requireSectionAction(tx: Tx, caseId: string, actor: Actor, code: string, type: SectionActionType, details: Record<string, unknown> = {}): Promise<void> {
    const actions = (await this.actions(tx, caseId, actor)).sections.find((s) => s.code === code)?.actions;
    if (!actions) throw notFound('section', code);
    requireAvailable(actions.find((a) => a.type === type), details);
  }

  /** A case the principal may see (404 otherwise), with the actor and the content version in force. */
  async loadVisible(tx: Tx, principal: Principal, caseId: string) {
    const { record, snapshot, actor } = await this.load(tx, principal, caseId);
    return { record, actor, contentVersion: contextOf(snapshot).contentVersion };
  }

  /** Answers 404 unless the principal may see the case, by the same rule as every other read of it. */
  async assertVisible(principal: Principal, caseId: string): Promise<void> {
    await this.load(this.transactor.manager, principal, caseId);
  }

  /**
   * A case and one of its sections for a use case on the section's content: 404 outside the
   * principal's scope (case or section), with the actor resolved as for every event, including a
   * delegation when `actingFor` is given.
   */
  async loadForSection(tx: Tx, principal: Principal, caseId: string, code: string, actingFor?: string) {
    const { record, snapshot, actor, onBehalfOfId } = await this.load(tx, principal, caseId, actingFor);
    const section = await this.cases.findSection(tx, caseId, code);
    if (!section) throw notFound('section', code);
    return { record, actor, onBehalfOfId, contentVersion: contextOf(snapshot).contentVersion, section: sectionView(section) };
  }

  /** A section of a loaded case about to change: 404 when the case has no such section, 409 when it moved on from `expectedVersion`. */
  async section(tx: Tx, caseId: string, code: string, expectedVersion: number | undefined) {
    const section = await this.cases.findSection(tx, caseId, code);
    if (!section) throw notFound('section', code);
    if (expectedVersion !== undefined && expectedVersion !== section.version) throw sectionConflict(section.version);
    return section;
  }
}
