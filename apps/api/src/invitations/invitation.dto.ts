import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { InvitationState } from '@jixiao/evaluation';

export class InvitationListQuery {
  @ApiPropertyOptional({ enum: ['pending', 'expired', 'accepted'], description: 'Only invitations in this state; all without it' })
  @IsOptional()
  @IsIn(['pending', 'expired', 'accepted'])
  state?: Exclude<InvitationState, 'revoked'>;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The new password: at least 10 characters, three of upper case, lower case, digits, symbols, not containing the user name' })
  @IsString()
  @Length(1, 256)
  password: string;
}
