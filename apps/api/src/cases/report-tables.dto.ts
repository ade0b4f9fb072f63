import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const NOT_BLANK = /\S/;

export class SaveTableDto {
  @ApiProperty({
    description:
      'The table as typed, amounts as strings. Basic data table: {unit?, income, expenditure, balance, execution, staffing}; indicator scores: [{code, score, justification?}]',
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: { type: 'object', additionalProperties: true } },
    ],
  })
  @IsDefined()
  input: unknown;

  @ApiPropertyOptional({ description: 'The revision you saw (0: none yet); a different current revision answers 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  expectedRevision?: number;
}

export class AcknowledgeProblemDto {
  @ApiProperty({ description: 'The `key` of a warning of the basic data table' })
  @IsString()
  @Length(1, 4000)
  problemKey: string;

  @ApiProperty({ description: 'Why the warning is accepted' })
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'comment must not be blank' })
  comment: string;
}
