/*
 * What the finance bureau's and the mail endpoints answer, as the console reads them. The OpenAPI
 * document does not declare these response bodies yet; each shape follows the service's own view
 * (TrackingService, MailAdminService, MailboxService) field for field, so that once the controllers
 * declare them these names can become aliases of the generated types.
 */

export type TrackingState =
  | 'notice_issued'
  | 'group_formed'
  | 'self_assessment'
  | 'internal_review'
  | 'sealed'
  | 'submitted.awaiting_acceptance'
  | 'submitted.accepted'
  | 'published';

export type SubmissionStatus = 'not_submitted' | 'on_time' | 'late';
/** `not_due`: not accepted yet; `pending`: accepted, publication deadline not passed; `overdue`: past it. */
export type PublicationStatus = 'not_due' | 'pending' | 'overdue' | 'published';

/** One unit's row of GET /api/campaigns/:id/tracking. */
export interface TrackingItem {
  caseId: string;
  unitId: string;
  unitName: string;
  unitCode: string;
  state: TrackingState;
  sectionsApproved: number;
  sectionsTotal: number;
  /** 'YYYY-MM-DD': the unit's own extension when it has one. */
  deadline: string;
  deadlineExtended: boolean;
  /** Negative once the deadline has passed. */
  workingDaysLeft: number;
  overdue: boolean;
  submissionStatus: SubmissionStatus;
  submittedAt: string | null;
  selfScore: string | null;
  grade: string | null;
  recheckScore: string | null;
  recheckRemarks: string | null;
  returns: number;
  lastReturnReason: string | null;
  lastReturnedAt: string | null;
  publicationStatus: PublicationStatus;
  publishedAt: string | null;
  /** The case in the API (`/api/cases/:id`). */
  link: string;
}

export interface TrackingPage {
  campaignId: string;
  /** Today in Asia/Shanghai, what "overdue" and the working days are measured against. */
  today: string;
  items: TrackingItem[];
  total: number;
  limit: number;
  offset: number;
}

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

export interface ExtensionResult {
  campaignId: string;
  deadline: string;
  /** The cases moved, each with the deadline it had. */
  extended: Array<{ caseId: string; from: string }>;
}

export interface RecheckResult {
  caseId: string;
  recheckScore: string;
  previousScore: string | null;
  selfScore: string | null;
  remarks: string;
}

export interface CampaignFigures {
  campaignId: string;
  documentNumber: string;
  fiscalYear: number;
  units: number;
  submitted: number;
  onTime: number;
  late: number;
  overdue: number;
  returnedUnits: number;
  returns: number;
  selfScored: number;
  averageSelfScore: string | null;
  rechecked: number;
  averageRecheckScore: string | null;
  meanGap: string | null;
  meanAbsoluteGap: string | null;
  largestAbsoluteGap: string | null;
  /** On-time submissions over all units covered (0–1); null with no units. */
  onTimeRate: number | null;
  /** In the campaign's band order; the last (grade null) counts units without a complete score sheet. */
  grades: Array<{ grade: string | null; from: string | null; to: string | null; units: number }>;
  returnReasons: Array<{ reason: string; returns: number }>;
}

/** GET /api/campaigns/:id/statistics. */
export interface StatisticsView {
  campaign: CampaignFigures;
  compareWith: CampaignFigures | null;
}

/** GET /api/units: a budget unit a campaign can cover. */
export interface UnitChoice {
  id: string;
  name: string;
  code: string;
}

export interface UnitPage {
  items: UnitChoice[];
  total: number;
  limit: number;
  offset: number;
}

/** PUT /api/campaigns/:id/units and POST …/units/import. */
export interface CampaignUnitsView {
  campaignId: string;
  unitCount: number;
  unitIds: string[];
}

/** One problem of an imported unit list (details.problems of 422 CAMPAIGN.IMPORT_INVALID); row 0 is the file as a whole. */
export interface UnitSheetProblem {
  row: number;
  field: string | null;
  code: string;
  message: string;
}

export type OutboxKind = 'reminder' | 'overdue' | 'escalation' | 'urge' | 'digest';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'digested';

/** GET /api/admin/mail: one delivery. */
export interface OutboxView {
  id: string;
  kind: OutboxKind;
  status: OutboxStatus;
  recipientId: string;
  recipientName: string;
  caseId: string | null;
  dueDate: string | null;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  messageId: string | null;
  digestId: string | null;
  transport: 'smtp' | 'mailbox' | null;
  sentAt: string | null;
  createdAt: string;
}

/** GET /api/mailbox: one message of the local mailbox. */
export interface MailboxEntry {
  id: string;
  kind: OutboxKind;
  recipientId: string;
  recipientName: string;
  messageId: string | null;
  subject: string | null;
  sentAt: string | null;
}

/** GET /api/mailbox/:id. */
export interface MailboxMessageView extends MailboxEntry {
  from: string;
  to: string;
  date: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

export interface NotificationPreference {
  digest: boolean;
}

export interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
