import { ApiProperty } from '@nestjs/swagger';

export const SIGN_IN_OPTIONS = Symbol('SIGN_IN_OPTIONS');

/** What the sign-in page may show before anyone signs in. */
export class SignInOptionsDto {
  @ApiProperty({ description: 'This start loads the demo data: the sign-in page lists the demo accounts. Never in production.' })
  demoAccounts: boolean;
}
