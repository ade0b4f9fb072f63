import { Injectable } from '@nestjs/common';
import { ProjectFormStore, Transactor, type CampaignProject, type CampaignUnitFiling, type Tx } from '@jixiao/persistence';
import { CampaignService } from '../campaign.service';
import { conflict, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';

/** At most this many key projects per unit: a notice asks for a few, never a whole budget. */
export const PROJECTS_PER_UNIT = 20;

/**
 * Projects change only while the unit is still drafting. In internal review the leaders approve the
 * document as it stands: a form added then would reach the seal unfilled and past the review gate,
 * so the unit withdraws its review request first (撤回审核申请) and the form goes through the gate.
 */
const PROJECTS_OPEN_STATES: readonly string[] = ['notice_issued', 'group_formed', 'self_assessment'];

export interface ProjectView {
  projectId: string;
  unitId: string;
  unitName: string;
  code: string;
  name: string;
  competentDepartment: string;
  implementingUnit: string;
  formStarted: boolean;
}

export interface CampaignProjectsView {
  units: Array<{ unitId: string; unitName: string; filesDepartmentReport: boolean }>;
  projects: ProjectView[];
}

export interface AddProject {
  unitId: string;
  code: string;
  name: string;
  competentDepartment?: string;
  implementingUnit?: string;
}

function projectView(project: CampaignProject): ProjectView {
  return {
    projectId: project.projectId,
    unitId: project.unitId,
    unitName: project.unitName,
    code: project.code,
    name: project.name,
    competentDepartment: project.competentDepartment,
    implementingUnit: project.implementingUnit,
    formStarted: project.formStarted,
  };
}

const unitView = (unit: CampaignUnitFiling) => ({ unitId: unit.unitId, unitName: unit.unitName, filesDepartmentReport: unit.filesDepartmentReport });

/**
 * Which units of a campaign file the department-wide report and which key projects each files a
 * project form for: set by the finance officers bound to the campaign, before or after issuing,
 * until the unit's report is sealed. A project whose form was saved stays.
 */
@Injectable()
export class CampaignProjectsService {
  constructor(
    private readonly transactor: Transactor,
    private readonly campaigns: CampaignService,
    private readonly store: ProjectFormStore,
  ) {}

  async list(principal: Principal, campaignId: string): Promise<CampaignProjectsView> {
    const tx = this.transactor.manager;
    await this.campaigns.loadFor(tx, principal, campaignId, true);
    return { units: (await this.store.units(tx, campaignId)).map(unitView), projects: (await this.store.projects(tx, campaignId)).map(projectView) };
  }

  async add(principal: Principal, campaignId: string, input: AddProject): Promise<ProjectView> {
    return this.transactor.run(async (tx) => {
      await this.campaigns.loadFor(tx, principal, campaignId, true);
      const code = input.code.trim();
      const name = input.name.trim();
      if (code === '') throw unprocessable('PROJECT.CODE_REQUIRED', 'A project needs a code.', { fields: ['code'] });
      if (name === '') throw unprocessable('PROJECT.NAME_REQUIRED', 'A project needs a name.', { fields: ['name'] });
      if (!(await this.store.unitForUpdate(tx, campaignId, input.unitId))) {
        throw unprocessable('PROJECT.UNIT_NOT_IN_CAMPAIGN', `Unit ${input.unitId} is not covered by the campaign.`, { fields: ['unitId'] });
      }
      await this.requireOpen(tx, campaignId, input.unitId);
      if ((await this.store.projects(tx, campaignId, input.unitId)).length >= PROJECTS_PER_UNIT) {
        throw unprocessable('PROJECT.TOO_MANY', `A unit has at most ${PROJECTS_PER_UNIT} key projects.`, { limit: PROJECTS_PER_UNIT });
      }
      const projectId = await this.store.addProject(tx, {
        campaignId,
        unitId: input.unitId,
        code,
        name,
        competentDepartment: (input.competentDepartment ?? '').trim(),
        implementingUnit: (input.implementingUnit ?? '').trim(),
      });
      if (projectId === null) throw conflict('PROJECT.CODE_TAKEN', `The unit already has a project ${code}.`, { fields: ['code'], code });
      return projectView((await this.store.project(tx, campaignId, projectId))!);
    });
  }

  async remove(principal: Principal, campaignId: string, projectId: string): Promise<void> {
    await this.transactor.run(async (tx) => {
      await this.campaigns.loadFor(tx, principal, campaignId, true);
      const project = await this.store.project(tx, campaignId, projectId);
      if (!project) throw notFound('project', projectId);
      const unit = await this.store.unitForUpdate(tx, campaignId, project.unitId);
      await this.requireOpen(tx, campaignId, project.unitId);
      if (project.formStarted) throw conflict('PROJECT.FORM_STARTED', `A form of project ${project.code} was saved; it stays.`);
      // A unit that files project forms only must keep one to file.
      if (unit && !unit.filesDepartmentReport && (await this.store.projects(tx, campaignId, project.unitId)).length === 1) {
        throw unprocessable('PROJECT.NOTHING_TO_FILE', 'The unit would have nothing to file.');
      }
      if (!(await this.store.deleteUnstartedProject(tx, campaignId, projectId))) {
        throw conflict('PROJECT.FORM_STARTED', `A form of project ${project.code} was saved meanwhile; it stays.`);
      }
    });
  }

  async setFilesDepartmentReport(principal: Principal, campaignId: string, unitId: string, value: boolean): Promise<{ unitId: string; filesDepartmentReport: boolean }> {
    return this.transactor.run(async (tx) => {
      await this.campaigns.loadFor(tx, principal, campaignId, true);
      if (!(await this.store.unitForUpdate(tx, campaignId, unitId))) {
        throw unprocessable('PROJECT.UNIT_NOT_IN_CAMPAIGN', `Unit ${unitId} is not covered by the campaign.`, { fields: ['unitId'] });
      }
      await this.requireOpen(tx, campaignId, unitId);
      if (!value && (await this.store.projects(tx, campaignId, unitId)).length === 0) {
        throw unprocessable('PROJECT.NOTHING_TO_FILE', 'A unit without key projects files the department-wide report.', { fields: ['filesDepartmentReport'] });
      }
      await this.store.setFilesDepartmentReport(tx, campaignId, unitId, value);
      return { unitId, filesDepartmentReport: value };
    });
  }

  private async requireOpen(tx: Tx, campaignId: string, unitId: string): Promise<void> {
    const state = await this.store.caseState(tx, campaignId, unitId);
    if (state !== null && !PROJECTS_OPEN_STATES.includes(state)) throw conflict('PROJECT.CASE_CLOSED', `The unit's case is ${state}.`, { state });
  }
}
