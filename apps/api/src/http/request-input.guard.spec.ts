import type { ExecutionContext } from '@nestjs/common';
import { ApiError } from './api-error';
import { MAX_INPUT_DEPTH, RequestInputGuard } from './request-input.guard';

function contextOf(request: { params?: object; query?: object; body?: unknown }): ExecutionContext {
  return { getType: () => 'http', switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function refusal(request: { params?: object; query?: object; body?: unknown }): ApiError {
  try {
    new RequestInputGuard().canActivate(contextOf(request));
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the guard let the request through');
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('RequestInputGuard', () => {
  it('lets ordinary Chinese text, emoji (a surrogate pair) and numbers through', () => {
    const body = { name: '干部监督组', note: '按时完成 ✅ 👍', blocks: [{ type: 'table', rows: [['在职', '17']] }], expectedRevision: 3 };
    expect(new RequestInputGuard().canActivate(contextOf({ params: { id: 'x' }, query: { search: '单位' }, body }))).toBe(true);
  });

  it.each([
    ['a NUL', 'a\u0000b', 'U+0000'],
    ['a lone high surrogate', 'a\ud800b', 'U+D800'],
    ['a lone high surrogate at the end', 'ab\udbff', 'U+DBFF'],
    ['a lone low surrogate', '\udc00ab', 'U+DC00'],
    ['two high surrogates', '\ud83d\ud83d\udc4d', 'U+D83D'],
  ])('refuses %s, naming the field by its path', (_name, text, named) => {
    const error = refusal({ body: { group: { memberIds: ['ok', text] } } });
    expect({ status: error.statusCode, code: error.code, fields: error.extra.fields }).toEqual({
      status: 400,
      code: 'REQUEST.INVALID_CHARACTER',
      fields: [{ field: 'group.memberIds.1', problems: [expect.stringContaining(named)] }],
    });
  });

  it('names every part at fault: path parameters, query and field names too', () => {
    const error = refusal({ params: { code: '1.1\u0000' }, query: { search: 'x\u0000' }, body: { 'bad\u0000key': 1 } });
    expect(error.extra.fields!.map((f) => f.field)).toEqual(['code', 'search', 'bad\uFFFDkey']);
  });

  it('writes a path through keys as they are, but for a lone surrogate or a NUL in them', () => {
    const error = refusal({ body: { '备注👍': { 'x\ud800y': { 'a\u0000\udc00': 'z\u0000' } } } });
    expect(error.extra.fields!.map((f) => f.field)).toEqual(['备注👍.x\uFFFDy', '备注👍.x\uFFFDy.a\uFFFD\uFFFD', '备注👍.x\uFFFDy.a\uFFFD\uFFFD']);
  });

  it(`accepts ${MAX_INPUT_DEPTH} levels and refuses one more`, () => {
    expect(new RequestInputGuard().canActivate(contextOf({ body: nested(MAX_INPUT_DEPTH) }))).toBe(true);
    expect(refusal({ body: nested(MAX_INPUT_DEPTH + 1) }).code).toBe('REQUEST.TOO_DEEP');
  });

  it('refuses 100,000 levels without overflowing the stack', () => {
    const error = refusal({ body: JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) });
    expect({ status: error.statusCode, code: error.code }).toEqual({ status: 400, code: 'REQUEST.TOO_DEEP' });
  });
});
