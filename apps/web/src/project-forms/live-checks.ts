import { checkProjectForm, parseProjectForm, type Problem, type ProjectFormInput, type ProjectFormResult, type RulePack } from '@jixiao/report';

export interface LiveCheck {
  problems: Problem[];
  /** What the checks derive from the form as typed; null while the input cannot be read at all (then the saved result stands). */
  result: ProjectFormResult | null;
}

/** The same parse and checks the API runs on a save, with the campaign's rule pack, as the person types. */
export function liveCheck(input: ProjectFormInput, pack: RulePack): LiveCheck {
  const parsed = parseProjectForm(input);
  if (!parsed.ok) return { problems: parsed.errors.map((e) => ({ severity: 'error' as const, code: e.code, message: e.message, path: e.path })), result: null };
  return checkProjectForm(parsed.form, pack);
}
