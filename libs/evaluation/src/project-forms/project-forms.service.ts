import { Injectable } from '@nestjs/common';
import { DueItemStore, ProjectFormStore, Transactor, type Tx } from '@jixiao/persistence';
import { parseProjectForm, type ProjectFormInput, type ProjectFormResult, type RulePack } from '@jixiao/report';
import { projectFormActions, returnReasonRefusals, withAddedApproverRole, type Action, type ProjectFormActionType } from '@jixiao/workflow';
import { CaseLoader } from '../cases/case.loader';
import { Clock } from '../clock';
import { conflict, DomainError, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { actionViews, requireAvailable, ruleFactsOf, type ActionView } from '../rulebook';
import { formFacts, ProjectFormChecks, type CheckedProjectForm, type KeyedProblem } from './project-form.checks';

export interface ProjectFormSummary {
  projectId: string;
  code: string;
  name: string;
  competentDepartment: string;
  implementingUnit: string;
  /** 0 while never saved. */
  revision: number;
  updatedAt: string | null;
  approval: { userId: string; at: string } | null;
  /** 退回 since its last save, with the reason. */
  returned: { reason: string; userId: string; at: string } | null;
  errors: number;
  warnings: number;
  total: string;
  grade: string | null;
  complete: boolean;
}

export interface ProjectFormView {
  project: { projectId: string; code: string; name: string; competentDepartment: string; implementingUnit: string };
  rulePack: RulePack;
  contentVersion: number;
  revision: number;
  input: ProjectFormInput | null;
  updatedBy: string | null;
  updatedAt: string | null;
  approval: { userId: string; at: string } | null;
  returned: { reason: string; userId: string; at: string } | null;
  problems: KeyedProblem[];
  result: ProjectFormResult;
  actions: ActionView<ProjectFormActionType>[];
}

export interface SaveProjectForm {
  input: unknown;
  /** The revision the client saw (0: none yet); omitted, the save overwrites whatever is there. */
  expectedRevision?: number;
}

function summary(checked: CheckedProjectForm): ProjectFormSummary {
  const { project, stored, problems, result } = checked;
  return {
    projectId: project.projectId,
    code: project.code,
    name: project.name,
    competentDepartment: project.competentDepartment,
    implementingUnit: project.implementingUnit,
    revision: stored?.revision ?? 0,
    updatedAt: stored?.updatedAt.toISOString() ?? null,
    approval: stored?.approval ? { userId: stored.approval.userId, at: stored.approval.at.toISOString() } : null,
    returned: stored?.returned ? { reason: stored.returned.reason, userId: stored.returned.userId, at: stored.returned.at.toISOString() } : null,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    total: result.total,
    grade: result.grade,
    complete: result.complete,
  };
}

/**
 * The project forms (项目支出绩效自评表) of a case: anyone who sees the case reads them with their
 * problems; the compiler fills them during self-assessment as the data table; a group leader or
 * deputy who did not save a form last approves it or sends it back with a reason.
 */
@Injectable()
export class ProjectFormsService {
  constructor(
    private readonly transactor: Transactor,
    private readonly cases: CaseLoader,
    private readonly checks: ProjectFormChecks,
    private readonly store: ProjectFormStore,
    private readonly dueFacts: DueItemStore,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, caseId: string): Promise<{ departmentReport: boolean; forms: ProjectFormSummary[] }> {
    const tx = this.transactor.manager;
    const { contentVersion } = await this.cases.loadVisible(tx, principal, caseId);
    const { departmentReport, forms } = await this.checks.ofCase(tx, caseId, contentVersion);
    return { departmentReport, forms: forms.map(summary) };
  }

  async get(principal: Principal, caseId: string, projectId: string): Promise<ProjectFormView> {
    const tx = this.transactor.manager;
    const { checked, actions, contentVersion, pack } = await this.load(tx, principal, caseId, projectId);
    const { project, stored } = checked;
    return {
      project: { projectId: project.projectId, code: project.code, name: project.name, competentDepartment: project.competentDepartment, implementingUnit: project.implementingUnit },
      rulePack: pack,
      contentVersion,
      revision: stored?.revision ?? 0,
      input: checked.form,
      updatedBy: stored?.updatedBy ?? null,
      updatedAt: stored?.updatedAt.toISOString() ?? null,
      approval: stored?.approval ? { userId: stored.approval.userId, at: stored.approval.at.toISOString() } : null,
      returned: stored?.returned ? { reason: stored.returned.reason, userId: stored.returned.userId, at: stored.returned.at.toISOString() } : null,
      problems: checked.problems,
      result: checked.result,
      actions: actionViews(actions),
    };
  }

  async save(principal: Principal, caseId: string, projectId: string, command: SaveProjectForm): Promise<{ revision: number; problems: KeyedProblem[]; result: ProjectFormResult }> {
    return this.transactor.run(async (tx) => {
      const { actions, contentVersion } = await this.load(tx, principal, caseId, projectId);
      requireAvailable(actions.find((a) => a.type === 'EDIT'));
      const parsed = parseProjectForm(command.input);
      if (!parsed.ok) {
        throw unprocessable('PROJECT_FORM.INVALID_INPUT', `The project form has ${parsed.errors.length} input errors; nothing saved.`, {
          fields: parsed.errors.map((e) => e.path),
          errors: parsed.errors,
        });
      }
      // The normalised form is stored (trimmed, half-width digits): what is checked is what is kept.
      const revision = await this.store.save(tx, {
        caseId,
        projectId,
        contentVersion,
        expectedRevision: command.expectedRevision ?? null,
        input: parsed.form,
        userId: principal.userId,
      });
      if (revision === null) {
        const current = await this.store.currentForm(tx, caseId, projectId, contentVersion);
        throw conflict('PROJECT_FORM.REVISION_CONFLICT', 'Someone else saved this form first.', { currentRevision: current?.revision ?? 0 });
      }
      const { checked } = await this.load(tx, principal, caseId, projectId);
      return { revision, problems: checked.problems, result: checked.result };
    });
  }

  async approve(principal: Principal, caseId: string, projectId: string): Promise<{ approval: { userId: string; at: string } }> {
    return this.transactor.run(async (tx) => {
      const { checked, actions } = await this.load(tx, principal, caseId, projectId);
      const approve = actions.find((a) => a.type === 'APPROVE')!;
      // The approver's own refusals by their own code (HAS_ERRORS, NOT_SAVED, ...), as the form's page names them.
      const [first] = approve.reasons;
      if (first?.kind === 'condition') throw conflict(first.code, `Refused: ${first.code}.`, { ...first.params, reasons: approve.reasons.map(({ code, params }) => ({ code, params })) });
      requireAvailable(approve);
      const stored = checked.stored!;
      const at = this.clock.now();
      if (!(await this.store.approve(tx, { caseId, projectId, contentVersion: stored.contentVersion, revision: stored.revision, userId: principal.userId, at }))) {
        throw conflict('PROJECT_FORM.REVISION_CONFLICT', 'The form was saved meanwhile.', { currentRevision: stored.revision + 1 });
      }
      return { approval: { userId: principal.userId, at: at.toISOString() } };
    });
  }

  async returnForm(principal: Principal, caseId: string, projectId: string, reason: string): Promise<{ returned: { reason: string; userId: string; at: string } }> {
    return this.transactor.run(async (tx) => {
      const { checked, actions } = await this.load(tx, principal, caseId, projectId);
      requireAvailable(actions.find((a) => a.type === 'RETURN'));
      const refusals = returnReasonRefusals(reason);
      if (refusals.length > 0) throw new DomainError(refusals[0]!.code, 'A return needs a reason.', { fields: ['reason'] });
      const stored = checked.stored!;
      const at = this.clock.now();
      const text = reason.trim();
      if (!(await this.store.returnForm(tx, { caseId, projectId, contentVersion: stored.contentVersion, revision: stored.revision, reason: text, userId: principal.userId, at }))) {
        throw conflict('PROJECT_FORM.REVISION_CONFLICT', 'The form was saved meanwhile.', { currentRevision: stored.revision + 1 });
      }
      return { returned: { reason: text, userId: principal.userId, at: at.toISOString() } };
    });
  }

  /** The case as the principal sees it (404 otherwise), the form checked, and the caller's actions on it. */
  private async load(tx: Tx, principal: Principal, caseId: string, projectId: string) {
    const { actor, contentVersion } = await this.cases.loadVisible(tx, principal, caseId);
    const { forms, pack } = await this.checks.ofCase(tx, caseId, contentVersion);
    const checked = forms.find((f) => f.project.projectId === projectId);
    if (!checked) throw notFound('project form', projectId);
    const [facts] = await this.dueFacts.facts(tx, [caseId], { lock: false });
    if (!facts) throw notFound('case', caseId);
    const actions: Action<ProjectFormActionType>[] = projectFormActions(ruleFactsOf(facts, null), withAddedApproverRole(actor, facts.extraApproverIds), formFacts(checked));
    return { checked, actions, contentVersion, pack };
  }
}

