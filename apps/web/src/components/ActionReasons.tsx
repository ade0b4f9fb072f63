import { Typography } from 'antd';
import type { ViewAction } from '../actions';
import { reasonText } from '../api/errors';

/** Why an action of the person's cannot be taken yet: every reason, each saying what to fix. */
export function ActionReasons({ action }: { action: ViewAction }) {
  if (action.available || action.reasons.length === 0) return null;
  return (
    <ul style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid={`reasons-${action.type}`}>
      {action.reasons.map((r) => (
        <li key={`${r.code}:${JSON.stringify(r.params)}`}>
          <Typography.Text type="secondary">{reasonText(r)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
