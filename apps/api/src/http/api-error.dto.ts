import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ApiErrorBody } from './api-error';

export class FieldProblemDto {
  @ApiProperty({ example: 'dueDate' })
  field: string;

  @ApiProperty({ type: [String] })
  problems: string[];
}

/** The one body of every refusal, as the exception filter writes it. */
export class ApiErrorDto implements ApiErrorBody {
  @ApiProperty({ example: 422 })
  statusCode: number;

  @ApiProperty({ description: 'Stable and machine-readable', example: 'CASE.CONDITIONS_NOT_MET' })
  code: string;

  @ApiProperty({ description: 'For people: what is wrong and what to do' })
  message: string;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'The fields at fault' })
  fields?: FieldProblemDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What the code needs said beyond the message (reasons, rows, current revision)' })
  details?: Record<string, unknown>;

  @ApiPropertyOptional()
  requestId?: string;
}

/** Every 4xx (and 5xx) answer carries the error body; put on each controller once. */
export function ApiErrorResponses(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiResponse({ status: '4XX', description: 'Refused: a stable code, a message and the fields at fault', type: ApiErrorDto }),
    ApiResponse({ status: '5XX', description: 'The server failed; logged', type: ApiErrorDto }),
  );
}

export class PageFieldsDto {
  @ApiProperty({ description: 'Items matching, over all pages' })
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}

export const DATE = { type: String, format: 'date', example: '2024-06-30' } as const;
export const DATE_TIME = { type: String, format: 'date-time' } as const;
export const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
