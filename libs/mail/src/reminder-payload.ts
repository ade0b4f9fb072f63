/** What a reminder, escalation, 催办 or digest item says; stored in the outbox row's payload. */
export type DueTaskKind =
  | 'form_group'
  | 'assign_sections'
  | 'start_self_assessment'
  | 'draft_section'
  | 'approve_section'
  | 'approve_report'
  | 'seal'
  | 'submit'
  | 'review_submission'
  | 'publish';

export interface WorkingHours {
  /** 'HH:MM' in Asia/Shanghai. */
  start: string;
  end: string;
}

export interface ReminderPayload {
  taskKind: DueTaskKind;
  caseId: string;
  unitName: string;
  documentNumber: string;
  campaignTitle: string;
  sectionCode: string | null;
  sectionTitle: string | null;
  /** 'YYYY-MM-DD', Asia/Shanghai. */
  dueDate: string;
  /** Working days from the day the reminder was decided to the due date; negative when overdue. */
  workingDaysLeft: number;
  /** For an escalation: whose task is late (display name). */
  assigneeName: string | null;
  /** For a 催办: who urged, and what they wrote. */
  urgedByName: string | null;
  message: string | null;
  /** Path under the public URL where the task is done, e.g. '/cases/<id>'. */
  link: string;
  /** When this mail may go out. */
  window: WorkingHours;
}
