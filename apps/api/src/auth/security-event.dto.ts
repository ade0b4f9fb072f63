import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsCalendarDate } from '../http/is-calendar-date';

export class SecurityEventExportQuery {
  @ApiProperty({ example: '2026-01-01', description: 'First day, in Asia/Shanghai' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-06-30', description: 'Last day, in Asia/Shanghai, included' })
  @IsCalendarDate()
  to: string;

  @ApiProperty({ enum: ['xlsx', 'csv'] })
  @IsIn(['xlsx', 'csv'])
  format: 'xlsx' | 'csv';
}
