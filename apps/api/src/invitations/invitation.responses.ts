import { ApiProperty } from '@nestjs/swagger';
import { INVITATION_STATES, type InvitationState } from '@jixiao/evaluation';

export class InvitationSentDto {
  @ApiProperty({ format: 'date-time' })
  sentAt: string;

  @ApiProperty({ format: 'date-time', description: '72 hours after sentAt' })
  expiresAt: string;
}

export class InvitationSenderDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  displayName: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The invited person' })
  userId: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty()
  organisationName: string;

  @ApiProperty({ enum: INVITATION_STATES })
  state: InvitationState;

  @ApiProperty({ format: 'date-time' })
  sentAt: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ type: InvitationSenderDto, nullable: true })
  sentBy: InvitationSenderDto | null;
}

export class InvitationLinkDto {
  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty()
  organisationName: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class InvitationAcceptedDto {
  @ApiProperty({ description: 'Sign in with this user name and the password just set' })
  username: string;
}
