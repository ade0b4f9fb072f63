import type { Problem, ProjectFormInput, ProjectFormResult, RulePack } from '@jixiao/report';
import type { ViewAction } from '../actions';
import { api, call } from './client';

/*
 * What the project-form endpoints answer (项目支出绩效自评表 and their campaign settings), under the
 * names the pages use, and the calls that fetch them: every page goes through these functions.
 */

export interface CampaignProjectUnit {
  unitId: string;
  unitName: string;
  filesDepartmentReport: boolean;
}

export interface CampaignProject {
  projectId: string;
  unitId: string;
  unitName: string;
  code: string;
  name: string;
  competentDepartment: string;
  implementingUnit: string;
  formStarted: boolean;
}

export interface CampaignProjects {
  units: CampaignProjectUnit[];
  projects: CampaignProject[];
}

export interface NewProject {
  unitId: string;
  code: string;
  name: string;
  competentDepartment?: string;
  implementingUnit?: string;
}

export interface FormApproval {
  userId: string;
  at: string;
}

export interface CaseFormSummary {
  projectId: string;
  code: string;
  name: string;
  competentDepartment: string;
  implementingUnit: string;
  revision: number;
  updatedAt: string | null;
  approval: FormApproval | null;
  errors: number;
  warnings: number;
  total: string;
  grade: string | null;
  complete: boolean;
  /** Present when the API says the form was returned (退回) since its last save. */
  returned?: { reason: string; userId: string; at: string } | null;
}

export interface CaseForms {
  departmentReport: boolean;
  forms: CaseFormSummary[];
}

export interface ProjectFormView {
  project: { projectId: string; code: string; name: string; competentDepartment: string; implementingUnit: string };
  rulePack: RulePack;
  contentVersion: number;
  revision: number;
  input: ProjectFormInput | null;
  updatedBy: string | null;
  updatedAt: string | null;
  approval: FormApproval | null;
  returned: { reason: string; userId: string; at: string } | null;
  problems: Array<Problem & { key: string }>;
  result: ProjectFormResult;
  actions: ViewAction[];
}

export interface ProjectFormSaved {
  revision: number;
  problems: Array<Problem & { key?: string }>;
  result: ProjectFormResult;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };
type Init = { params: { path: Record<string, string> }; body?: unknown };
/**
 * The routes of this file by their path templates. The generated client knows them once the API's
 * document lists them; this narrow view of it keeps the pages' calls in one place either way.
 */
const client = api as unknown as Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', (path: string, init: Init) => Promise<Answer<unknown>>>;

function send<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, ids: Record<string, string>, body?: unknown): Promise<T> {
  return call<T>(() => client[method](path, body === undefined ? { params: { path: ids } } : { params: { path: ids }, body }) as Promise<Answer<T>>);
}

export const projectFormsApi = {
  rulePacks: () => send<{ packs: RulePack[] }>('GET', '/api/rule-packs', {}),
  setRulePack: (campaignId: string, rulePack: string | RulePack) => send<unknown>('PATCH', '/api/campaigns/{id}', { id: campaignId }, { rulePack }),
  campaignProjects: (campaignId: string) => send<CampaignProjects>('GET', '/api/campaigns/{id}/projects', { id: campaignId }),
  addProject: (campaignId: string, project: NewProject) => send<CampaignProject>('POST', '/api/campaigns/{id}/projects', { id: campaignId }, project),
  removeProject: (campaignId: string, projectId: string) => send<void>('DELETE', '/api/campaigns/{id}/projects/{projectId}', { id: campaignId, projectId }),
  setFilesDepartmentReport: (campaignId: string, unitId: string, filesDepartmentReport: boolean) =>
    send<{ unitId: string; filesDepartmentReport: boolean }>('PATCH', '/api/campaigns/{id}/units/{unitId}', { id: campaignId, unitId }, { filesDepartmentReport }),
  caseForms: (caseId: string) => send<CaseForms>('GET', '/api/cases/{id}/project-forms', { id: caseId }),
  form: (caseId: string, projectId: string) => send<ProjectFormView>('GET', '/api/cases/{id}/project-forms/{projectId}', { id: caseId, projectId }),
  save: (caseId: string, projectId: string, input: ProjectFormInput, expectedRevision: number) =>
    send<ProjectFormSaved>('PUT', '/api/cases/{id}/project-forms/{projectId}', { id: caseId, projectId }, { input, expectedRevision }),
  approve: (caseId: string, projectId: string) => send<{ approval: FormApproval }>('POST', '/api/cases/{id}/project-forms/{projectId}/approve', { id: caseId, projectId }, {}),
  giveBack: (caseId: string, projectId: string, reason: string) => send<unknown>('POST', '/api/cases/{id}/project-forms/{projectId}/return', { id: caseId, projectId }, { reason }),
};
