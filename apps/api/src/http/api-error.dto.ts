import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ALL_CODES, type Code } from '@jixiao/workflow';
import type { ApiErrorBody } from './api-error';

export class FieldProblemDto {
  @ApiProperty({ example: 'dueDate' })
  field: string;

  @ApiProperty({ type: [String] })
  problems: string[];
}

/** One reason why an action was refused, in `details.reasons`. */
export class ReasonDto {
  @ApiProperty({ enum: ALL_CODES, enumName: 'ErrorCode' })
  code: Code;

  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, description: "What the code's text needs" })
  params: Record<string, string | number>;

  @ApiProperty({ description: "The code's text with its parameters, in Chinese" })
  message: string;
}

/** The one body of every refusal, as the exception filter writes it. */
export class ApiErrorDto implements ApiErrorBody {
  @ApiProperty({ example: 422 })
  statusCode: number;

  @ApiProperty({ description: 'Stable and machine-readable', enum: ALL_CODES, enumName: 'ErrorCode', example: 'CASE.CONDITIONS_NOT_MET' })
  code: Code;

  @ApiProperty({ description: "For people, in Chinese: the code's text with its parameters filled in" })
  message: string;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'The fields at fault' })
  fields?: FieldProblemDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'What the code needs said beyond the message (rows, current revision); `reasons` lists each reason as { code, params, message } (see ReasonDto)',
  })
  details?: Record<string, unknown>;

  @ApiPropertyOptional()
  requestId?: string;
}

/** Every 4xx (and 5xx) answer carries the error body; put on each controller once. */
export function ApiErrorResponses(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ReasonDto),
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
