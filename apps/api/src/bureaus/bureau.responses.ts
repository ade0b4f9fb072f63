import { ApiProperty } from '@nestjs/swagger';

export class BureauDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ description: 'Active finance officers' })
  officerCount: number;

  @ApiProperty({ description: "Units in the bureau's directory, archived ones left out" })
  unitCount: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
