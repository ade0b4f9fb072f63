import { latenessParts, type OpenItem } from './unit-lateness';
import { WEEKENDS_ONLY } from './working-days';

// Monday 2026-12-07; Thursday 2026-12-03 is two working days back (Friday, Monday).
const TODAY = '2026-12-07';
const names = new Map([
  ['writer', '王撰写'],
  ['deputy', '李副组长'],
  ['leader', '张组长'],
  ['compiler', '赵汇编'],
]);
const sections = [
  { code: '1.1', title: '人员情况', state: 'drafting' as const, assigneeId: 'writer', dueDate: '2026-12-03' },
  { code: '1.2', title: '预算情况', state: 'submitted' as const, assigneeId: 'writer', dueDate: '2026-12-20' },
];
const item = (over: Partial<OpenItem> & Pick<OpenItem, 'recipientId' | 'dueDate'>): OpenItem => ({
  itemKey: `case:${over.kind ?? 'draft_section'}${over.sectionCode === null ? '' : `:${over.sectionCode ?? '1.1'}`}`,
  kind: 'draft_section',
  sectionCode: '1.1',
  ...over,
});
const parts = (items: OpenItem[], today = TODAY) => latenessParts({ items, sections, names, today, calendar: WEEKENDS_ONLY });

describe('who inside a unit is late with what', () => {
  it('marks a section task late after its due date, with the working days since, and names its holder and writer', () => {
    const { sections: rows } = parts([item({ recipientId: 'writer', dueDate: '2026-12-03' })]);
    expect(rows).toEqual([
      {
        code: '1.1',
        title: '人员情况',
        state: 'drafting',
        kind: 'draft_section',
        holder: { userId: 'writer', name: '王撰写' },
        assignee: { userId: 'writer', name: '王撰写' },
        dueDate: '2026-12-03',
        late: true,
        workingDaysLate: 2,
      },
    ]);
  });

  it('is not late on the due date itself, and late with 0 working days when only a weekend has passed', () => {
    expect(parts([item({ recipientId: 'writer', dueDate: TODAY })]).sections[0]).toMatchObject({ late: false, workingDaysLate: 0 });
    // Sunday, the task due on Saturday.
    expect(parts([item({ recipientId: 'writer', dueDate: '2026-12-05' })], '2026-12-06').sections[0]).toMatchObject({ late: true, workingDaysLate: 0 });
  });

  it('lists late tasks first, then by due date and section, and tells the approver from the writer', () => {
    const rows = parts([
      item({ recipientId: 'deputy', kind: 'approve_section', sectionCode: '1.2', dueDate: '2026-12-20' }),
      item({ recipientId: 'writer', dueDate: '2026-12-03' }),
    ]).sections;
    expect(rows.map((r) => [r.code, r.kind, r.holder.name, r.assignee?.name, r.late])).toEqual([
      ['1.1', 'draft_section', '王撰写', '王撰写', true],
      ['1.2', 'approve_section', '李副组长', '王撰写', false],
    ]);
  });

  it('gathers everyone who holds a step of the unit into one step', () => {
    const { steps, sections: rows } = parts([
      item({ itemKey: 'case:submit', kind: 'submit', sectionCode: null, recipientId: 'compiler', dueDate: '2026-12-04' }),
      item({ itemKey: 'case:submit', kind: 'submit', sectionCode: null, recipientId: 'leader', dueDate: '2026-12-04' }),
    ]);
    expect(rows).toEqual([]);
    expect(steps).toEqual([
      {
        kind: 'submit',
        // By name in Chinese order (pinyin): 张 (zhang) before 赵 (zhao), whatever order the items came in.
        holders: [
          { userId: 'leader', name: '张组长' },
          { userId: 'compiler', name: '赵汇编' },
        ],
        dueDate: '2026-12-04',
        late: true,
        workingDaysLate: 1,
      },
    ]);
  });

  it('counts per person what is open and late, most late first', () => {
    const { people } = parts([
      item({ recipientId: 'deputy', kind: 'approve_section', sectionCode: '1.2', dueDate: '2026-12-20' }),
      item({ recipientId: 'writer', dueDate: '2026-12-03' }),
      item({ recipientId: 'writer', sectionCode: '1.2', dueDate: '2026-12-01' }),
    ]);
    expect(people).toEqual([
      { userId: 'writer', name: '王撰写', open: 2, late: 2, mostWorkingDaysLate: 4 },
      { userId: 'deputy', name: '李副组长', open: 1, late: 0, mostWorkingDaysLate: 0 },
    ]);
  });
});
