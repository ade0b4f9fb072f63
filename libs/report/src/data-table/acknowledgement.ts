import type { Problem } from '../problem';

/**
 * Identifies a problem together with its figures, so that an acknowledgement given for one
 * difference does not carry over to another once a figure changes.
 */
export function problemKey(problem: Problem): string {
  const figures = Object.entries(problem.figures ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([problem.code, problem.path, figures]);
}

/** What stops the request for review: every error, and every warning nobody has acknowledged. */
export function blockingProblems(problems: readonly Problem[], acknowledgedKeys: ReadonlySet<string>): Problem[] {
  return problems.filter((problem) => problem.severity === 'error' || (problem.severity === 'warning' && !acknowledgedKeys.has(problemKey(problem))));
}
