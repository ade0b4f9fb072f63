import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { GROUP_ROLES, type GroupRole } from '@jixiao/persistence';
import type { Problem, SectionBlock, Severity } from '@jixiao/report';
import { APPROVAL_MODES, APPROVER_PLACEMENTS, LIFECYCLE_EVENT_TYPES, SECTION_STATES, type ApprovalMode, type ApproverPlacement, type LifecycleEventType, type SectionState } from '@jixiao/workflow';
import { CaseActionDto, SealedVersionActionDto, SectionActionDto } from './action.responses';
import { ANY_OBJECT, DATE, DATE_TIME, PageFieldsDto } from '../http/api-error.dto';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ example: '湛霞财〔2024〕68号' })
  documentNumber: string;

  @ApiProperty({ example: 2023 })
  fiscalYear: number;

  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty()
  unitName: string;

  @ApiProperty({ description: 'The lifecycle state, e.g. self_assessment or submitted.accepted', example: 'self_assessment' })
  state: string;

  @ApiProperty({ description: 'Changes with every accepted event; send it back as expectedVersion' })
  version: number;

  @ApiProperty({ ...DATE, description: "The deadline in force for this unit (its own extension if it has one)" })
  submissionDeadline: string;

  @ApiProperty(DATE_TIME)
  updatedAt: Date;
}

export class CasePageDto extends PageFieldsDto {
  @ApiProperty({ type: [CaseSummaryDto] })
  items: CaseSummaryDto[];
}

export class CaseVersionsDto {
  @ApiProperty({ type: Number, nullable: true })
  sealed: number | null;

  @ApiProperty({ type: Number, nullable: true })
  submitted: number | null;

  @ApiProperty({ type: Number, nullable: true })
  accepted: number | null;

  @ApiProperty({ type: Number, nullable: true })
  published: number | null;
}

export class CaseViewDto extends CaseSummaryDto {
  @ApiProperty({ description: 'Starts at 1; a return by the finance bureau starts the next' })
  contentVersion: number;

  @ApiProperty({ type: [String], description: 'Who approved the current version in internal review' })
  approvals: string[];

  @ApiProperty({ type: Number, nullable: true })
  sealedVersion: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the sealed .docx' })
  sealedDigest: string | null;

  @ApiProperty({ type: Boolean, nullable: true })
  submittedLate: boolean | null;

  @ApiProperty({ description: 'Returns by the finance bureau' })
  returns: number;

  @ApiProperty({ type: CaseVersionsDto, description: 'The content version that was sealed, submitted, accepted and published' })
  versions: CaseVersionsDto;

  @ApiProperty({ enum: LIFECYCLE_EVENT_TYPES, isArray: true, description: 'Events you may send now as far as role and state go' })
  allowedEvents: LifecycleEventType[];
}

export class RemitViewDto {
  @ApiPropertyOptional({ type: [String] })
  subOfficeIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  sectionCodes?: string[];
}

export class GroupMemberDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: GROUP_ROLES })
  role: GroupRole;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ type: RemitViewDto, description: "A deputy leader's remit; empty: the whole report" })
  remit: RemitViewDto;

  @ApiProperty({ type: String, nullable: true })
  subOfficeId: string | null;
}

export class SectionViewDto {
  @ApiProperty({ example: '1.4' })
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  assigneeId: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  dueDate: string | null;

  @ApiProperty({ enum: SECTION_STATES })
  state: SectionState;

  @ApiProperty({ description: 'Send it back as expectedVersion of a section event' })
  version: number;

  @ApiProperty({ type: () => ReopenRequestDto, nullable: true, description: 'A compiler’s request to reopen this approved section, while it waits for an answer' })
  reopenRequest: ReopenRequestDto | null;
}

export class ReopenRequestDto {
  @ApiProperty({ format: 'uuid' })
  requestedBy: string;

  @ApiProperty()
  reason: string;

  @ApiProperty({ type: String, format: 'date-time' })
  requestedAt: Date;
}

export class CaseSectionDto extends SectionViewDto {
  @ApiProperty({ type: [SectionActionDto], description: 'What the caller may do with this section now, and why not' })
  actions: InstanceType<typeof SectionActionDto>[];
}

export class CaseDetailDto extends CaseViewDto {
  @ApiProperty({ type: [GroupMemberDto] })
  group: GroupMemberDto[];

  @ApiProperty({ type: [CaseSectionDto] })
  sections: CaseSectionDto[];

  @ApiProperty({ type: [CaseActionDto], description: 'What the caller may do on the case now, and for each thing they may not, every reason' })
  actions: InstanceType<typeof CaseActionDto>[];
}

export class TransitionDto {
  @ApiProperty({ enum: LIFECYCLE_EVENT_TYPES })
  event: LifecycleEventType;

  @ApiProperty()
  from: string;

  @ApiProperty()
  to: string;
}

export class TransitionResultDto {
  @ApiProperty({ type: TransitionDto })
  transition: TransitionDto;

  @ApiProperty({ type: CaseViewDto })
  case: CaseViewDto;
}

export class HistoryEntryDto {
  @ApiProperty({ description: 'Position in the case history, from 1' })
  seq: number;

  @ApiProperty({ example: 'FORM_GROUP' })
  event: string;

  @ApiProperty({ type: String, nullable: true })
  fromState: string | null;

  @ApiProperty()
  toState: string;

  @ApiProperty({ type: String, nullable: true })
  actorId: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The actor's display name, whoever they are (working group, finance bureau, unit admin); null for the system" })
  actorName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The person the actor stood in for (代理)' })
  onBehalfOfId: string | null;

  @ApiProperty({ type: String, nullable: true, description: "That person's display name" })
  onBehalfOfName: string | null;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;

  @ApiProperty({ ...ANY_OBJECT, description: 'What the event carried: sections, scores, dates, digests' })
  details: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Display names of the people details name by id (assigneeId, userId, recipientId), inside the working group or not',
  })
  detailNames: Record<string, string>;

  @ApiProperty()
  contentVersion: number;

  @ApiProperty(DATE_TIME)
  at: string;
}

export class HistoryBreakDto {
  @ApiProperty()
  seq: number;

  @ApiProperty({ enum: ['seq', 'prev_hash', 'hash', 'key', 'head'] })
  reason: 'seq' | 'prev_hash' | 'hash' | 'key' | 'head';
}

export class HistoryVerificationDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty()
  valid: boolean;

  @ApiProperty()
  records: number;

  @ApiProperty({ type: HistoryBreakDto, nullable: true, description: 'The first record that breaks the chain; null when intact' })
  firstBroken: HistoryBreakDto | null;

  @ApiProperty({ description: 'Every record was proven with the history key; false without HISTORY_KEY or for records from before the keyed chain' })
  authenticated: boolean;
}

export class ApprovalViewDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty()
  contentVersion: number;

  @ApiProperty({ enum: APPROVAL_MODES })
  mode: ApprovalMode;

  @ApiProperty({ type: [String] })
  approverIds: string[];

  @ApiProperty({ type: [String], description: 'Added by 加签, 前加签 or 后加签 for this version' })
  extraApproverIds: string[];

  @ApiProperty({ type: [String] })
  approvals: string[];

  @ApiProperty({ description: 'Whether the approvals in hand are all the report needs' })
  approved: boolean;

  @ApiProperty({ type: () => [ApprovalStepDto], description: 'Every approver in order, with whether they approved and whose turn it is' })
  chain: ApprovalStepDto[];
}

export class ApprovalStepDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ description: 'Approvers in one chain approve one after the other (依次 has one chain); chains run side by side' })
  track: number;

  @ApiProperty()
  approved: boolean;

  @ApiProperty({ description: 'Their turn now: not approved, and everyone before them in their chain has' })
  turn: boolean;

  @ApiProperty({ description: 'Added by 加签, 前加签 or 后加签' })
  added: boolean;

  @ApiProperty({ enum: APPROVER_PLACEMENTS, nullable: true, type: String, description: 'before: 前加签; after: 后加签; null: plain 加签 or from the group' })
  placement: ApproverPlacement | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who added them by 前加签 or 后加签' })
  addedBy: string | null;
}

export class CirculationDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ description: 'The content version circulated' })
  contentVersion: number;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ format: 'uuid' })
  sentBy: string;

  @ApiProperty()
  sentByName: string;

  @ApiProperty(DATE_TIME)
  sentAt: string;

  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When they marked it read (已阅); null: not yet (待阅)' })
  readAt: string | null;
}

export class CirculatedReportDto extends CirculationDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty()
  unitName: string;

  @ApiProperty()
  documentNumber: string;

  @ApiProperty()
  state: string;
}

export class SealedVersionDto {
  @ApiProperty()
  version: number;

  @ApiProperty({ description: 'SHA-256 of the .docx, hex' })
  sha256: string;

  @ApiProperty({ format: 'uuid' })
  sealedBy: string;

  @ApiProperty(DATE_TIME)
  sealedAt: string;

  @ApiProperty({ type: [SealedVersionActionDto], description: 'For the version sealed now: publishing it, if the caller may' })
  actions: InstanceType<typeof SealedVersionActionDto>[];
}

export class ProblemDto implements Problem {
  @ApiProperty({ enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ example: 'DATA_TABLE.TOTAL_MISMATCH' })
  code: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ example: 'income.total' })
  path: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'The figures involved, as exact decimals' })
  figures?: Record<string, string>;
}

export class HeadingBlockDto {
  @ApiProperty({ enum: ['heading'] })
  type: 'heading';

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  level?: 1 | 2 | 3;

  @ApiProperty()
  text: string;
}

export class ParagraphBlockDto {
  @ApiProperty({ enum: ['paragraph'] })
  type: 'paragraph';

  @ApiProperty()
  text: string;
}

export class TableBlockDto {
  @ApiProperty({ enum: ['table'] })
  type: 'table';

  @ApiPropertyOptional({ description: 'At most 100 characters (TABLE_LIMITS)' })
  caption?: string;

  @ApiPropertyOptional({ type: [String], description: 'The column headings; at most 10 columns, 500 characters a cell' })
  header?: readonly string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'At most 50 rows, each as wide as the header; 500 characters a cell. Beyond a limit a save answers 422 SECTION.INVALID_CONTENT with SECTION.TABLE_TOO_WIDE, _TOO_LONG, _CELL_TOO_LONG or _CAPTION_TOO_LONG problems',
  })
  rows: readonly (readonly string[])[];
}

/** A section's body as the document describes it, for answers and for the save request. */
export const SECTION_BLOCKS = {
  type: 'array',
  items: { oneOf: [HeadingBlockDto, ParagraphBlockDto, TableBlockDto].map((block) => ({ $ref: getSchemaPath(block) })) },
} as const;

@ApiExtraModels(HeadingBlockDto, ParagraphBlockDto, TableBlockDto)
export class SectionContentDto extends SectionViewDto {
  @ApiProperty({ description: 'The current revision; 0 before the first save' })
  revision: number;

  @ApiProperty({ type: Number, nullable: true })
  contentVersion: number | null;

  @ApiProperty(SECTION_BLOCKS)
  blocks: SectionBlock[];

  @ApiProperty({ type: String, nullable: true })
  authorId: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  savedAt: string | null;

  @ApiProperty({ type: [ProblemDto], description: 'What the text check finds; informs, refuses nothing' })
  problems: ProblemDto[];
}

@ApiExtraModels(HeadingBlockDto, ParagraphBlockDto, TableBlockDto)
export class SectionRevisionDto {
  @ApiProperty()
  revision: number;

  @ApiProperty()
  contentVersion: number;

  @ApiProperty({ format: 'uuid' })
  authorId: string;

  @ApiProperty(DATE_TIME)
  savedAt: string;

  @ApiProperty(SECTION_BLOCKS)
  blocks: SectionBlock[];
}
