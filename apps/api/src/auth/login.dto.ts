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
