/** A unit as the hierarchy sees it: its 主管部门 is `parentId`, null at the top level. */
export interface HierarchyNode {
  id: string;
  parentId: string | null;
  name: string;
}

const byName = (a: HierarchyNode, b: HierarchyNode) => a.name.localeCompare(b.name, 'zh-Hans-CN') || a.id.localeCompare(b.id);

/**
 * The units that form a cycle through their 主管部门, each cycle once, in the order of its links
 * (a unit, its parent, its parent's parent … back to the first). A parent outside `nodes` ends a chain.
 */
export function cycles(nodes: readonly HierarchyNode[]): string[][] {
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  const done = new Set<string>();
  const found: string[][] = [];
  for (const start of nodes) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let at: string | null | undefined = start.id;
    while (at != null && parentOf.has(at) && !done.has(at)) {
      if (onPath.has(at)) {
        found.push(path.slice(onPath.get(at)));
        break;
      }
      onPath.set(at, path.length);
      path.push(at);
      at = parentOf.get(at);
    }
    for (const id of path) done.add(id);
  }
  return found;
}

/**
 * Whether putting `unitId` under `parentId` would close a cycle: the chain from the new parent up to
 * the unit itself (parent first), or null when it would not.
 */
export function cycleIfMoved(nodes: readonly HierarchyNode[], unitId: string, parentId: string | null): string[] | null {
  if (parentId === null) return null;
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let at: string | null | undefined = parentId; at != null && !seen.has(at); at = parentOf.get(at)) {
    chain.push(at);
    seen.add(at);
    if (at === unitId) return chain;
  }
  return null;
}

/**
 * Each unit's 单位级次: 1 at the top level (or under a parent outside `nodes`), its parent's plus one
 * below. Units on a cycle, and those under one, have none: the hierarchy refuses cycles, so they
 * only appear in a file being checked.
 */
export function levels(nodes: readonly HierarchyNode[]): Map<string, number> {
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  const onCycle = new Set(cycles(nodes).flat());
  const level = new Map<string, number>();
  const levelOf = (id: string): number | undefined => {
    if (onCycle.has(id)) return undefined;
    const known = level.get(id);
    if (known !== undefined) return known;
    // Walk up to a unit whose level is known (or the top), then number the chain downwards.
    const chain: string[] = [];
    let at: string | null | undefined = id;
    let base = 0;
    while (at != null && parentOf.has(at)) {
      if (onCycle.has(at)) return undefined;
      const cached = level.get(at);
      if (cached !== undefined) {
        base = cached;
        break;
      }
      chain.push(at);
      at = parentOf.get(at);
    }
    for (let i = chain.length - 1; i >= 0; i -= 1) level.set(chain[i]!, base + chain.length - i);
    return level.get(id);
  };
  for (const node of nodes) levelOf(node.id);
  return level;
}

/**
 * The units in tree order: each top-level unit (by name) followed by its subordinates, depth first,
 * siblings by name. Units on a cycle, never reached from the top, come last by name.
 */
export function treeOrder<T extends HierarchyNode>(nodes: readonly T[]): T[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, T[]>();
  for (const node of nodes) {
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(node);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort(byName);
  const ordered: T[] = [];
  const placed = new Set<string>();
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (placed.has(node.id)) continue;
    placed.add(node.id);
    ordered.push(node);
    stack.push(...[...(children.get(node.id) ?? [])].reverse());
  }
  ordered.push(...nodes.filter((n) => !placed.has(n.id)).sort(byName));
  return ordered;
}
