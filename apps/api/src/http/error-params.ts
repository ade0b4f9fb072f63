import { codeText, isCode, roleLabels, type Code, type CodeParams } from '@jixiao/workflow';

/** A refusal reason as the API answers it: the code, what its text needs, and that text. */
export interface ReasonBody {
  code: Code;
  params: CodeParams;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Each reason of a refusal with its Chinese text; `{ code, message }` reasons get their params from the message. */
export function reasonBodies(reasons: readonly unknown[]): ReasonBody[] {
  return reasons.flatMap((reason) => {
    if (!isRecord(reason) || !isCode(reason.code)) return [];
    const given = isRecord(reason.params) ? { code: reason.code, params: reason.params as CodeParams } : null;
    const { code, params } = given ?? legacyReason(reason.code, typeof reason.message === 'string' ? reason.message : '');
    return [{ code, params, message: codeText(code, params) }];
  });
}

/**
 * Parameters read back from the English sentences the state machines still give their refusals.
 * Delete once the machines answer `{ code, params }`.
 */
export function legacyReason(code: Code, message: string): { code: Code; params: CodeParams } {
  const numbers = [...message.matchAll(/\d+/g)].map((m) => Number(m[0]));
  switch (code) {
    case 'SECTION.UNASSIGNED':
    case 'SECTION.NOT_APPROVED':
      return { code, params: numbers.length >= 2 ? { pending: numbers[0]!, total: numbers[1]! } : {} };
    case 'DATA_TABLE.HAS_ERRORS':
    case 'DATA_TABLE.WARNINGS_UNACKNOWLEDGED':
    case 'INDICATORS.HAS_ERRORS':
    case 'SECTION.TEMPLATE_TEXT':
      return { code, params: numbers.length >= 1 ? { count: numbers[0]! } : {} };
    case 'REVIEW.APPROVALS_MISSING':
      if (/^One approval/.test(message)) return { code: 'REVIEW.APPROVAL_MISSING', params: {} };
      return { code, params: numbers.length >= 1 ? { missing: numbers[0]! } : {} };
    case 'CASE.ROLE_NOT_ALLOWED': {
      const roles = /needs one of the roles: (.+)\.$/.exec(message);
      if (roles) return { code, params: { roles: roleLabels(roles[1]!.split(', ')) } };
      if (/finance bureau/.test(message)) return { code, params: { roles: '下发通知的财政局的人员' } };
      if (/unit/.test(message)) return { code, params: { roles: '评价任务所属单位的人员' } };
      return { code, params: {} };
    }
    default:
      return { code, params: {} };
  }
}
