import type { ProjectFormInput, RulePack } from '@jixiao/report';
import { api, call } from './client';
import type { components } from './schema';

/*
 * What the project-form endpoints answer (项目支出绩效自评表 and their campaign settings), under the
 * names the pages use (schemas of the generated document; the pack and the input typed as the
 * report lib's own), and the calls that fetch them.
 */

type Schemas = components['schemas'];

export type CampaignProjectUnit = Schemas['CampaignUnitFilingDto'];
export type CampaignProject = Schemas['CampaignProjectDto'];
export type CampaignProjects = Schemas['CampaignProjectsDto'];
export type NewProject = Schemas['AddProjectDto'];
export type FormApproval = Schemas['ProjectFormApprovalDto'];
/** One form of a case as its list gives it, with `returned` (退回 since its last save). */
export type CaseFormSummary = Schemas['ProjectFormSummaryDto'];
export type CaseForms = Omit<Schemas['ProjectFormsDto'], 'forms'> & { forms: CaseFormSummary[] };
/** The document types the pack and the input as plain objects; they are the report lib's RulePack and ProjectFormInput. */
export type ProjectFormView = Omit<Schemas['ProjectFormDto'], 'rulePack' | 'input'> & { rulePack: RulePack; input: ProjectFormInput | null };
export type ProjectFormSaved = Schemas['SavedProjectFormDto'];

const on = (id: string) => ({ params: { path: { id } } });
const onProject = (id: string, projectId: string) => ({ params: { path: { id, projectId } } });

export const projectFormsApi = {
  rulePacks: async () => ({ packs: (await call(() => api.GET('/api/rule-packs'))).packs as unknown as RulePack[] }),
  setRulePack: (campaignId: string, rulePack: string | RulePack) => call(() => api.PATCH('/api/campaigns/{id}', { ...on(campaignId), body: { rulePack: typeof rulePack === 'string' ? rulePack : { ...rulePack } } })),
  campaignProjects: (campaignId: string) => call<CampaignProjects>(() => api.GET('/api/campaigns/{id}/projects', on(campaignId))),
  addProject: (campaignId: string, project: NewProject) => call<CampaignProject>(() => api.POST('/api/campaigns/{id}/projects', { ...on(campaignId), body: project })),
  removeProject: (campaignId: string, projectId: string) => call(() => api.DELETE('/api/campaigns/{id}/projects/{projectId}', onProject(campaignId, projectId))),
  setFilesDepartmentReport: (campaignId: string, unitId: string, filesDepartmentReport: boolean) =>
    call(() => api.PATCH('/api/campaigns/{id}/units/{unitId}', { params: { path: { id: campaignId, unitId } }, body: { filesDepartmentReport } })),
  caseForms: (caseId: string) => call<CaseForms>(() => api.GET('/api/cases/{id}/project-forms', on(caseId))),
  form: async (caseId: string, projectId: string) => (await call(() => api.GET('/api/cases/{id}/project-forms/{projectId}', onProject(caseId, projectId)))) as unknown as ProjectFormView,
  save: (caseId: string, projectId: string, input: ProjectFormInput, expectedRevision: number) =>
    call<ProjectFormSaved>(() => api.PUT('/api/cases/{id}/project-forms/{projectId}', { ...onProject(caseId, projectId), body: { input: { ...input }, expectedRevision } })),
  approve: (caseId: string, projectId: string) => call(() => api.POST('/api/cases/{id}/project-forms/{projectId}/approve', { ...onProject(caseId, projectId), body: {} })),
  giveBack: (caseId: string, projectId: string, reason: string) => call(() => api.POST('/api/cases/{id}/project-forms/{projectId}/return', { ...onProject(caseId, projectId), body: { reason } })),
};
