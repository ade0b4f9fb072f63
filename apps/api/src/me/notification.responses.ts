import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type NotificationKind } from '@jixiao/workflow';
import type { NotificationPage, NotificationView } from '@jixiao/evaluation';
import { DATE_TIME, PageFieldsDto } from '../http/api-error.dto';

export class NotificationDto implements NotificationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS, description: 'What happened; the console words it from the kind and params' })
  kind: NotificationKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  caseId: string | null;

  @ApiProperty({ type: String, nullable: true })
  sectionCode: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who took the step (for a delegation: the delegator)' })
  actorName: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: 'unitName, fiscalYear, sectionTitle, reason, dueDate, startsOn, endsOn, as the kind has them',
  })
  params: Record<string, string | number>;

  @ApiProperty({ description: 'The console page the notice opens, e.g. /cases/{id}/sections/{code}' })
  link: string;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  readAt: string | null;
}

export class NotificationPageDto extends PageFieldsDto implements NotificationPage {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];

  @ApiProperty({ description: 'Your unread notices, over all pages' })
  unread: number;
}

export class NotificationCountDto {
  @ApiProperty({ description: 'Your unread notices' })
  unread: number;
}

export class NotificationsMarkedDto {
  @ApiProperty({ description: 'How many were newly marked read' })
  marked: number;

  @ApiProperty({ description: 'Your unread notices left' })
  unread: number;
}
