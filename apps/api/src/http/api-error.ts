import { CODES, type Code } from '@jixiao/workflow';

/** The body of every error answer. `code` is stable; `message` is its Chinese text for people. */
export interface ApiErrorBody {
  statusCode: number;
  code: Code;
  message: string;
  /** Fields at fault, for validation errors. */
  fields?: Array<{ field: string; problems: string[] }>;
  details?: Record<string, unknown>;
  requestId?: string;
}

/** An error the HTTP layer itself raises (validation, headers). The note goes to the log only. */
export class ApiError extends Error {
  constructor(
    readonly code: Code,
    note: string,
    readonly extra: Pick<ApiErrorBody, 'fields' | 'details'> = {},
  ) {
    super(note);
  }

  get statusCode(): number {
    return CODES[this.code].status;
  }
}
