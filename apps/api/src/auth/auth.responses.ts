import { ApiProperty } from '@nestjs/swagger';
import { ROLES, SECURITY_EVENT_KINDS, SECURITY_OUTCOMES, type Role, type SecurityEventKind, type SecurityOutcome } from '@jixiao/workflow';
import { ANY_OBJECT, DATE_TIME, PageFieldsDto } from '../http/api-error.dto';

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'zzb.leader' })
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty()
  organisationName: string;

  @ApiProperty({ enum: ROLES, isArray: true, description: 'Roles in your own organisation' })
  roles: string[];

  @ApiProperty({ description: 'The password was chosen by someone else: change it (POST /api/auth/password) before anything else' })
  mustChangePassword: boolean;
}

export class SignInDto {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ ...DATE_TIME, description: 'When the access token expires; refresh before then' })
  expiresAt: string;

  @ApiProperty({ description: 'Works once: swap it at /api/auth/refresh for a new pair' })
  refreshToken: string;

  @ApiProperty({ ...DATE_TIME, description: 'When the session ends; refreshing never moves this' })
  refreshExpiresAt: string;

  @ApiProperty({ type: SessionUserDto })
  user: SessionUserDto;
}

export class PrincipalDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ enum: ['finance_bureau', 'unit', 'system'] })
  organisationKind: 'finance_bureau' | 'unit' | 'system';

  @ApiProperty()
  organisationName: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];
}

export class SecurityEventDto {
  @ApiProperty({ description: 'A number that grows with every event, as a string', example: '42' })
  id: string;

  @ApiProperty(DATE_TIME)
  at: string;

  @ApiProperty({ enum: SECURITY_EVENT_KINDS, enumName: 'SecurityEventKind' })
  kind: SecurityEventKind;

  @ApiProperty({ enum: SECURITY_OUTCOMES, enumName: 'SecurityOutcome' })
  outcome: SecurityOutcome;

  @ApiProperty({ type: String, nullable: true })
  userId: string | null;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;

  @ApiProperty({ type: String, nullable: true })
  sourceAddress: string | null;

  @ApiProperty(ANY_OBJECT)
  details: Record<string, unknown>;
}

export class SecurityEventPageDto extends PageFieldsDto {
  @ApiProperty({ type: [SecurityEventDto] })
  items: SecurityEventDto[];
}
