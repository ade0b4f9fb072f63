import { ApiProperty } from '@nestjs/swagger';

export const SIGN_IN_OPTIONS = Symbol('SIGN_IN_OPTIONS');

class DemoAccountDto {
  @ApiProperty({ example: 'zzb.leader' })
  username: string;

  @ApiProperty({ example: '黄志强 (副部长)' })
  displayName: string;

  @ApiProperty({ example: '评价小组组长', description: 'The account’s roles in Chinese' })
  roles: string;
}

class DemoAccountGroupDto {
  @ApiProperty({ example: '中共湛江市霞山区委组织部' })
  organisation: string;

  @ApiProperty({ type: [DemoAccountDto] })
  accounts: DemoAccountDto[];
}

/** What the sign-in page may show before anyone signs in. */
export class SignInOptionsDto {
  @ApiProperty({ description: 'This start loads the demo data: the sign-in page lists the demo accounts. Never in production.' })
  demoAccounts: boolean;

  @ApiProperty({ type: [DemoAccountGroupDto], description: 'Every demo account by organisation; empty unless `demoAccounts`' })
  demoAccountGroups: DemoAccountGroupDto[];
}
