import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LIFECYCLE_EVENT_TYPES, SECTION_EVENTS_WITH_REASON, type LifecycleEventType, type SectionEventType } from '@jixiao/workflow';
import { ApiError } from '../http/api-error';
import { IsCalendarDate } from '../http/is-calendar-date';
import { PageQuery } from '../http/page.query';

const NOT_BLANK = /\S/;

export class RemitDto {
  @ApiProperty({ description: 'A deputy leader of the group' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ type: [String], description: 'Sub-offices whose people’s sections this deputy approves' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  subOfficeIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Sections this deputy approves' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 16, { each: true })
  sectionCodes?: string[];
}

export class GroupDto {
  @ApiProperty({ description: 'The group leader (组长)' })
  @IsUUID()
  leaderId: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  deputyLeaderIds?: string[];

  @ApiPropertyOptional({ type: [RemitDto], description: 'What each deputy leader approves; none: the whole report' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RemitDto)
  remits?: RemitDto[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  memberIds: string[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  compilerIds: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  sealKeeperIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  publisherIds?: string[];
}

export class CaseEventDto {
  @ApiProperty({ enum: LIFECYCLE_EVENT_TYPES })
  @IsIn(LIFECYCLE_EVENT_TYPES)
  type: LifecycleEventType;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;

  @ApiPropertyOptional({ description: 'Required with RETURN', maxLength: 2000 })
  @ValidateIf((o: CaseEventDto) => o.type === 'RETURN' || o.reason !== undefined)
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason?: string;

  @ApiPropertyOptional({ type: [String], description: 'With RETURN from internal review: the sections to reopen' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 16, { each: true })
  sectionCodes?: string[];

  @ApiPropertyOptional({ type: GroupDto, description: 'Required with FORM_GROUP' })
  @ValidateIf((o: CaseEventDto) => o.type === 'FORM_GROUP' || o.group !== undefined)
  @IsDefined()
  @ValidateNested()
  @Type(() => GroupDto)
  group?: GroupDto;

  @ApiPropertyOptional({ description: 'With PUBLISH (this, publishedDocumentBase64 or publishedText): SHA-256 (hex) of the published document' })
  @ValidateIf(
    (o: CaseEventDto) => (o.type === 'PUBLISH' && o.publishedText === undefined && o.publishedDocumentBase64 === undefined) || o.publishedSha256 !== undefined,
  )
  @Matches(/^[a-f0-9]{64}$/, { message: 'publishedSha256 must be 64 lowercase hex digits' })
  publishedSha256?: string;

  @ApiPropertyOptional({ description: 'With PUBLISH (this or publishedSha256): the published report as text or HTML; what differs from the sealed version is listed' })
  @ValidateIf((o: CaseEventDto) => o.publishedText !== undefined)
  @IsString()
  @Length(1, 900_000)
  publishedText?: string;

  @ApiPropertyOptional({
    description: 'With PUBLISH (this, publishedSha256 or publishedText): the published .docx itself, base64; its SHA-256 is compared with the sealed one (the body limit applies)',
  })
  @ValidateIf((o: CaseEventDto) => o.publishedDocumentBase64 !== undefined)
  @IsString()
  @Length(4, 1_400_000)
  @IsBase64(undefined, { message: 'publishedDocumentBase64 must be base64' })
  publishedDocumentBase64?: string;

  @ApiPropertyOptional({ description: 'With PUBLISH: where the report was published' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @Length(1, 2000)
  publishedUrl?: string;

  @ApiPropertyOptional({ description: 'The case version you saw; the event is refused with 409 if it changed' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  expectedVersion?: number;

  @ApiPropertyOptional({ description: 'Act for this person under a delegation (代理) in force today' })
  @IsOptional()
  @IsUUID()
  actingFor?: string;
}

export class ChangeGroupDto {
  @ApiProperty({ type: GroupDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => GroupDto)
  group: GroupDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  expectedVersion?: number;
}

const ONLY_WITH: Record<string, readonly LifecycleEventType[]> = {
  group: ['FORM_GROUP'],
  reason: ['RETURN'],
  sectionCodes: ['RETURN'],
  publishedSha256: ['PUBLISH'],
  publishedUrl: ['PUBLISH'],
  publishedText: ['PUBLISH'],
  publishedDocumentBase64: ['PUBLISH'],
};

/** Refuses payload fields that mean nothing for the event type, rather than ignoring them. */
export function assertFieldsFitType(body: CaseEventDto): void {
  const misplaced = Object.entries(ONLY_WITH)
    .filter(([field, types]) => (body as unknown as Record<string, unknown>)[field] !== undefined && !types.includes(body.type))
    .map(([field, types]) => ({ field, problems: [`${field} is only sent with ${types.join(' or ')}`] }));
  if (misplaced.length > 0) {
    throw new ApiError('VALIDATION.FIELD_NOT_ALLOWED', `Fields that do not belong to ${body.type}: ${misplaced.map((m) => m.field).join(', ')}.`, {
      fields: misplaced,
    });
  }
}

/** Filters over the cases in your scope, with the usual paging. */
export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ example: 'self_assessment' })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z_]+(\.[a-z_]+)?$/, { message: 'state must be a state name such as self_assessment' })
  state?: string;
}

export class AssignSectionDto {
  @ApiProperty()
  @IsUUID()
  assigneeId: string;

  @ApiProperty({ example: '2024-06-10' })
  @IsCalendarDate()
  dueDate: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  expectedVersion?: number;
}

const SECTION_EVENTS: readonly SectionEventType[] = ['START_DRAFTING', 'SUBMIT', 'APPROVE', 'RETURN', 'WITHDRAW', 'REOPEN', 'REQUEST_REOPEN', 'DECLINE_REOPEN'];
const WITH_REASON: readonly SectionEventType[] = SECTION_EVENTS_WITH_REASON;

export class SectionEventDto {
  @ApiProperty({ enum: SECTION_EVENTS })
  @IsIn(SECTION_EVENTS)
  type: SectionEventType;

  @ApiPropertyOptional({ description: 'Required with RETURN, REOPEN, REQUEST_REOPEN and DECLINE_REOPEN', maxLength: 2000 })
  @ValidateIf((o: SectionEventDto) => WITH_REASON.includes(o.type) || o.reason !== undefined)
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  expectedVersion?: number;

  @ApiPropertyOptional({ description: 'Act for this person under a delegation (代理) in force today' })
  @IsOptional()
  @IsUUID()
  actingFor?: string;
}
