import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class AddProjectDto {
  @ApiProperty({ format: 'uuid', description: 'A unit the campaign covers' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ example: 'P01', description: "The project's code, unique within the unit" })
  @IsString()
  @Length(1, 32)
  code: string;

  @ApiProperty({ example: '城乡居民医疗救助项目' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: '市民政局', description: '主管部门' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  competentDepartment?: string;

  @ApiPropertyOptional({ example: '市社会救助服务中心', description: '实施单位' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  implementingUnit?: string;
}

export class UnitFilingDto {
  @ApiProperty({ description: 'False: the unit files project forms only, without the department-wide report' })
  @IsBoolean()
  filesDepartmentReport: boolean;
}
