import type { WorkingDays } from '@jixiao/calendar';
import type { CaseDueFacts, DueItemKind } from '@jixiao/persistence';
import type { SectionState } from '@jixiao/workflow';
import { workingDaysUntil } from './working-days';

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

export interface UnitLateness extends LatenessParts {
  campaignId: string;
  caseId: string;
  unitId: string;
  unitName: string;
  state: string;
  deadline: string;
  today: string;
}

/** What a unit's lateness is made of: its sections, steps and people. */
export interface LatenessParts {
  /** Late first, then by due date, section and holder. */
  sections: SectionLateness[];
  /** Late first, then by due date. */
  steps: StepLateness[];
  /** Most late first. */
  people: PersonLateness[];
}

/** An open due item as the lateness needs it. */
export interface OpenItem {
  itemKey: string;
  kind: DueItemKind;
  sectionCode: string | null;
  recipientId: string;
  dueDate: string;
}

/**
 * Sorts a unit's open due items into sections by person, unit-level steps with all their holders,
 * and a line per person. Late: the due date is before today; working days late are counted on
 * `calendar` (0 when none has passed since, over a weekend say).
 */
export function latenessParts(input: {
  items: readonly OpenItem[];
  sections: CaseDueFacts['sections'];
  names: ReadonlyMap<string, string>;
  today: string;
  calendar: WorkingDays;
}): LatenessParts {
  const { items, sections, names, today, calendar } = input;
  const person = (userId: string): PersonRef => ({ userId, name: names.get(userId) ?? '' });
  const lateness = (item: OpenItem): Lateness => {
    const late = item.dueDate < today;
    return { dueDate: item.dueDate, late, workingDaysLate: late ? Math.max(0, -workingDaysUntil(calendar, today, item.dueDate)) : 0 };
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
    sections: sectionRows,
    steps,
    people: [...people.values()].sort((a, b) => b.late - a.late || b.mostWorkingDaysLate - a.mostWorkingDaysLate || a.name.localeCompare(b.name, 'zh')),
  };
}
