import { ApiProperty } from '@nestjs/swagger';
import { OUTBOX_KINDS, OUTBOX_STATUSES, type OutboxKind, type OutboxStatus } from '@jixiao/persistence';
import { DATE, DATE_TIME, PageFieldsDto } from '../http/api-error.dto';

export class OutboxDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: OUTBOX_KINDS })
  kind: OutboxKind;

  @ApiProperty({ enum: OUTBOX_STATUSES })
  status: OutboxStatus;

  @ApiProperty({ format: 'uuid' })
  recipientId: string;

  @ApiProperty()
  recipientName: string;

  @ApiProperty({ type: String, nullable: true })
  caseId: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  dueDate: string | null;

  @ApiProperty()
  attempts: number;

  @ApiProperty(DATE_TIME)
  nextAttemptAt: string;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: String, nullable: true })
  messageId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The digest this item went out in' })
  digestId: string | null;

  @ApiProperty({ type: String, enum: ['smtp', 'mailbox'], nullable: true })
  transport: 'smtp' | 'mailbox' | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  sentAt: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: string;
}

export class OutboxPageDto extends PageFieldsDto {
  @ApiProperty({ type: [OutboxDto] })
  items: OutboxDto[];
}

export class MailboxEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: OUTBOX_KINDS })
  kind: OutboxKind;

  @ApiProperty({ format: 'uuid' })
  recipientId: string;

  @ApiProperty()
  recipientName: string;

  @ApiProperty({ type: String, nullable: true })
  messageId: string | null;

  @ApiProperty({ type: String, nullable: true })
  subject: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  sentAt: string | null;
}

export class MailboxPageDto extends PageFieldsDto {
  @ApiProperty({ type: [MailboxEntryDto] })
  items: MailboxEntryDto[];
}

export class MailboxMessageDto extends MailboxEntryDto {
  @ApiProperty()
  from: string;

  @ApiProperty()
  to: string;

  @ApiProperty()
  date: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  headers: Record<string, string>;

  @ApiProperty()
  text: string;

  @ApiProperty()
  html: string;
}

export class NotificationPreferencesViewDto {
  @ApiProperty({ description: 'true: one digest a working day instead of single reminders' })
  digest: boolean;
}
