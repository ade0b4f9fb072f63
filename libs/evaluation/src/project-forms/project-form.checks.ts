import { Injectable } from '@nestjs/common';
import { ProjectFormStore, type CampaignProject, type StoredProjectForm, type Tx } from '@jixiao/persistence';
import {
  checkProjectForm,
  NATIONAL_RULE_PACK,
  parseProjectForm,
  problemKey,
  type Problem,
  type ProjectFormInput,
  type ProjectFormResult,
  type RulePack,
} from '@jixiao/report';
import type { ProjectFormFacts } from '@jixiao/workflow';

export type KeyedProblem = Problem & { key: string };

/** One project form of a case, checked from what is stored. */
export interface CheckedProjectForm {
  project: CampaignProject;
  stored: StoredProjectForm | null;
  /** The stored input as parsed (normalised); null while never saved. */
  form: ProjectFormInput | null;
  problems: KeyedProblem[];
  result: ProjectFormResult;
}

export interface CaseProjectForms {
  departmentReport: boolean;
  pack: RulePack;
  forms: CheckedProjectForm[];
}

/** Checks a form's input against the pack: a stored input that no longer parses shows its parse errors. */
export function checkStored(input: unknown, pack: RulePack): { form: ProjectFormInput | null; problems: KeyedProblem[]; result: ProjectFormResult } {
  const parsed = parseProjectForm(input ?? {});
  if (!parsed.ok) {
    const problems: Problem[] = parsed.errors.map((e) => ({ severity: 'error', code: e.code, message: e.message, path: e.path }));
    return { form: null, problems: problems.map(keyed), result: checkProjectForm({}, pack).result };
  }
  const checked = checkProjectForm(parsed.form, pack);
  return { form: input === null || input === undefined ? null : parsed.form, problems: checked.problems.map(keyed), result: checked.result };
}

/** What the rulebook reads of one checked form. */
export function formFacts(checked: CheckedProjectForm): ProjectFormFacts {
  return {
    name: checked.project.name,
    saved: checked.stored !== null,
    errors: checked.problems.filter((p) => p.severity === 'error').length,
    approved: checked.stored?.approval != null,
    lastSavedBy: checked.stored?.updatedBy ?? null,
  };
}

function keyed(problem: Problem): KeyedProblem {
  return { ...problem, key: problemKey(problem) };
}

/**
 * The project forms of a case, checked on every read from their stored input against the campaign's
 * rule pack, so a rule change needs no data migration. The forms' views, the REQUEST_REVIEW gate and
 * the sealed document read the same.
 */
@Injectable()
export class ProjectFormChecks {
  constructor(private readonly store: ProjectFormStore) {}

  async ofCase(tx: Tx, caseId: string, contentVersion: number): Promise<CaseProjectForms> {
    const { departmentReport, rulePack, projects } = await this.store.ofCase(tx, caseId);
    const pack = (rulePack as RulePack | null) ?? NATIONAL_RULE_PACK;
    const stored = new Map((await this.store.currentForms(tx, caseId, contentVersion)).map((f) => [f.projectId, f]));
    const forms = projects.map((project) => {
      const form = stored.get(project.projectId) ?? null;
      return { project, stored: form, ...checkStored(form?.input ?? null, pack) };
    });
    return { departmentReport, pack, forms };
  }
}
