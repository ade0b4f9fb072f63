import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { OUTBOX_STATUSES, type OutboxStatus } from '@jixiao/persistence';
import { PageQuery } from '../http/page.query';

export class AdminMailQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES, default: 'failed' })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status: OutboxStatus = 'failed';
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'true: one digest a working day instead of single reminders (催办 always come at once)' })
  @IsBoolean()
  digest: boolean;
}
