/** The body of every error answer. `code` is stable; `message` is for people. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  /** Fields at fault, for validation errors. */
  fields?: Array<{ field: string; problems: string[] }>;
  details?: Record<string, unknown>;
  requestId?: string;
}

/** An error the HTTP layer itself raises (validation, headers). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Pick<ApiErrorBody, 'fields' | 'details'> = {},
  ) {
    super(message);
  }
}
