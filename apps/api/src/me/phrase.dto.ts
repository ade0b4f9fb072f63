import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PHRASE_KINDS, PHRASE_LIMITS, type PhraseKind, type PhraseView } from '@jixiao/evaluation';

const KIND = {
  enum: PHRASE_KINDS,
  enumName: 'PhraseKind',
  nullable: true,
  description: 'approval: 审批意见; return: 退回理由; comment: 评论. Null or omitted: offered for every use',
} as const;

export class PhraseListQuery {
  @ApiPropertyOptional({ enum: PHRASE_KINDS, enumName: 'PhraseKind', description: 'Only the phrases for this use (and those for every use)' })
  @IsOptional()
  @IsIn(PHRASE_KINDS)
  kind?: PhraseKind;
}

export class NewPhraseDto {
  @ApiProperty({ example: '请按意见修改后重新提交。', maxLength: PHRASE_LIMITS.length })
  @IsString()
  @Length(1, PHRASE_LIMITS.length)
  @Matches(/\S/, { message: 'text must not be blank' })
  text: string;

  @ApiPropertyOptional(KIND)
  @IsOptional()
  @IsIn(PHRASE_KINDS)
  kind?: PhraseKind | null;
}

export class PhraseChangeDto {
  @ApiPropertyOptional({ maxLength: PHRASE_LIMITS.length })
  @IsOptional()
  @IsString()
  @Length(1, PHRASE_LIMITS.length)
  @Matches(/\S/, { message: 'text must not be blank' })
  text?: string;

  @ApiPropertyOptional({ ...KIND, description: 'Null: offered for every use; omitted: unchanged' })
  @IsOptional()
  @IsIn(PHRASE_KINDS)
  kind?: PhraseKind | null;
}

export class PhraseDto implements PhraseView {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for a default phrase (offered while you have none of your own for that use)' })
  id: string | null;

  @ApiProperty(KIND)
  kind: PhraseKind | null;

  @ApiProperty()
  text: string;

  @ApiProperty({ description: 'A default phrase, not saved by you' })
  builtIn: boolean;
}
