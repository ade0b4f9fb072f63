import { eventsAvailableTo, type Actor, type LifecycleSnapshot } from '@jixiao/workflow';
import { conflict, type DomainError } from '../errors';

export function versionConflict(current: number, snapshot: LifecycleSnapshot, actor: Actor): DomainError {
  return conflict('CASE.VERSION_CONFLICT', 'Someone else changed this case first. Reload it and try again.', {
    currentVersion: current,
    allowedEvents: eventsAvailableTo(snapshot, actor),
  });
}

export function sectionConflict(current: number): DomainError {
  return conflict('SECTION.VERSION_CONFLICT', 'Someone else changed this section first. Reload it and try again.', { currentVersion: current });
}
