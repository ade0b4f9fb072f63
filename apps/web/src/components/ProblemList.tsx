import type { ReactNode } from 'react';
import { Alert } from 'antd';
import type { Problem } from '@jixiao/report';

const TYPE = { error: 'error', warning: 'warning', note: 'info' } as const;
const LABEL = { error: '错误', warning: '警告', note: '提示' } as const;

/**
 * Problems found by a check, each with its severity and, where it has them, the figures involved.
 * `after` adds what belongs to one problem right below it (a warning's acknowledgement).
 */
export function ProblemList<P extends Problem>({ problems, live, after }: { problems: readonly P[]; live?: boolean; after?: (problem: P) => ReactNode }) {
  if (problems.length === 0) return null;
  return (
    <div role={live ? 'status' : undefined} aria-live={live ? 'polite' : undefined}>
      {problems.map((p, index) => (
        <div key={`${p.code}:${p.path}:${index}`}>
          <Alert type={TYPE[p.severity]} showIcon style={{ marginTop: 4, padding: '2px 8px' }} title={`${LABEL[p.severity]}：${p.message}`} />
          {after?.(p)}
        </div>
      ))}
    </div>
  );
}
