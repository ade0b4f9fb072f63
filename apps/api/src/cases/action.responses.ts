import { ApiProperty } from '@nestjs/swagger';
import {
  CASE_ACTION_TYPES,
  DATA_TABLE_ACTION_TYPES,
  SCORES_ACTION_TYPES,
  SEALED_VERSION_ACTION_TYPES,
  SECTION_ACTION_TYPES,
  CODES,
  type Code,
} from '@jixiao/workflow';

export class ActionReasonDto {
  @ApiProperty({
    enum: ['scope', 'role', 'state', 'condition'],
    description: 'scope/role: not the caller’s to take; state: not at this step; condition: the caller’s, once the facts allow it',
  })
  kind: 'scope' | 'role' | 'state' | 'condition';

  @ApiProperty({ enum: Object.keys(CODES), enumName: 'ErrorCode', description: 'A code of the catalogue; its Chinese text takes the params' })
  code: Code;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: 'The values the text names (counts, state names, digests)',
  })
  params: Record<string, string | number>;

  @ApiProperty({ description: 'The code’s Chinese text with its params' })
  message: string;
}

export function actionDto(types: readonly string[], name: string) {
  class ActionDto {
    @ApiProperty({ enum: types, enumName: name })
    type: string;

    @ApiProperty({ description: 'Whether the caller may take it now' })
    available: boolean;

    @ApiProperty({ description: 'Taking it moves the case forward: while available, it is on the caller’s task list' })
    progress: boolean;

    @ApiProperty({ type: [ActionReasonDto], description: 'Every reason it is not available; empty when it is' })
    reasons: ActionReasonDto[];
  }
  Object.defineProperty(ActionDto, 'name', { value: `${name}Dto` });
  return ActionDto;
}

export const CaseActionDto = actionDto(CASE_ACTION_TYPES, 'CaseAction');
export const SectionActionDto = actionDto(SECTION_ACTION_TYPES, 'SectionAction');
export const DataTableActionDto = actionDto(DATA_TABLE_ACTION_TYPES, 'DataTableAction');
export const ScoresActionDto = actionDto(SCORES_ACTION_TYPES, 'ScoresAction');
export const SealedVersionActionDto = actionDto(SEALED_VERSION_ACTION_TYPES, 'SealedVersionAction');

