import { ApiProperty } from '@nestjs/swagger';
import type { SubOfficeKind } from '@jixiao/persistence';
import { ROLES, type Role } from '@jixiao/workflow';

export class SubOfficeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['office', 'institution'], description: 'office: 组室; institution: 下属事业单位' })
  kind: SubOfficeKind;

  @ApiProperty()
  name: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['finance_bureau', 'unit', 'system'] })
  kind: 'finance_bureau' | 'unit' | 'system';

  @ApiProperty()
  name: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ type: [SubOfficeDto] })
  subOffices: SubOfficeDto[];
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  subOfficeId: string | null;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty()
  disabled: boolean;
}
