import type { AnyStateNode } from 'xstate';
import { lifecycleMermaid } from './lifecycle.diagram';
import { LIFECYCLE_EVENT_TYPES, lifecycleMachine } from './lifecycle.machine';

function allStateNodes(node: AnyStateNode = lifecycleMachine.root): AnyStateNode[] {
  return (Object.values(node.states) as AnyStateNode[]).flatMap((child) => [child, ...allStateNodes(child)]);
}

const diagram = lifecycleMermaid();
const lines = diagram.split('\n').map((line) => line.trim());
/** Every `from --> to: label` line, as [from, to, label]. */
const edges = lines.flatMap((line) => {
  const match = /^(\S+) --> (\S+?)(?:: (.*))?$/.exec(line);
  return match ? [[match[1], match[2], match[3] ?? '']] : [];
});
const mentioned = new Set(edges.flatMap(([from, to]) => [from, to]));

describe('lifecycleMermaid', () => {
  it('is a Mermaid state diagram that starts in notice_issued', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('[*] --> notice_issued');
  });

  const states = allStateNodes().map((node) => node.path.join('_'));

  it('walks all nine states of the machine', () => {
    expect(states).toHaveLength(9);
  });

  it.each(states)('names the state %s in a transition', (state) => {
    expect(mentioned).toContain(state);
  });

  it.each([...LIFECYCLE_EVENT_TYPES])('labels a transition with %s', (type) => {
    expect(edges.some(([, , label]) => label === type || label!.startsWith(`${type} [`))).toBe(true);
  });

  it.each([
    ['internal_review', 'internal_review', 'APPROVE [mayApprove]'],
    ['internal_review', 'self_assessment', 'RETURN [mayReturnInReview]'],
    ['submitted', 'self_assessment', 'RETURN [mayReturnSubmission]'],
    ['submitted_accepted', 'published', 'PUBLISH [mayPublish]'],
  ])('draws %s --> %s: %s', (from, to, label) => {
    expect(edges).toContainEqual([from, to, label]);
  });

  it('marks published as final', () => {
    expect(lines).toContain('published --> [*]');
  });

  it('draws one edge per transition of the machine', () => {
    const transitions = allStateNodes().flatMap((node) => [...node.transitions.values()].flat());
    expect(edges.filter(([, , label]) => label !== '')).toHaveLength(transitions.length);
  });

  it('is the same every time', () => {
    expect(lifecycleMermaid()).toBe(diagram);
  });

  it('writes an edge that leaves a compound state after its block, so the target stays outside it', () => {
    const start = lines.indexOf('state submitted {');
    const end = lines.indexOf('}', start);
    const inside = lines.slice(start, end).join('\n');
    expect(inside).not.toContain('published');
    expect(lines.slice(end)).toContain('submitted_accepted --> published: PUBLISH [mayPublish]');
  });
});
