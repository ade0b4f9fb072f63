import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';

export class NewBureauDto {
  @ApiProperty({ example: '某某区财政局' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ example: '11310101MB0000000X', description: "The bureau's own code (统一社会信用代码 or another stable code)" })
  @IsString()
  @Length(1, 40)
  @Matches(/^\S+$/, { message: 'code must not contain spaces' })
  code: string;
}

export class NewOfficerDto {
  @ApiProperty({ example: 'czj.lisi', description: 'Letters, digits, dots, dashes and underscores' })
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores' })
  username: string;

  @ApiProperty({ example: '李四' })
  @IsString()
  @Length(1, 100)
  displayName: string;

  @ApiProperty({ description: 'The invitation goes to this address' })
  @IsEmail()
  @Length(3, 254)
  email: string;

  @ApiPropertyOptional({ example: '13812345678' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  phone?: string;
}
