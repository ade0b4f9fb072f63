import type { AnyStateNode } from 'xstate';
import { lifecycleMachine } from './lifecycle.machine';

function mermaidId(node: AnyStateNode): string {
  return node.path.join('_');
}

function collect(node: AnyStateNode, lines: string[], indent: string): void {
  for (const child of Object.values(node.states) as AnyStateNode[]) {
    if (Object.keys(child.states).length > 0) {
      lines.push(`${indent}state ${mermaidId(child)} {`);
      const initial = (child.config as { initial?: string }).initial;
      if (initial) lines.push(`${indent}  [*] --> ${mermaidId(child.states[initial]!)}`);
      collect(child, lines, `${indent}  `);
      lines.push(`${indent}}`);
    }
    if (child.type === 'final') lines.push(`${indent}${mermaidId(child)} --> [*]`);
  }
  for (const child of Object.values(node.states) as AnyStateNode[]) {
    for (const [event, transitions] of child.transitions) {
      for (const t of transitions) {
        const guard = t.guard as { type?: string } | string | undefined;
        const guardName = typeof guard === 'string' ? guard : guard?.type;
        const label = guardName ? `${event} [${guardName}]` : event;
        const targets = t.target && t.target.length > 0 ? t.target : [child];
        for (const target of targets) lines.push(`${indent}${mermaidId(child)} --> ${mermaidId(target)}: ${label}`);
      }
    }
  }
}

/** The lifecycle as a Mermaid state diagram, generated from the machine so it cannot drift. */
export function lifecycleMermaid(): string {
  const root = lifecycleMachine.root;
  const lines = ['stateDiagram-v2', `  [*] --> ${mermaidId(root.states[(root.config as { initial: string }).initial]!)}`];
  collect(root, lines, '  ');
  return lines.join('\n');
}
