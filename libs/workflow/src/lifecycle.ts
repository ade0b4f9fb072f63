import { createActor, initialTransition, type ActorScope, type AnyStateNode, type EventFromLogic, type SnapshotFrom, type StateValue } from 'xstate';
import {
  LIFECYCLE_RULES,
  LIFECYCLE_EVENT_TYPES,
  LIFECYCLE_MACHINE_VERSION,
  LATER_CONTEXT_DEFAULTS,
  lifecycleMachine,
  type LifecycleContext,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleGuardName,
  type LifecycleInput,
  type Refusal,
  ruleRefusals,
} from './lifecycle.machine';
import { whoRefusals } from './rules/case.rules';
import type { Actor } from './roles';

export type LifecycleSnapshot = SnapshotFrom<typeof lifecycleMachine>;

/** A snapshot as stored: plain JSON plus the machine version that wrote it. */
export interface PersistedLifecycle {
  machineVersion: number;
  snapshot: unknown;
}

export class UnknownMachineVersionError extends Error {
  override readonly name = 'UnknownMachineVersionError';
  readonly code = 'CASE.MACHINE_VERSION_UNKNOWN';

  constructor(readonly found: number) {
    super(`Stored lifecycle snapshot was written by machine version ${found}; this build runs version ${LIFECYCLE_MACHINE_VERSION}.`);
  }
}

export function startLifecycle(input: LifecycleInput): LifecycleSnapshot {
  const [snapshot] = initialTransition(lifecycleMachine, input);
  return snapshot;
}

export function persistLifecycle(snapshot: LifecycleSnapshot): PersistedLifecycle {
  return { machineVersion: LIFECYCLE_MACHINE_VERSION, snapshot: lifecycleMachine.getPersistedSnapshot(snapshot) };
}

export function restoreLifecycle(persisted: PersistedLifecycle): LifecycleSnapshot {
  if (persisted.machineVersion !== LIFECYCLE_MACHINE_VERSION) {
    throw new UnknownMachineVersionError(persisted.machineVersion);
  }
  // A context field added since the snapshot was stored reads as its default: no state was renamed, so the version stays.
  const stored = persisted.snapshot as Parameters<typeof lifecycleMachine.resolveState>[0];
  return lifecycleMachine.resolveState({ ...stored, context: { ...LATER_CONTEXT_DEFAULTS, ...stored.context } as LifecycleContext });
}

/** The state as one dotted name, e.g. `submitted.accepted`; what the database stores and filters on. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0]!;
  return child === undefined ? key : `${key}.${stateName(child as StateValue)}`;
}

function activeStateNodes(value: StateValue): AnyStateNode[] {
  const nodes: AnyStateNode[] = [];
  let node: AnyStateNode = lifecycleMachine.root;
  let rest: StateValue | undefined = value;
  while (rest !== undefined) {
    const [key, child]: [string, StateValue | undefined] =
      typeof rest === 'string' ? [rest, undefined] : (Object.entries(rest)[0] as [string, StateValue | undefined]);
    node = node.states[key]!;
    nodes.push(node);
    rest = child;
  }
  return nodes.reverse();
}

/** The guards of the transitions the current state offers for this event type; none when the state does not take it. */
export function guardNamesFor(snapshot: LifecycleSnapshot, type: LifecycleEventType): LifecycleGuardName[] {
  for (const node of activeStateNodes(snapshot.value)) {
    const transitions = node.transitions.get(type);
    if (transitions && transitions.length > 0) {
      return transitions.map((t) => {
        const guard = t.guard as { type?: string } | string | undefined;
        return (typeof guard === 'string' ? guard : guard?.type) as LifecycleGuardName;
      });
    }
  }
  return [];
}

/** Event types the current state handles at all, whoever sends them. */
export function acceptedEventTypes(snapshot: LifecycleSnapshot): LifecycleEventType[] {
  return LIFECYCLE_EVENT_TYPES.filter((type) => guardNamesFor(snapshot, type).length > 0);
}

/**
 * Event types this actor may send now as far as scope and role go. Conditions on facts (sections
 * approved, approvals collected) are not judged here: they are reported when the event is sent.
 */
export function eventsAvailableTo(snapshot: LifecycleSnapshot, actor: Actor): LifecycleEventType[] {
  return acceptedEventTypes(snapshot).filter((type) =>
    guardNamesFor(snapshot, type).some((name) =>
      whoRefusals(LIFECYCLE_RULES[name], snapshot.context, actor).length === 0,
    ),
  );
}

export type Decision =
  | { outcome: 'accepted'; from: string; to: string; next: LifecycleSnapshot }
  | { outcome: 'not_accepted_in_state'; state: string; acceptedEvents: LifecycleEventType[] }
  | { outcome: 'refused'; state: string; refusals: Refusal[] };

/** Decide an event without side effects: the next snapshot, or every reason it is refused. */
export function decide(snapshot: LifecycleSnapshot, event: LifecycleEvent): Decision {
  const from = stateName(snapshot.value);
  const guards = guardNamesFor(snapshot, event.type);
  if (guards.length === 0) {
    return { outcome: 'not_accepted_in_state', state: from, acceptedEvents: acceptedEventTypes(snapshot) };
  }
  if (!snapshot.can(event)) {
    const refusals = guards.flatMap((name) => ruleRefusals(name, snapshot.context, event));
    return { outcome: 'refused', state: from, refusals };
  }
  const next = lifecycleMachine.transition(snapshot, event, stepScope);
  return { outcome: 'accepted', from, to: stateName(next.value), next };
}

/**
 * The scope every step runs in, made once: xstate's `transition()` builds a whole actor (and its
 * initial snapshot) per call for the same purpose. The machine's actions are all `assign`s,
 * resolved into the next snapshot, so nothing runs through the scope; an action that would run
 * fails the step instead of being lost.
 */
const stepScope: ActorScope<LifecycleSnapshot, EventFromLogic<typeof lifecycleMachine>> = (() => {
  const self = createActor(lifecycleMachine, { input: { unitId: '', bureauId: '' } });
  return {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: (action) => {
      throw new Error(`The lifecycle machine only assigns; it has no action to run (${action.type}).`);
    },
  };
})();

export function contextOf(snapshot: LifecycleSnapshot): LifecycleContext {
  return snapshot.context;
}
