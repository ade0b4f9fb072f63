import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';

const NOT_BLANK = /\S/;
const TYPES = ['ACCEPT', 'RETURN'] as const;

export class BatchDecisionDto {
  @ApiProperty({ enum: TYPES, description: '接收 (ACCEPT) or 退回 (RETURN) every unit chosen' })
  @IsIn(TYPES)
  type: (typeof TYPES)[number];

  @ApiPropertyOptional({ description: 'Required with RETURN: one reason for every unit', maxLength: 2000 })
  @ValidateIf((o: BatchDecisionDto) => o.type === 'RETURN' || o.reason !== undefined)
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason?: string;

  @ApiProperty({
    type: [String],
    description: 'The cases (one a unit) of this campaign to decide on; more than 200 are refused with 422 BATCH.TOO_MANY_UNITS',
  })
  @IsArray()
  @ArrayMinSize(1)
  // A campaign covers at most 5,000 units; the batch limit itself is the use case's, with its own code.
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  caseIds: string[];
}
