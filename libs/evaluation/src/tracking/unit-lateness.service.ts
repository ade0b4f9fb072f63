import { Inject, Injectable } from '@nestjs/common';
import type { WorkingDays } from '@jixiao/calendar';
import { DueItemStore, TrackingStore, Transactor, UserStore, type DueItemKind, type DueItemRow } from '@jixiao/persistence';
import type { SectionState } from '@jixiao/workflow';
import { Clock, shanghaiDate } from '../clock';
import { notFound } from '../errors';
import type { Principal } from '../principal';
import { CampaignAccess } from './campaign-access';
import { TRACKING_WORKING_DAYS, workingDaysUntil } from './working-days';

export interface PersonRef {
  userId: string;
  name: string;
}

/** How late an open task is: due today or later is not late; after that, the working days since. */
export interface Lateness {
  dueDate: string;
  late: boolean;
  /** Working days after the due date up to today; 0 while not late (and on a late task with no working day since). */
  workingDaysLate: number;
}

/** One person's open task on one section. */
export interface SectionLateness extends Lateness {
  code: string;
  title: string;
  state: SectionState;
  kind: DueItemKind;
  holder: PersonRef;
  /** Who writes the section (the holder of an approve_section task is an approver, not the writer). */
  assignee: PersonRef | null;
}

/** A step of the unit as a whole, with everyone who holds it (会签: every approver who has not yet approved). */
export interface StepLateness extends Lateness {
  kind: DueItemKind;
  holders: PersonRef[];
}

/** Per person: how many open tasks, how many late, and the most working days late. */
export interface PersonLateness extends PersonRef {
  open: number;
  late: number;
  mostWorkingDaysLate: number;
}

export interface UnitLateness {
  campaignId: string;
  caseId: string;
  unitId: string;
  unitName: string;
  state: string;
  deadline: string;
  today: string;
  /** Late first, then by due date. */
  sections: SectionLateness[];
  steps: StepLateness[];
  /** Most late first. */
  people: PersonLateness[];
}

/**
 * Who inside a unit is late with what, for the campaign's finance officers: the open due items of
 * the unit's case (the same items the reminders and 催办 use), by section and person, with the
 * unit-level steps and who holds them.
 */
@Injectable()
export class UnitLatenessService {
  constructor(
    private readonly transactor: Transactor,
    private readonly access: CampaignAccess,
    private readonly tracking: TrackingStore,
    private readonly dueItems: DueItemStore,
    private readonly users: UserStore,
    private readonly clock: Clock,
    @Inject(TRACKING_WORKING_DAYS) private readonly workingDays: WorkingDays,
  ) {}

  async lateness(principal: Principal, campaignId: string, unitId: string): Promise<UnitLateness> {
    const tx = this.transactor.manager;
    await this.access.managedCampaign(tx, principal, campaignId);
    const found = await this.tracking.caseOfUnit(tx, campaignId, unitId);
    if (!found) throw notFound('organisation', unitId);
    const [facts] = await this.dueItems.facts(tx, [found.caseId], { lock: false });
    const items = await this.dueItems.openOfCase(tx, found.caseId);
    const sections = facts?.sections ?? [];
    const ids = new Set([...items.map((i) => i.recipientId), ...sections.flatMap((s) => (s.assigneeId ? [s.assigneeId] : []))]);
    const names = new Map((await this.users.findByIds(tx, [...ids])).map((u) => [u.id, u.displayName]));
    const person = (userId: string): PersonRef => ({ userId, name: names.get(userId) ?? '' });
    const today = shanghaiDate(this.clock.now());
    const lateness = (item: DueItemRow): Lateness => {
      const late = item.dueDate < today;
      return { dueDate: item.dueDate, late, workingDaysLate: late ? Math.max(0, -workingDaysUntil(this.workingDays, today, item.dueDate)) : 0 };
    };
    const byLateness = <T extends Lateness>(a: T, b: T) => Number(b.late) - Number(a.late) || a.dueDate.localeCompare(b.dueDate);

    const sectionRows: SectionLateness[] = items
      .filter((i) => i.sectionCode !== null)
      .map((item) => {
        const section = sections.find((s) => s.code === item.sectionCode);
        return {
          ...lateness(item),
          code: item.sectionCode!,
          title: section?.title ?? '',
          state: section?.state ?? 'drafting',
          kind: item.kind,
          holder: person(item.recipientId),
          assignee: section?.assigneeId ? person(section.assigneeId) : null,
        };
      })
      .sort((a, b) => byLateness(a, b) || a.code.localeCompare(b.code, 'en', { numeric: true }) || a.holder.name.localeCompare(b.holder.name, 'zh'));

    const stepsByKey = new Map<string, StepLateness>();
    for (const item of items.filter((i) => i.sectionCode === null)) {
      const step = stepsByKey.get(item.itemKey) ?? { ...lateness(item), kind: item.kind, holders: [] };
      step.holders.push(person(item.recipientId));
      stepsByKey.set(item.itemKey, step);
    }
    for (const step of stepsByKey.values()) step.holders.sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.userId.localeCompare(b.userId));
    const steps = [...stepsByKey.values()].sort(byLateness);

    const people = new Map<string, PersonLateness>();
    for (const item of items) {
      const row = people.get(item.recipientId) ?? { ...person(item.recipientId), open: 0, late: 0, mostWorkingDaysLate: 0 };
      const { late, workingDaysLate } = lateness(item);
      row.open += 1;
      if (late) row.late += 1;
      row.mostWorkingDaysLate = Math.max(row.mostWorkingDaysLate, workingDaysLate);
      people.set(item.recipientId, row);
    }

    return {
      campaignId,
      caseId: found.caseId,
      unitId,
      unitName: found.unitName,
      state: found.state,
      deadline: found.deadline,
      today,
      sections: sectionRows,
      steps,
      people: [...people.values()].sort((a, b) => b.late - a.late || b.mostWorkingDaysLate - a.mostWorkingDaysLate || a.name.localeCompare(b.name, 'zh')),
    };
  }
}
