import { ApiProperty } from '@nestjs/swagger';
import type { DirectoryChangeView, DirectoryImportAnswer, DirectoryImportChanges, SheetProblem, UnitView } from '@jixiao/evaluation';
import type { DirectoryChangeKind, UnitType } from '@jixiao/persistence';
import { ANY_OBJECT, DATE_TIME, PageFieldsDto } from '../http/api-error.dto';

// Each class implements the service's view, so a field the service adds or retypes fails `tsc` here.

export class DirectoryUnitDto implements UnitView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ enum: ['credit_code', 'budget_code'], description: 'credit_code: 统一社会信用代码; budget_code: 预算单位编码' })
  codeKind: 'credit_code' | 'budget_code';

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '主管部门; null at the top level' })
  parentId: string | null;

  @ApiProperty({ type: String, nullable: true })
  parentName: string | null;

  @ApiProperty({ description: '单位级次, derived from the hierarchy: 1 at the top' })
  level: number;

  @ApiProperty({ enum: ['administrative', 'institution'], nullable: true, description: 'administrative: 行政; institution: 事业' })
  unitType: UnitType | null;

  @ApiProperty({ type: String, nullable: true })
  contactName: string | null;

  @ApiProperty({ type: String, nullable: true })
  contactPhone: string | null;

  @ApiProperty({ type: String, nullable: true })
  contactEmail: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When it was archived (撤并); null while active' })
  archivedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  archivedReason: string | null;

  @ApiProperty({ type: [String], description: 'Names it had before, oldest first' })
  formerNames: string[];

  @ApiProperty({ description: 'Active unit administrators' })
  adminCount: number;

  @ApiProperty({ description: 'Active units directly under it' })
  childCount: number;
}

export class DirectoryUnitPageDto extends PageFieldsDto {
  @ApiProperty({ type: [DirectoryUnitDto], description: 'In tree order: each unit before its subordinates, siblings by name' })
  items: DirectoryUnitDto[];
}

export class DirectoryChangeDto implements DirectoryChangeView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['created', 'renamed', 'moved', 'updated', 'archived', 'restored', 'imported'] })
  kind: DirectoryChangeKind;

  @ApiProperty({ ...ANY_OBJECT, nullable: true, description: 'The fields the change replaced' })
  before: Record<string, unknown> | null;

  @ApiProperty({ ...ANY_OBJECT, nullable: true, description: 'The fields as the change left them' })
  after: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  actorName: string | null;

  @ApiProperty(DATE_TIME)
  at: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The import that made the change, if one did' })
  importId: string | null;
}

export class DirectoryImportProblemDto implements SheetProblem {
  @ApiProperty({ description: 'The spreadsheet row (the header is row 1); 0 for the file as a whole' })
  row: number;

  @ApiProperty({ type: String, nullable: true, example: '单位代码', description: 'The column' })
  field: string | null;

  @ApiProperty({ example: 'DIRECTORY.CODE_CHECK_FAILED' })
  code: string;

  @ApiProperty({ description: 'What is wrong, in Chinese' })
  message: string;
}

class DirectoryAddedUnitDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) parentName: string | null;
}

class DirectoryRenamedUnitDto {
  @ApiProperty() code: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
}

class DirectoryMovedUnitDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The former 主管部门; null: top level' }) from: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The new 主管部门; null: top level' }) to: string | null;
}

class DirectoryUpdatedUnitDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String], example: ['联系人', '电话'] }) fields: string[];
}

class DirectoryNamedUnitDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

class DirectoryAdministratorDto {
  @ApiProperty() code: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
}

export class DirectoryImportChangesDto implements DirectoryImportChanges {
  @ApiProperty({ type: [DirectoryAddedUnitDto] }) added: DirectoryAddedUnitDto[];
  @ApiProperty({ type: [DirectoryRenamedUnitDto] }) renamed: DirectoryRenamedUnitDto[];
  @ApiProperty({ type: [DirectoryMovedUnitDto] }) moved: DirectoryMovedUnitDto[];
  @ApiProperty({ type: [DirectoryUpdatedUnitDto] }) updated: DirectoryUpdatedUnitDto[];
  @ApiProperty({ type: [DirectoryNamedUnitDto] }) archived: DirectoryNamedUnitDto[];
  @ApiProperty({ type: [DirectoryNamedUnitDto], description: 'Archived units the file lists again' }) restored: DirectoryNamedUnitDto[];
  @ApiProperty({ description: 'Units the file lists as they are' }) unchanged: number;
  @ApiProperty({ type: [DirectoryAdministratorDto], description: 'Unit administrators to create, each invited by mail' }) administrators: DirectoryAdministratorDto[];
}

export class DirectoryImportAnswerDto implements DirectoryImportAnswer {
  @ApiProperty({ type: [DirectoryImportProblemDto], description: 'Every problem of the file, by row; empty when it can be applied (and after applying)' })
  problems: DirectoryImportProblemDto[];

  @ApiProperty({ type: DirectoryImportChangesDto })
  changes: DirectoryImportChangesDto;

  @ApiProperty({ description: 'Data rows read' })
  rows: number;

  @ApiProperty({ type: String, nullable: true, description: "A preview's: pass it back as ?digest= when applying; null after applying" })
  digest: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "An applied import's id, marking its entries in the units' histories; null for a preview" })
  importId: string | null;
}
