import { codeText, isCode, textParams, type Code, type CodeParams } from '@jixiao/workflow';

/** A refusal reason as the API answers it: the code, what its text needs, and that text. */
export interface ReasonBody {
  code: Code;
  params: CodeParams;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Each reason of a refusal with its Chinese text. */
export function reasonBodies(reasons: readonly unknown[]): ReasonBody[] {
  return reasons.flatMap((reason) => {
    if (!isRecord(reason) || !isCode(reason.code)) return [];
    const params = isRecord(reason.params) ? (reason.params as CodeParams) : {};
    return [{ code: reason.code, params, message: codeText(reason.code, textParams(reason.code, params)) }];
  });
}
