import { addCalendarDays, WorkingCalendar } from '@jixiao/calendar';
import { Clock, DueItemsService, ReminderSweep, TaskService } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { ApiClient, driveCase, issueCampaign } from '../support/api-client';
import { caseInSelfAssessment, dueItemsOf, outboxOf, shanghai, type OutboxRow } from '../support/reminders';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

/** The section a row is about, from its item key '<case>:<kind>:<section>@<person>'. */
const sectionOf = (row: OutboxRow) => row.item_key.split('@')[0]!.split(':')[2] ?? null;

describe('due items and the reminder sweep', () => {
  let t: TestApp;
  let world: World;
  let sweep: ReminderSweep;
  let api: ApiClient;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 3 });
    sweep = t.app.get(ReminderSweep);
    // Everything below is set up on 2024-02-01, before Spring Festival 2024; sweeps get their own time.
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => shanghai('2024-02-01', '10:00'));
    api = new ApiClient(t.server);
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const deadlines = { submissionDeadline: '2024-02-29', publicationDeadline: '2024-03-15' };

  it('fires each rung on its working day across Spring Festival 2024 and the adjusted working Sunday, never on the holiday', async () => {
    const unit = world.units[0]!;
    // 1.1 is due Monday 02-19, right after the holiday; 2.1 on Friday 02-09, right before it.
    const { campaignId } = await caseInSelfAssessment(api, unit, world.bureau.officer, deadlines, { '1.1': '2024-02-19', '2.1': '2024-02-09' });
    const who = (id: string) => (id === unit.member.id ? 'member' : id === unit.leader.id ? 'leader' : id === unit.deputy.id ? 'deputy' : id);
    const seen = new Set<string>();
    const byDay: Record<string, string[]> = {};
    for (let day = '2024-02-01'; day <= '2024-02-23'; day = addCalendarDays(day, 1)) {
      await sweep.run(shanghai(day, '07:00'), { campaignId });
      const fresh = (await outboxOf(t.app, campaignId)).filter((row) => !seen.has(row.id));
      for (const row of fresh) {
        seen.add(row.id);
        // Queued before working hours: each waits for 08:30 that day.
        expect(row.send_after.toISOString()).toBe(shanghai(day, '08:30').toISOString());
        const section = sectionOf(row);
        if (section !== '1.1' && section !== '2.1') continue;
        (byDay[day] ??= []).push(`${section} ${row.rule} → ${who(row.recipient_id)}`);
      }
      byDay[day]?.sort();
    }
    expect(byDay).toEqual({
      '2024-02-06': ['2.1 before-3 → member'],
      '2024-02-08': ['1.1 before-3 → member', '2.1 before-1 → member'],
      '2024-02-09': ['2.1 due-day → member'],
      // The adjusted working Sunday: one working day before 1.1 is due, and 2.1's first overdue day.
      '2024-02-18': ['1.1 before-1 → member', '2.1 overdue → member'],
      '2024-02-19': ['1.1 due-day → member', '2.1 escalation → deputy', '2.1 escalation → leader', '2.1 overdue → member'],
      '2024-02-20': ['1.1 overdue → member', '2.1 overdue → member'],
      // The deputy's remit is 2.1 only: 1.1 escalates to the group leader alone.
      '2024-02-21': ['1.1 escalation → leader', '1.1 overdue → member', '2.1 overdue → member'],
      '2024-02-22': ['1.1 overdue → member', '2.1 overdue → member'],
      '2024-02-23': ['1.1 overdue → member', '2.1 overdue → member'],
    });
    const rows = await outboxOf(t.app, campaignId);
    const escalation = rows.find((r) => r.kind === 'escalation' && sectionOf(r) === '1.1')!;
    expect(escalation.payload).toMatchObject({
      taskKind: 'draft_section',
      sectionCode: '1.1',
      dueDate: '2024-02-19',
      workingDaysLeft: -2,
      assigneeName: `u1.member ${world.tag}`,
      unitName: unit.name,
      link: `/cases/${escalation.case_id}/sections/1.1`,
      window: { start: '08:30', end: '17:30' },
    });
    // Sweeping the same day again, inside working hours, adds nothing; after hours nothing is queued.
    expect((await sweep.run(shanghai('2024-02-23', '10:00'), { campaignId })).total).toBe(0);
    expect((await sweep.run(shanghai('2024-02-26', '18:00'), { campaignId })).total).toBe(0);
    const later = await sweep.run(shanghai('2024-02-26', '10:00'), { campaignId });
    expect(later.total).toBeGreaterThan(0);
    const mondayRows = (await outboxOf(t.app, campaignId)).filter((r) => !seen.has(r.id));
    expect(mondayRows.every((r) => r.send_after.toISOString() === shanghai('2024-02-26', '10:00').toISOString())).toBe(true);
  });

  it('writes a large group page by page, each item once', async () => {
    const unit = world.units[2]!;
    const { campaignId } = await caseInSelfAssessment(api, unit, world.bureau.officer, deadlines, {});
    sweep.batchItems = 5;
    try {
      const result = await sweep.run(shanghai('2024-03-01', '09:00'), { campaignId });
      const rows = await outboxOf(t.app, campaignId);
      expect(result.batches).toBeGreaterThan(2);
      expect(rows.length).toBeGreaterThan(5);
      expect(result.total).toBe(rows.length);
      expect(rows.every((r) => r.rule === 'overdue')).toBe(true);
      expect(new Set(rows.map((r) => r.item_key)).size).toBe(rows.length);
    } finally {
      sweep.batchItems = 5000;
    }
  });

  it('mails nobody whose account is switched off, while the leaders still hear that the work is overdue', async () => {
    // A unit of its own: switching its member off must not touch the units the other tests use.
    // (A world has its own bureau, whose officer alone may address a notice to its units.)
    const ownWorld = await newWorld(t.app, { unitCount: 1 });
    const own = ownWorld.units[0]!;
    const { campaignId } = await caseInSelfAssessment(api, own, ownWorld.bureau.officer, deadlines, { '2.1': '2024-02-09' });
    expect((await api.post(own.admin, `/api/users/${own.member.id}/disable`)).status).toBe(200);
    for (const day of ['2024-02-06', '2024-02-09', '2024-02-19']) await sweep.run(shanghai(day, '07:00'), { campaignId });
    const rows = (await outboxOf(t.app, campaignId)).filter((r) => sectionOf(r) === '2.1');
    expect(rows.filter((r) => r.recipient_id === own.member.id)).toEqual([]);
    expect(rows.filter((r) => r.rule === 'escalation').map((r) => r.recipient_id).sort()).toEqual([own.deputy.id, own.leader.id].sort());
  });

  it('sends only the latest rung reached after the sweep was down for days', async () => {
    const unit = world.units[1]!;
    const { campaignId } = await caseInSelfAssessment(api, unit, world.bureau.officer, deadlines, { '1.1': '2024-02-19' });
    const result = await sweep.run(shanghai('2024-02-19', '07:00'), { campaignId });
    const rows = (await outboxOf(t.app, campaignId)).filter((r) => sectionOf(r) === '1.1');
    expect(rows.map((r) => r.rule)).toEqual(['due-day']);
    expect(result.enqueued.reminder).toBeGreaterThanOrEqual(1);
  });

  it('cancels pending reminders when the due date moves, reminds for the new one, and cancels them when the task is done', async () => {
    const unit = world.units[2]!;
    const { campaignId, caseId } = await caseInSelfAssessment(api, unit, world.bureau.officer, deadlines, { '1.1': '2024-02-19' });
    await sweep.run(shanghai('2024-02-08', '07:00'), { campaignId });
    const first = (await outboxOf(t.app, campaignId)).find((r) => sectionOf(r) === '1.1')!;
    expect(first).toMatchObject({ rule: 'before-3', status: 'pending', due_date: '2024-02-19' });

    const moved = await api.put(unit.leader, `/api/cases/${caseId}/sections/1.1/assignment`, { assigneeId: unit.member.id, dueDate: '2024-02-27' });
    expect(moved.status).toBe(200);
    const afterMove = (await outboxOf(t.app, campaignId)).filter((r) => sectionOf(r) === '1.1');
    expect(afterMove).toEqual([expect.objectContaining({ id: first.id, status: 'cancelled', cancel_reason: 'due_date_changed' })]);
    expect((await dueItemsOf(t.app, caseId)).find((d) => d.section_code === '1.1')).toMatchObject({ due_date: '2024-02-27', recipient_id: unit.member.id });

    // Nothing for the new date yet on 02-08; three working days before 02-27 is 02-22.
    await sweep.run(shanghai('2024-02-08', '10:00'), { campaignId });
    expect((await outboxOf(t.app, campaignId)).filter((r) => sectionOf(r) === '1.1' && r.status === 'pending')).toEqual([]);
    await sweep.run(shanghai('2024-02-22', '10:00'), { campaignId });
    const second = (await outboxOf(t.app, campaignId)).find((r) => sectionOf(r) === '1.1' && r.status === 'pending')!;
    expect(second).toMatchObject({ rule: 'before-3', due_date: '2024-02-27' });

    const submitted = await api.post(unit.member, `/api/cases/${caseId}/sections/1.1/events`, { type: 'SUBMIT' });
    expect(submitted.status).toBe(200);
    const done = (await outboxOf(t.app, campaignId)).find((r) => r.id === second.id)!;
    expect(done).toMatchObject({ status: 'cancelled', cancel_reason: 'done' });
    // Now the leader approves it (the deputy's remit is 2.1 only), and it escalates to nobody above the leader but the group's other leaders.
    const items = (await dueItemsOf(t.app, caseId)).filter((d) => d.section_code === '1.1');
    expect(items).toEqual([expect.objectContaining({ kind: 'approve_section', recipient_id: unit.leader.id, due_date: '2024-02-27', escalate_to: [] })]);
  });

  it('matches the task list: what a person has due is what /me/tasks lists', async () => {
    const unit = world.units[0]!;
    const tasks = await t.app.get(TaskService).forPrincipal({
      sessionId: 'x',
      userId: unit.member.id,
      username: unit.member.username,
      displayName: '',
      organisationId: unit.id,
      organisationKind: 'unit',
      organisationName: unit.name,
      roles: ['member'],
    });
    const listed = tasks.items.filter((i) => i.kind === 'draft_section').map((i) => `${i.caseId}:${i.sectionCode}:${i.dueDate}`).sort();
    const { caseIds } = { caseIds: [...new Set(tasks.items.map((i) => i.caseId))] };
    const stored = (await Promise.all(caseIds.map((id) => dueItemsOf(t.app, id))))
      .flat()
      .filter((d) => d.recipient_id === unit.member.id)
      .map((d) => `${d.item_key.split(':')[0]}:${d.section_code}:${d.due_date}`)
      .sort();
    expect(listed.length).toBeGreaterThan(0);
    expect(stored).toEqual(listed);
  });

  itOnRealServer('never queues a reminder for a task closed by a transaction still open when the sweep started', async () => {
    const unit = world.units[0]!;
    const { campaignId, caseId } = await caseInSelfAssessment(api, unit, world.bureau.officer, deadlines, { '1.1': '2024-02-19' });
    let sweeping: Promise<unknown> | null = null;
    await t.app.get(Transactor).run(async (tx) => {
      // The member submits 1.1 in this transaction, and its draft item closes, before the sweep of its due day starts.
      await tx.query(`UPDATE case_sections SET state = 'submitted', version = version + 1 WHERE case_id = $1 AND code = '1.1'`, [caseId]);
      await t.app.get(DueItemsService).refresh(tx, [caseId]);
      sweeping = sweep.run(shanghai('2024-02-19', '09:00'), { campaignId });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await sweeping;
    const rows = (await outboxOf(t.app, campaignId)).filter((r) => sectionOf(r) === '1.1');
    // Only the approvers' task of the submitted section is reminded; nothing for the closed draft.
    expect(rows.map((r) => r.item_key.split('@')[0]!.split(':')[1])).toEqual(rows.map(() => 'approve_section'));
    expect(rows.length).toBeGreaterThan(0);
  });

  itOnRealServer('two sweeps at once enqueue every reminder once', async () => {
    const unit = world.units[1]!;
    const { campaignId } = await caseInSelfAssessment(api, unit, world.bureau.officer, deadlines, {});
    // 02-29 is the deadline of every section: one day after it every item is overdue.
    const now = shanghai('2024-03-04', '09:00');
    // Small batches, so the sweeps also meet each other page by page.
    sweep.batchItems = 4;
    const results = await Promise.all([sweep.run(now, { campaignId }), sweep.run(now, { campaignId }), sweep.run(now, { campaignId })]).finally(() => {
      sweep.batchItems = 5000;
    });
    expect(results.every((r) => r.batches > 3)).toBe(true);
    const rows = (await outboxOf(t.app, campaignId)).filter((r) => r.rule === 'overdue' || r.rule === 'escalation');
    expect(rows.length).toBeGreaterThan(0);
    expect(results.reduce((sum, r) => sum + (r.enqueued.overdue ?? 0) + (r.enqueued.escalation ?? 0), 0)).toBe(rows.length);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(rows.length);
  });
});

describe('escalation of the unit’s submission and publication', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    unit = world.units[0]!;
  }, 60_000);
  afterAll(() => t.close());

  it('escalates a late submission to the group leader and the finance officer, and a late publication too', async () => {
    const { campaignId, caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    const officer = world.bureau.officer.id;
    const items = await dueItemsOf(t.app, caseId);
    const submitDeadline = items[0]!.due_date;
    expect(items.map((d) => ({ kind: d.kind, to: d.recipient_id, above: d.escalate_to }))).toEqual(
      expect.arrayContaining([
        { kind: 'submit', to: unit.compiler.id, above: [unit.leader.id, officer].sort() },
        { kind: 'submit', to: unit.leader.id, above: [officer] },
      ]),
    );
    expect(items).toHaveLength(2);

    const calendar = new WorkingCalendar();
    const escalationDay = calendar.addWorkingDays(submitDeadline, 2);
    await t.app.get(ReminderSweep).run(shanghai(escalationDay, '10:00'), { campaignId });
    const rows = await outboxOf(t.app, campaignId);
    const escalations = rows.filter((r) => r.kind === 'escalation').map((r) => `${r.item_key.endsWith(unit.compiler.id) ? 'compiler' : 'leader'} → ${r.recipient_id === officer ? 'officer' : 'leader'}`);
    expect(escalations.sort()).toEqual(['compiler → leader', 'compiler → officer', 'leader → officer']);
    expect(rows.filter((r) => r.kind === 'overdue').map((r) => r.recipient_id).sort()).toEqual([unit.compiler.id, unit.leader.id].sort());

    // Submitting closes both items and cancels what was still waiting to go out; the finance
    // officer now owes the unit an answer by the publication deadline.
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    expect((await outboxOf(t.app, campaignId)).every((r) => r.status === 'cancelled' && r.cancel_reason === 'done')).toBe(true);
    expect(await dueItemsOf(t.app, caseId)).toEqual([expect.objectContaining({ kind: 'review_submission', recipient_id: officer, escalate_to: [] })]);

    await t.api.event(world.bureau.officer, caseId, { type: 'ACCEPT' });
    const publish = await dueItemsOf(t.app, caseId);
    expect(publish).toEqual([expect.objectContaining({ kind: 'publish', recipient_id: unit.publisher.id, escalate_to: [unit.leader.id, officer].sort() })]);
  });
});
