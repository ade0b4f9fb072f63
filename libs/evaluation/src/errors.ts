import { CODES, type Code } from '@jixiao/workflow';

/**
 * Errors a use case raises on purpose. Each carries a code from the catalogue (which gives the
 * HTTP status and the Chinese text people read), a note for developers that goes to the log only,
 * and details: what the text's parameters and the client need beyond the code.
 */
export class DomainError extends Error {
  constructor(
    readonly code: Code,
    note: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(note);
    this.name = 'DomainError';
  }

  get status(): number {
    return CODES[this.code].status;
  }
}

/** The code for each kind of object that may be missing (or hidden from the caller). */
const NOT_FOUND = {
  bureau: 'BUREAU.NOT_FOUND',
  campaign: 'CAMPAIGN.NOT_FOUND',
  case: 'CASE.NOT_FOUND',
  comment: 'COMMENT.NOT_FOUND',
  delegation: 'DELEGATION.NOT_FOUND',
  mail: 'MAIL.NOT_FOUND',
  organisation: 'ORGANISATION.NOT_FOUND',
  phrase: 'PHRASE.NOT_FOUND',
  project: 'PROJECT.NOT_FOUND',
  'project form': 'PROJECT_FORM.NOT_FOUND',
  'sealed version': 'SEALED_VERSION.NOT_FOUND',
  section: 'SECTION.NOT_FOUND',
  user: 'USER.NOT_FOUND',
} as const satisfies Record<string, Code>;

export type NotFoundObject = keyof typeof NOT_FOUND;

export const notFound = (what: NotFoundObject, id?: string) =>
  new DomainError(NOT_FOUND[what], `No ${what} with id ${id ?? '(malformed)'} exists, or you may not see it.`, id === undefined ? {} : { id });

export const forbidden = (code: Code, note: string, details: Record<string, unknown> = {}) => new DomainError(code, note, details);

export const conflict = (code: Code, note: string, details: Record<string, unknown> = {}) => new DomainError(code, note, details);

export const unprocessable = (code: Code, note: string, details: Record<string, unknown> = {}) => new DomainError(code, note, details);
