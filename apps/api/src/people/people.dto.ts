import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@jixiao/workflow';

export class NewSubOfficeDto {
  @ApiProperty({ enum: ['office', 'institution'], description: 'office: 组室; institution: 下属事业单位' })
  @IsIn(['office', 'institution'])
  kind: 'office' | 'institution';

  @ApiProperty({ example: '干部监督组' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;
}

export class NewPersonDto {
  @ApiProperty({ example: 'zzb.zhangsan', description: 'Letters, digits, dots, dashes and underscores' })
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores' })
  username: string;

  @ApiProperty({ example: '张三 (组织一组)' })
  @IsString()
  @Length(1, 100)
  displayName: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @Length(3, 254)
  email?: string;

  @ApiPropertyOptional({
    description:
      'At least 10 characters, three of: upper case, lower case, digits, symbols. Without it the person gets an invitation mail ' +
      'with a link to set their own password (then `email` is required: 422 USER.EMAIL_REQUIRED).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  password?: string;

  @ApiPropertyOptional({ example: '13812345678', description: 'A mainland mobile number, or a landline with its area code (021-12345678); 422 USER.PHONE_INVALID otherwise' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  phone?: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  subOfficeId?: string;
}

export class UpdatePersonDto {
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: no sub-office' })
  @IsOptional()
  @ValidateIf((o: UpdatePersonDto) => o.subOfficeId !== null)
  @IsUUID()
  subOfficeId?: string | null;
}

export class PeopleImportQuery {
  @ApiProperty({ enum: ['preview', 'apply'], description: 'preview: problems and changes, nothing written; apply: all or nothing (422 USER.IMPORT_INVALID with every problem)' })
  @IsIn(['preview', 'apply'])
  mode: 'preview' | 'apply';
}
