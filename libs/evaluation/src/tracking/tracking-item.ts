export type SubmissionStatus = 'not_submitted' | 'on_time' | 'late';
/** `not_due`: not accepted yet; `pending`: accepted, the publication deadline not passed; `overdue`: accepted and past it. */
export type PublicationStatus = 'not_due' | 'pending' | 'overdue' | 'published';

/** One unit's row of the tracking view. */
export interface TrackingItem {
  caseId: string;
  unitId: string;
  unitName: string;
  unitCode: string;
  state: string;
  sectionsApproved: number;
  sectionsTotal: number;
  /** The deadline in force for this unit ('YYYY-MM-DD'), its own extension if it has one. */
  deadline: string;
  deadlineExtended: boolean;
  /** Working days from today to the deadline; negative once it has passed. */
  workingDaysLeft: number;
  /** The deadline has passed and the unit has not submitted. */
  overdue: boolean;
  submissionStatus: SubmissionStatus;
  submittedAt: string | null;
  selfScore: string | null;
  grade: string | null;
  recheckScore: string | null;
  recheckRemarks: string | null;
  /** Returns by the finance bureau. */
  returns: number;
  lastReturnReason: string | null;
  lastReturnedAt: string | null;
  publicationStatus: PublicationStatus;
  publishedAt: string | null;
  link: string;
}
