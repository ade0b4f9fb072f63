import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from './http-types';
import { ApiError } from './api-error';

/** Far deeper than any body the API declares (a few levels), far shallower than what overflows a recursive walker. */
export const MAX_INPUT_DEPTH = 64;
/** Enough to name what is wrong without echoing a whole hostile body back. */
const MAX_FIELDS_NAMED = 10;

const NUL = '\u0000';
/** A UTF-16 surrogate that is not half of a pair: not a character, and it has no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** NUL (PostgreSQL refuses it in text) or a lone surrogate: what no person types. Null when the text has neither. */
function unusableIn(text: string): string | null {
  if (text.includes(NUL)) return 'contains the NUL character (U+0000), which cannot be stored; remove it';
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `contains a lone surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}), which is not a character; send the text as valid Unicode`;
  return null;
}

interface Pending {
  value: unknown;
  field: string;
  depth: number;
}

const ANY_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source, 'g');
/** Any surrogate, paired or not: a key with none (and no NUL) is printable as it is. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** A field's path written as the validation pipe writes it: `group.remits.0.userId`. */
function join(parent: string, key: string | number): string {
  const name = String(key);
  const printable = name.includes(NUL) || SURROGATE.test(name) ? name.replaceAll(NUL, '\uFFFD').replace(ANY_LONE_SURROGATE, '\uFFFD') : name;
  return parent ? `${parent}.${printable}` : printable;
}

/**
 * Every string (keys too) of one part of the request that holds an unusable character, walked with an
 * explicit stack so that depth cannot overflow the call stack; throws REQUEST.TOO_DEEP past the limit.
 */
function unusableFields(root: unknown, depthOf: string): Array<{ field: string; problems: string[] }> {
  const found: Array<{ field: string; problems: string[] }> = [];
  const stack: Pending[] = [{ value: root, field: '', depth: 0 }];
  while (stack.length > 0 && found.length < MAX_FIELDS_NAMED) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unusableIn(value);
      if (problem) found.push({ field: field || depthOf, problems: [problem] });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      throw new ApiError('REQUEST.TOO_DEEP', `The ${depthOf} is nested more than ${MAX_INPUT_DEPTH} levels deep; no request of this API needs that.`, {
        details: { maxDepth: MAX_INPUT_DEPTH },
      });
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, item] = entries[i]!;
      const at = join(field, key);
      const keyProblem = typeof key === 'string' ? unusableIn(key) : null;
      if (keyProblem) found.push({ field: at, problems: [`the field name ${keyProblem}`] });
      stack.push({ value: item, field: at, depth: depth + 1 });
    }
  }
  return found;
}

/**
 * The one check of every request's input before anything else reads it (sign-in included, so it
 * runs before authentication): path parameters, query and JSON body may hold no NUL and no lone
 * surrogate, and nest no deeper than MAX_INPUT_DEPTH. Registered with `app.useGlobalGuards` so it
 * sees the route's named path parameters and runs ahead of the module's own guards.
 */
export class RequestInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const fields = [
      ...unusableFields(request.params ?? {}, 'path'),
      ...unusableFields(request.query ?? {}, 'query'),
      ...unusableFields(request.body, 'body'),
    ].slice(0, MAX_FIELDS_NAMED);
    if (fields.length > 0) {
      const names = fields.map((f) => f.field).join(', ');
      throw new ApiError('REQUEST.INVALID_CHARACTER', `Some text holds a character that cannot be stored (NUL or a lone surrogate): ${names}. Remove it and send again.`, { fields });
    }
    return true;
  }
}
