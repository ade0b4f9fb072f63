import { codeText, isCode, type Code, type CodeParams, type Reason } from './codes';
import { roleLabels, SECTION_STATE_NAMES, stateLabel } from './names';
import type { SectionState } from './section-states';

/** Codes whose `details.state` is a section's state rather than the case's. */
const SECTION_STATE_CODES: ReadonlySet<Code> = new Set<Code>(['SECTION.TRANSITION_NOT_ALLOWED', 'SECTION.NOT_EDITABLE']);
const LISTED_AT_MOST = 5;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joined(items: readonly unknown[], separator: string): string {
  const shown = items.slice(0, LISTED_AT_MOST).map(String).join(separator);
  return items.length > LISTED_AT_MOST ? `${shown}${separator}……` : shown;
}

/** The reasons of a refusal that carry a known code, with their params (none where they gave none). */
export function reasonsOf(listed: unknown): Reason[] {
  if (!Array.isArray(listed)) return [];
  return listed.flatMap((reason) =>
    isRecord(reason) && isCode(reason.code) ? [{ code: reason.code, params: isRecord(reason.params) ? (reason.params as CodeParams) : {} }] : [],
  );
}

/**
 * The parameters of a code's text, from an error's details: plain values as they are, states and
 * roles in the words people use, lists joined. Details stay machine-readable; only the text is
 * worded here, the same way on the server and in the console.
 */
export function textParams(code: Code, details: Readonly<Record<string, unknown>>): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  if (typeof details.state === 'string') {
    params.state = SECTION_STATE_CODES.has(code) ? (SECTION_STATE_NAMES[details.state as SectionState] ?? details.state) : stateLabel(details.state);
  }
  if (typeof details.retryAfterSeconds === 'number') {
    params.retryAfterSeconds = Math.ceil(details.retryAfterSeconds);
    params.retryAfterMinutes = Math.ceil(details.retryAfterSeconds / 60);
  }
  const { fields, roles, codes, unitIds, problems, errors, reasons } = details;
  if (Array.isArray(fields)) params.fields = joined(fields.map((f) => (isRecord(f) ? f.field : f)), '、');
  if (Array.isArray(roles)) params.roles = roleLabels(roles.map(String));
  if (Array.isArray(codes)) params.codes = joined(codes, '、');
  if (Array.isArray(unitIds)) params.unitIds = joined(unitIds, '、');
  const listed = Array.isArray(problems) ? problems : Array.isArray(errors) ? errors : null;
  if (listed) {
    params.count = listed.length;
    params.list = joined(listed.map((p) => (isRecord(p) && typeof p.message === 'string' ? p.message : String(p))), '；');
  }
  if (Array.isArray(reasons)) params.reasons = reasonsOf(reasons).map((r) => codeText(r.code, r.params)).join('；');
  return params;
}
