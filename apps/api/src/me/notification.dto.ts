import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsBoolean, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { PageQuery } from '../http/page.query';

/** 'true' / 'false' in a query string; anything else stays as it is and fails validation. */
const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class NotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ default: false, description: 'Only the notices not read yet' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  unread: boolean = false;
}

/** Either the notices to mark read (`ids`), or `all: true` for every one of yours. */
export class MarkNotificationsReadDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: 200, description: 'Your notices to mark read; others’ ids change nothing' })
  @ValidateIf((body: MarkNotificationsReadDto) => body.all === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ enum: [true], description: 'Mark every notice of yours read (instead of ids)' })
  @ValidateIf((body: MarkNotificationsReadDto) => body.ids === undefined)
  @Equals(true)
  all?: true;
}
