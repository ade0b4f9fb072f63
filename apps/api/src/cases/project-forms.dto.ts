import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class SaveProjectFormDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The project form as typed (ProjectFormInput): header, funding (万元 as strings), goals, indicators; checked strictly, bad input answers 422 with every field',
  })
  @IsObject()
  input: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The revision you saw (0: none yet); a different current revision answers 409' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  expectedRevision?: number;
}

export class ApproveProjectFormDto {}

export class ReturnProjectFormDto {
  @ApiProperty({ description: 'Why the form goes back to the compiler' })
  @IsString()
  @Length(0, 2000)
  reason: string;
}
