import { ApiProperty } from '@nestjs/swagger';
import type { InvitationState, SubOfficeKind } from '@jixiao/persistence';
import { ROLES, type Role } from '@jixiao/workflow';

export const INVITATION_STATES: readonly InvitationState[] = ['pending', 'expired', 'accepted', 'revoked'];

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
