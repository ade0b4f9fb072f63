import { cycleIfMoved, cycles, levels, treeOrder, type HierarchyNode } from './hierarchy';

const unit = (id: string, parentId: string | null, name = id): HierarchyNode => ({ id, parentId, name });

describe('the directory hierarchy', () => {
  const tree = [unit('b1', 'a', '乙一'), unit('a', null, '甲'), unit('c', null, '丙'), unit('b2', 'a', '乙二'), unit('d', 'b1', '丁')];

  it('derives each unit’s level from its chain of 主管部门, the top being level 1', () => {
    expect(Object.fromEntries(levels(tree))).toEqual({ a: 1, c: 1, b1: 2, b2: 2, d: 3 });
  });

  it('counts a unit whose parent is outside the list as top level', () => {
    expect(levels([unit('x', 'elsewhere')]).get('x')).toBe(1);
  });

  it('orders the tree parent before children, siblings by name', () => {
    // Names in pinyin order: 丙 bǐng, 甲 jiǎ, 乙二 yǐ èr, 乙一 yǐ yī.
    expect(treeOrder(tree).map((n) => n.id)).toEqual(['c', 'a', 'b2', 'b1', 'd']);
    expect(treeOrder([unit('2', null, 'B'), unit('1', null, 'A'), unit('3', '2', 'C')]).map((n) => n.id)).toEqual(['1', '2', '3']);
  });

  it('finds no cycle in a tree', () => {
    expect(cycles(tree)).toEqual([]);
  });

  it('finds every cycle once, in the order of its links, and gives its units no level', () => {
    const looped = [unit('p', 'q'), unit('q', 'r'), unit('r', 'p'), unit('s', 's'), unit('t', 'p')];
    expect(cycles(looped)).toEqual([['p', 'q', 'r'], ['s']]);
    const derived = levels(looped);
    expect(['p', 'q', 'r', 's', 't'].map((id) => derived.get(id))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(treeOrder(looped)).toHaveLength(5);
  });

  it('refuses a move under the unit itself or one of its subordinates, naming the chain', () => {
    expect(cycleIfMoved(tree, 'a', 'd')).toEqual(['d', 'b1', 'a']);
    expect(cycleIfMoved(tree, 'a', 'a')).toEqual(['a']);
    expect(cycleIfMoved(tree, 'b1', 'c')).toBeNull();
    expect(cycleIfMoved(tree, 'b1', null)).toBeNull();
  });
});
