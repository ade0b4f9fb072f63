import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'zzb.leader' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'Jixiao@2024' })
  @IsString()
  @Length(1, 256)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the sign-in or the last refresh; it works once.' })
  @IsString()
  @Length(1, 512)
  refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  @ApiProperty({
    description: 'At least 10 characters, with at least 3 of: upper-case letters, lower-case letters, digits, symbols; not containing the user name.',
  })
  @IsString()
  @Length(1, 256)
  newPassword: string;
}
