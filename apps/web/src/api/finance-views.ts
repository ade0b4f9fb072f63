import type { components } from './schema';

/*
 * What the finance bureau's and the mail endpoints answer, under the names the pages use: each is
 * a schema of the service's OpenAPI document (generated into schema.d.ts by `npm run web:types`),
 * never a second copy. Only what the console itself assembles (filters, sorts) is written here.
 */
type Schemas = components['schemas'];

export type TrackingItem = Schemas['TrackingItemDto'];
export type TrackingPage = Schemas['TrackingPageDto'];
export type TrackingState = TrackingItem['state'];
export type SubmissionStatus = TrackingItem['submissionStatus'];
export type PublicationStatus = TrackingItem['publicationStatus'];

export type TrackingSort = 'urgency' | 'unit' | 'state' | 'score' | 'deadline';

/** The filters and sort of the tracking view and its export (the query string of both). */
export interface TrackingFilter {
  state?: 'notice_issued' | 'group_formed' | 'self_assessment' | 'internal_review' | 'sealed' | 'submitted' | 'submitted.awaiting_acceptance' | 'submitted.accepted' | 'published';
  overdue?: boolean;
  returned?: boolean;
  grade?: string;
  unit?: string;
  sort?: TrackingSort;
  order?: 'asc' | 'desc';
}

export type ExtensionResult = Schemas['ExtensionResultDto'];
export type RecheckResult = Schemas['RecheckResultDto'];
export type CampaignFigures = Schemas['CampaignStatisticsDto'];
export type StatisticsView = Schemas['StatisticsDto'];
export type UnitChoice = Schemas['UnitDto'];
export type UnitPage = Schemas['UnitPageDto'];
export type CampaignUnitsView = Schemas['CampaignUnitsViewDto'];

/** One bad row of a unit import, as the 422 CAMPAIGN.IMPORT_INVALID lists them in its details. */
export interface UnitSheetProblem {
  row: number;
  field: string | null;
  code: string;
  message: string;
}

export type OutboxView = Schemas['OutboxDto'];
export type OutboxKind = OutboxView['kind'];
export type OutboxStatus = OutboxView['status'];
export type MailboxEntry = Schemas['MailboxEntryDto'];
export type MailboxMessageView = Schemas['MailboxMessageDto'];
export type NotificationPreference = Schemas['NotificationPreferencesViewDto'];

/** A page of items as every list route answers it. */
export interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type DirectoryUnit = Schemas['DirectoryUnitDto'];
export type DirectoryUnitPage = Schemas['DirectoryUnitPageDto'];
export type DirectoryChange = Schemas['DirectoryChangeDto'];
export type DirectoryImportAnswer = Schemas['DirectoryImportAnswerDto'];
export type DirectoryImportProblem = Schemas['DirectoryImportProblemDto'];

export type UnitLateness = Schemas['UnitLatenessDto'];
export type SectionLateness = Schemas['SectionLatenessDto'];
export type StepLateness = Schemas['StepLatenessDto'];
export type BatchDecisionResult = Schemas['BatchDecisionResultDto'];
export type BatchDecisionOutcome = Schemas['BatchDecisionOutcomeDto'];
