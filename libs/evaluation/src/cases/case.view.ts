import type { CaseRecord, CaseSummary, GroupMember, Remit } from '@jixiao/persistence';
import {
  contextOf,
  eventsAvailableTo,
  type Actor,
  type ApprovalFacts,
  type ApproverPlacement,
  type LifecycleEventType,
  type LifecycleSnapshot,
  type SectionState,
  type CaseActionType,
  type SealedVersionActionType,
  type SectionActionType,
} from '@jixiao/workflow';
import type { ActionView } from '../rulebook';

export interface RemitInput extends Remit {
  userId: string;
}

export interface GroupInput {
  leaderId: string;
  deputyLeaderIds?: string[];
  /** What each deputy leader approves; a deputy without one approves every section. */
  remits?: RemitInput[];
  memberIds: string[];
  compilerIds: string[];
  sealKeeperIds?: string[];
  publisherIds?: string[];
}

export interface EventCommand {
  type: LifecycleEventType;
  comment?: string;
  reason?: string;
  sectionCodes?: string[];
  group?: GroupInput;
  publishedSha256?: string;
  publishedUrl?: string;
  /** With PUBLISH: the published report's text or HTML, compared with the sealed version when no matching SHA-256 is given. */
  publishedText?: string;
  /** With PUBLISH: the published document itself (the .docx bytes, base64); its SHA-256 is compared with the sealed one. */
  publishedDocumentBase64?: string;
  /** The case version the client saw; a different current version is a conflict. */
  expectedVersion?: number;
  /** Act for this person under a delegation (代理) in force today. */
  actingFor?: string;
}

export interface CaseView extends CaseSummary {
  contentVersion: number;
  approvals: string[];
  sealedVersion: number | null;
  sealedDigest: string | null;
  submittedLate: boolean | null;
  returns: number;
  /** The content version that was sealed, submitted, accepted and published; null for a step not (yet) reached in the current version. */
  versions: { sealed: number | null; submitted: number | null; accepted: number | null; published: number | null };
  /** Events the caller may send now as far as role and state go. */
  allowedEvents: LifecycleEventType[];
}

export interface CaseDetail extends CaseView {
  group: GroupMember[];
  sections: Array<SectionView & { actions: ActionView<SectionActionType>[] }>;
  /** What the caller may do on the case now, and for each thing they may not, why (the rulebook's answer). */
  actions: ActionView<CaseActionType>[];
}

export interface SectionView {
  code: string;
  title: string;
  assigneeId: string | null;
  dueDate: string | null;
  state: SectionState;
  version: number;
  /** A compiler's request to reopen this approved section, while it waits for an approver's answer. */
  reopenRequest: { requestedBy: string; reason: string; requestedAt: Date } | null;
}

/** Who approves a case's current version in internal review, and who has. */
export interface ApprovalView {
  caseId: string;
  contentVersion: number;
  mode: ApprovalFacts['mode'];
  approverIds: string[];
  /** Added by 加签, 前加签 or 后加签 for this version. */
  extraApproverIds: string[];
  approvals: string[];
  /** Whether the approvals in hand are all the report needs. */
  approved: boolean;
  /** Every approver in order: their chain (one for 依次), whether they approved, whether it is their turn now. */
  chain: ApprovalStepView[];
}

export interface ApprovalStepView {
  userId: string;
  displayName: string;
  /** Approvers in one chain approve one after the other; chains run side by side. */
  track: number;
  approved: boolean;
  turn: boolean;
  /** Added by 加签 (placement null), 前加签 ('before') or 后加签 ('after'). */
  added: boolean;
  placement: ApproverPlacement | null;
  /** Who added them by 前加签 or 后加签. */
  addedBy: string | null;
}

/** One person a report was circulated to for reading (传阅), and whether they have read it (已阅). */
export interface CirculationView {
  userId: string;
  displayName: string;
  contentVersion: number;
  note: string | null;
  sentBy: string;
  sentByName: string;
  sentAt: string;
  readAt: string | null;
}

export interface HistoryView {
  seq: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorId: string | null;
  /** The actor's display name, whoever they are (group, finance bureau, unit admin); null for the system. */
  actorName: string | null;
  /** The person the actor stood in for under a delegation, if any. */
  onBehalfOfId: string | null;
  onBehalfOfName: string | null;
  comment: string | null;
  details: Record<string, unknown>;
  /** The display names of the people the details name by id (assigneeId, userId, recipientId), whoever they are. */
  detailNames: Record<string, string>;
  contentVersion: number;
  at: string;
}

export interface TransitionResult {
  transition: { event: LifecycleEventType; from: string; to: string };
  case: CaseView;
}

export interface SealedVersionView {
  version: number;
  sha256: string;
  sealedBy: string;
  sealedAt: string;
  /** For the version sealed now: publishing it; an earlier version (voided by a return) has none. */
  actions: ActionView<SealedVersionActionType>[];
}

export interface SealedDocument {
  version: number;
  sha256: string;
  docx: Buffer;
  html: string;
  fileName: string;
}

/** A sealed version's PDF: its bytes, their SHA-256 and the file name to offer. */
export interface SealedPdfDocument {
  version: number;
  sha256: string;
  pdf: Buffer;
  fileName: string;
}

/** A case loaded for a principal: its record, its restored snapshot and the actor the principal is on it. */
export interface LoadedCase {
  record: CaseRecord;
  snapshot: LifecycleSnapshot;
  actor: Actor;
  /** The delegator, when the principal acts for someone. */
  onBehalfOfId: string | null;
}

export function sectionView(section: {
  code: string;
  title: string;
  assigneeId: string | null;
  dueDate: string | null;
  state: SectionState;
  version: number;
  reopenRequestedBy?: string | null;
  reopenRequestReason?: string | null;
  reopenRequestedAt?: Date | null;
}): SectionView {
  const { reopenRequestedBy: by, reopenRequestReason: reason, reopenRequestedAt: at } = section;
  return {
    code: section.code,
    title: section.title,
    assigneeId: section.assigneeId,
    dueDate: section.dueDate,
    state: section.state,
    version: section.version,
    reopenRequest: by && reason && at ? { requestedBy: by, reason, requestedAt: at } : null,
  };
}

export function caseView({ record, snapshot, actor }: LoadedCase): CaseView {
  const context = contextOf(snapshot);
  const summary: CaseSummary = {
    id: record.id,
    campaignId: record.campaignId,
    documentNumber: record.documentNumber,
    fiscalYear: record.fiscalYear,
    unitId: record.unitId,
    unitName: record.unitName,
    state: record.state,
    version: record.version,
    submissionDeadline: record.submissionDeadline,
    updatedAt: record.updatedAt,
  };
  return {
    ...summary,
    contentVersion: context.contentVersion,
    approvals: context.approvals,
    sealedVersion: context.sealedVersion,
    sealedDigest: context.sealedDigest,
    submittedLate: context.submittedLate,
    returns: context.returns,
    versions: versionsOf(record.state, context.sealedVersion),
    allowedEvents: eventsAvailableTo(snapshot, actor),
  };
}

/**
 * Which content version went through each step. A return by the finance bureau voids the seal and
 * starts the next version, so the sealed version is the one submitted, accepted and published once
 * the case has reached those states.
 */
function versionsOf(state: string, sealed: number | null): CaseView['versions'] {
  const reached = (...states: string[]) => (sealed !== null && states.includes(state) ? sealed : null);
  return {
    sealed,
    submitted: reached('submitted.awaiting_acceptance', 'submitted.accepted', 'published'),
    accepted: reached('submitted.accepted', 'published'),
    published: reached('published'),
  };
}
