import { ApiProperty } from '@nestjs/swagger';
import { INVITATION_STATES, type InvitationState } from '@jixiao/evaluation';
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

export class PersonInvitationDto {
  @ApiProperty({ enum: INVITATION_STATES })
  state: InvitationState;

  @ApiProperty({ format: 'date-time' })
  sentAt: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
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

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ enum: ['active', 'invited', 'disabled'], description: 'invited: the person has not set a password through the invitation yet' })
  status: 'active' | 'invited' | 'disabled';

  @ApiProperty({ type: () => PersonInvitationDto, nullable: true, description: 'The latest invitation sent to the account' })
  invitation: PersonInvitationDto | null;
}

export class PeopleImportProblemDto {
  @ApiProperty({ description: 'The row as the spreadsheet numbers it (the header is row 1); 0 for the file as a whole' })
  row: number;

  @ApiProperty({ type: String, nullable: true, enum: ['姓名', '账号', '邮箱', '手机', '角色', '组室'], description: 'The column at fault' })
  field: string | null;

  @ApiProperty({ description: 'A stable code from the catalogue' })
  code: string;

  @ApiProperty({ description: 'The problem in Chinese, naming the row' })
  message: string;
}

export class ImportedPersonDto {
  @ApiProperty()
  row: number;

  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ type: String, nullable: true, description: 'The sub-office (组室) by name' })
  subOffice: string | null;
}

export class UpdatedPersonDto extends ImportedPersonDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ enum: ['displayName', 'email', 'phone', 'roles', 'subOffice'], isArray: true })
  changed: Array<'displayName' | 'email' | 'phone' | 'roles' | 'subOffice'>;
}

export class PeopleImportChangesDto {
  @ApiProperty({ type: [ImportedPersonDto], description: 'New people: each gets an invitation mail' })
  added: ImportedPersonDto[];

  @ApiProperty({ type: [UpdatedPersonDto] })
  updated: UpdatedPersonDto[];

  @ApiProperty({ description: 'Rows of people already there as the file says' })
  unchanged: number;

  @ApiProperty({ type: [String], description: 'Sub-offices (组室) the file names that the unit does not have yet: created' })
  subOffices: string[];
}

export class PeopleImportDto {
  @ApiProperty({ type: [PeopleImportProblemDto] })
  problems: PeopleImportProblemDto[];

  @ApiProperty({ type: PeopleImportChangesDto })
  changes: PeopleImportChangesDto;

  @ApiProperty({ description: 'Data rows read from the file' })
  rows: number;
}
