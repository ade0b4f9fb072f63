import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PHONE_PATTERN } from '@jixiao/evaluation';
import { NewOfficerDto } from '../bureaus/bureau.dto';

const NOT_BLANK = /\S/;
const UNIT_TYPES = ['administrative', 'institution'] as const;

/** 'true' / 'false' in a query string; anything else stays as it is and fails validation. */
const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class DirectoryUnitsQuery {
  @ApiPropertyOptional({ description: 'Part of the name, a former name or the code' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;

  @ApiPropertyOptional({ default: false, description: 'List archived (撤并) units too' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  includeArchived: boolean = false;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 1000;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}

/** Type and contacts: shared by creating and changing a unit. An empty contact clears it. */
class UnitDetailsDto {
  @ApiPropertyOptional({ enum: UNIT_TYPES, nullable: true, description: 'administrative: 行政单位; institution: 事业单位' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsIn(UNIT_TYPES)
  unitType?: 'administrative' | 'institution' | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '陈晓梅' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(0, 50)
  contactName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '0759-2201001' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null && value !== '')
  @Matches(PHONE_PATTERN, { message: 'contactPhone must be 7 to 20 digits, spaces, dashes or parentheses' })
  contactPhone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'zzb@xiashan.example' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null && value !== '')
  @IsEmail()
  @Length(3, 254)
  contactEmail?: string | null;
}

export class NewUnitDto extends UnitDetailsDto {
  @ApiProperty({ example: '11440803007057123X', description: '统一社会信用代码 (18 characters, checked) or 预算单位编码 (3 to 15 digits)' })
  @IsString()
  @Length(1, 40)
  code: string;

  @ApiProperty({ example: '湛江市霞山区档案馆' })
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '主管部门: another active unit of the directory; null or absent: top level' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId?: string | null;
}

export class UnitPatchDto extends UnitDetailsDto {
  @ApiPropertyOptional({ description: '更名: the new name; the unit keeps its id, cases and history' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '调整主管部门; null: top level' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId?: string | null;
}

export class ArchiveUnitDto {
  @ApiProperty({ example: '并入区档案馆', description: 'Why the unit is archived (撤并)' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class DirectoryImportQuery {
  @ApiProperty({ enum: ['preview', 'apply'], description: 'preview: problems and changes, nothing written; apply: all of it in one transaction' })
  @IsIn(['preview', 'apply'])
  mode: 'preview' | 'apply';

  @ApiPropertyOptional({ default: false, description: 'Archive (撤并) the active units the file does not list' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  archiveMissing: boolean = false;

  @ApiPropertyOptional({ description: "The preview's digest: applying is refused (409) if the directory or the file changed since" })
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'digest must be the 32 hexadecimal characters a preview answered' })
  digest?: string;
}

/** A unit's administrator, invited by the bureau: the same fields as an invited finance officer. */
export class NewUnitAdministratorDto extends NewOfficerDto {}
