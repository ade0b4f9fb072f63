import type { Role, SectionState } from '@jixiao/workflow';
import type { Problem, SectionBlock } from '@jixiao/report';

/*
 * What the API answers. The OpenAPI document describes paths, parameters and request bodies (see
 * schema.d.ts, generated) but declares no response bodies yet, so the shapes the console reads are
 * named here, each with only the fields it uses. Once the controllers declare their responses,
 * `npm run web:types` will carry them and these names can point at the generated ones instead.
 */

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
  roles: Role[];
}

export interface LoginAnswer {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface CampaignView {
  id: string;
  documentNumber: string;
  title: string;
  fiscalYear: number;
  submissionDeadline: string;
  publicationDeadline: string;
  approvalMode: 'single' | 'countersign' | 'any';
  status: 'draft' | 'issued';
  issuedAt: string | null;
  unitCount: number;
  /** null: the default indicator tree. */
  indicatorConfig: unknown;
  roundingTolerance: string;
}

export interface CaseSummary {
  id: string;
  campaignId: string;
  documentNumber: string;
  fiscalYear: number;
  unitId: string;
  unitName: string;
  state: string;
  version: number;
  submissionDeadline: string;
}

export interface GroupMember {
  userId: string;
  role: 'group_leader' | 'deputy_leader' | 'member' | 'compiler' | 'seal_keeper' | 'publisher';
  displayName: string;
  subOfficeId: string | null;
}

export interface SectionView {
  code: string;
  title: string;
  assigneeId: string | null;
  dueDate: string | null;
  state: SectionState;
  version: number;
}

export interface CaseDetail extends CaseSummary {
  contentVersion: number;
  approvals: string[];
  sealedVersion: number | null;
  sealedDigest: string | null;
  submittedLate: boolean | null;
  returns: number;
  allowedEvents: string[];
  group: GroupMember[];
  sections: SectionView[];
}

export interface HistoryEntry {
  seq: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorId: string | null;
  onBehalfOfId: string | null;
  comment: string | null;
  details: Record<string, unknown>;
  contentVersion: number;
  at: string;
}

export interface TaskView {
  kind: 'draft_section' | 'approve_section' | 'approve_report' | 'acknowledge_warning' | 'seal' | 'submit' | 'publish';
  caseId: string;
  unitName: string;
  documentNumber: string;
  dueDate: string | null;
  sectionCode: string | null;
  sectionTitle: string | null;
  warnings: number | null;
}

export interface TaskList {
  items: TaskView[];
  total: number;
}

export interface SectionContent extends SectionView {
  revision: number;
  blocks: SectionBlock[];
  authorId: string | null;
  savedAt: string | null;
  problems: Problem[];
}

export interface SectionRevision {
  revision: number;
  contentVersion: number;
  authorId: string;
  savedAt: string;
  blocks: SectionBlock[];
}

export type ReportProblem = Problem & { key?: string; acknowledgement?: { comment: string } | null };

export interface DataTableView {
  revision: number;
  input: unknown;
  problems: ReportProblem[];
}

export interface IndicatorScoresView {
  revision: number;
  input: unknown;
  problems: ReportProblem[];
  total: string;
  grade: string | null;
  complete: boolean;
}

export interface SealedVersion {
  version: number;
  sha256: string;
  sealedBy: string;
  sealedAt: string;
}

export interface OrganisationView {
  id: string;
  kind: 'finance_bureau' | 'unit';
  name: string;
  code: string;
  subOffices: Array<{ id: string; kind: 'office' | 'institution'; name: string }>;
}

export interface PersonView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  subOfficeId: string | null;
  roles: Role[];
  disabled: boolean;
}
