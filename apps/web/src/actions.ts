import type { Schemas } from './api/views';

/** An action of a view (case, section, table, sealed version) as the API gives it for the signed-in person. */
export interface ViewAction {
  type: string;
  available: boolean;
  progress: boolean;
  reasons: Array<{ kind: 'scope' | 'role' | 'state' | 'condition'; code: string; params: Record<string, string | number>; message: string }>;
}

export type CaseAction = Schemas['CaseActionDto'];

/** The action of this type in a view's list, if the view names it. */
export function actionOf<A extends ViewAction>(actions: readonly A[] | undefined, type: A['type']): A | undefined {
  return actions?.find((a) => a.type === type);
}

/**
 * Whether to show an action's control: when the person may take it now, or when it is theirs but
 * the facts do not allow it yet (then disabled, with the reasons beside it). Nothing is shown for
 * a step that belongs to someone else or to another stage.
 */
export function isShown(action: ViewAction | undefined): action is ViewAction {
  return action !== undefined && (action.available || action.reasons.every((r) => r.kind === 'condition'));
}
