import type { ReactNode } from 'react';
import { Alert, Typography } from 'antd';
import type { Problem } from '@jixiao/report';

const TYPE = { error: 'error', warning: 'warning', note: 'info' } as const;
const LABEL = { error: '错误', warning: '警告', note: '提示' } as const;

/**
 * The checks' answers that only say something is not filled in yet (a blank section, score or
 * amount). They still stop the request for review, but while a person is filling a form they are
 * progress, not mistakes: shown in a neutral colour unless asked for as errors (after a save).
 */
const UNFILLED = new Set(['SECTION.EMPTY', 'DATA_TABLE.MISSING', 'DATA_TABLE.REQUIRED', 'DATA_TABLE.REQUIRED_MISSING', 'INDICATORS.SCORE_BLANK', 'INDICATORS.RESULT_NOT_YET_COMPUTABLE', 'PROJECT_FORM.REQUIRED_MISSING', 'PROJECT_FORM.SCORE_BLANK']);

export function isUnfilled(problem: Pick<Problem, 'code'>): boolean {
  return UNFILLED.has(problem.code);
}

/** A field's status for antd: red only for what is wrong, never for what is merely not filled yet. */
export function fieldStatus(problems: readonly Problem[]): 'error' | 'warning' | undefined {
  const shown = problems.filter((p) => !isUnfilled(p));
  return shown.some((p) => p.severity === 'error') ? 'error' : shown.length > 0 ? 'warning' : undefined;
}

/**
 * Problems found by a check, each with its severity and, where it has them, the figures involved.
 * What is only not filled yet reads as 待填写 in grey; `strict` shows it as the error it is (after a save).
 * `after` adds what belongs to one problem right below it (a warning's acknowledgement).
 */
export function ProblemList<P extends Problem>({ problems, live, strict, after }: { problems: readonly P[]; live?: boolean; strict?: boolean; after?: (problem: P) => ReactNode }) {
  if (problems.length === 0) return null;
  return (
    <div role={live ? 'status' : undefined} aria-live={live ? 'polite' : undefined}>
      {problems.map((p, index) => (
        <div key={`${p.code}:${p.path}:${index}`}>
          {!strict && isUnfilled(p) ? (
            <Typography.Text type="secondary" data-testid="unfilled" style={{ display: 'block', marginTop: 4, fontSize: 13 }}>
              待填写：{p.message}
            </Typography.Text>
          ) : (
            <Alert type={TYPE[p.severity]} showIcon style={{ marginTop: 4, padding: '2px 8px' }} title={`${LABEL[p.severity]}：${p.message}`} />
          )}
          {after?.(p)}
        </div>
      ))}
    </div>
  );
}
