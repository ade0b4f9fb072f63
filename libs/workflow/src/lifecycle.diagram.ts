import type { AnyStateNode } from 'xstate';
import { lifecycleMachine } from './lifecycle.machine';

function mermaidId(node: AnyStateNode): string {
  return node.path.join('_');
}

function isInside(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  return ancestor.path.every((key, index) => node.path[index] === key);
}

/**
 * Writes the children of `node`. An edge is written inside the block of the deepest state that
 * holds both its ends: Mermaid places a state in the block where it is first named, so an edge
 * leaving a compound state must come after that block.
 */
function collect(node: AnyStateNode, lines: string[], indent: string): string[] {
  const outward: string[] = [];
  const edge = (from: AnyStateNode, to: AnyStateNode, label: string) => {
    const line = `${mermaidId(from)} --> ${mermaidId(to)}: ${label}`;
    if (node === lifecycleMachine.root || isInside(to, node)) lines.push(`${indent}${line}`);
    else outward.push(line);
  };
  const children = Object.values(node.states) as AnyStateNode[];
  for (const child of children) {
    if (Object.keys(child.states).length > 0) {
      lines.push(`${indent}state ${mermaidId(child)} {`);
      const initial = (child.config as { initial?: string }).initial;
      if (initial) lines.push(`${indent}  [*] --> ${mermaidId(child.states[initial]!)}`);
      const leaving = collect(child, lines, `${indent}  `);
      lines.push(`${indent}}`);
      for (const line of leaving) {
        if (node === lifecycleMachine.root) lines.push(`${indent}${line}`);
        else outward.push(line);
      }
    }
    if (child.type === 'final') lines.push(`${indent}${mermaidId(child)} --> [*]`);
  }
  for (const child of children) {
    for (const [event, transitions] of child.transitions) {
      for (const t of transitions) {
        const guard = t.guard as { type?: string } | string | undefined;
        const guardName = typeof guard === 'string' ? guard : guard?.type;
        const label = guardName ? `${event} [${guardName}]` : event;
        const targets = t.target && t.target.length > 0 ? t.target : [child];
        for (const target of targets) edge(child, target, label);
      }
    }
  }
  return outward;
}

/** The lifecycle as a Mermaid state diagram, generated from the machine so it cannot drift. */
export function lifecycleMermaid(): string {
  const root = lifecycleMachine.root;
  const lines = ['stateDiagram-v2', `  [*] --> ${mermaidId(root.states[(root.config as { initial: string }).initial]!)}`];
  collect(root, lines, '  ');
  return lines.join('\n');
}
