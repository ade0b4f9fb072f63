import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { WorkingCalendar } from '@jixiao/calendar';
import { shanghaiDate, workingDaysUntil } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { binary } from '../support/binary';
import { testToday } from '../support/clock';
import { driveCase, fullScoreSheet, inDays, issueCampaign } from '../support/api-client';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World } from '../support/world';

/**
 * The finance bureau's tracking view over a campaign with a unit in every lifecycle state, one
 * submitted late and one returned by the bureau, checked cell by cell; its filters, sorts and
 * pages; the export read back; re-checks, extensions and statistics; and who may see any of it.
 */
/** Where people open the console in these tests: the export links to the case pages under it. */
const CONSOLE = 'https://jixiao.example.gov.cn';

describe('campaign tracking', () => {
  let t: TestApp;
  let world: World;
  let stranger: World;
  let campaignId: string;
  let caseOf: (index: number) => string;
  let sectionCount: number;
  const today = testToday;
  // The service counts on the national calendar (holidays and 调休); no suite overrides a date this close.
  const NATIONAL = new WorkingCalendar([]);
  const yesterday = () => inDays(-1);
  const RETURN_REASON = '绩效目标表与预算批复不一致';

  /** What each unit's row must say, by unit index. */
  const STATES = [
    'notice_issued',
    'group_formed',
    'self_assessment',
    'internal_review',
    'sealed',
    'submitted.awaiting_acceptance',
    'submitted.accepted',
    'published',
    'self_assessment',
  ];

  async function tracking(query = '') {
    const response = await t.api.get(world.bureau.officer, `/api/campaigns/${campaignId}/tracking${query}`);
    expect(response.status).toBe(200);
    return response.body as { items: Array<Record<string, unknown>>; total: number; today: string };
  }

  const unitNames = (items: Array<Record<string, unknown>>) => items.map((i) => i.unitName);

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: CONSOLE });
    world = await newWorld(t.app, { unitCount: 9 });
    stranger = await newWorld(t.app, { unitCount: 1 });
    const officer = world.bureau.officer;
    const issued = await issueCampaign(t.api, officer, world.units.map((u) => u.id));
    campaignId = issued.campaignId;
    caseOf = (index) => issued.caseIds.get(world.units[index]!.id)!;
    const unit = (index: number) => world.units[index]!;
    // Submitted on time: accepted, published, and returned by the bureau.
    await driveCase(t.api, unit(6), officer, caseOf(6), 'submitted.accepted');
    await driveCase(t.api, unit(7), officer, caseOf(7), 'submitted.accepted');
    const sealed = await t.api.get(unit(7).publisher, `/api/cases/${caseOf(7)}`);
    await t.api.event(unit(7).publisher, caseOf(7), { type: 'PUBLISH', publishedSha256: sealed.body.sealedDigest });
    await driveCase(t.api, unit(8), officer, caseOf(8), 'submitted');
    await t.api.event(officer, caseOf(8), { type: 'RETURN', reason: RETURN_REASON });
    for (const [index, target] of [[1, 'group_formed'], [2, 'self_assessment'], [3, 'internal_review'], [4, 'sealed'], [5, 'sealed']] as const) {
      await driveCase(t.api, unit(index), officer, caseOf(index), target);
    }
    sectionCount = (await t.api.get(officer, `/api/cases/${caseOf(0)}`)).body.sections.length;
    // The deadline passes (the campaign's, as stored): unit 5 then submits late, the open units are overdue.
    await t.app.get(Transactor).manager.query(`UPDATE campaigns SET submission_deadline = $2 WHERE id = $1`, [campaignId, yesterday()]);
    await t.api.event(unit(5).compiler, caseOf(5), { type: 'SUBMIT' });
  }, 120_000);
  afterAll(() => t.close());

  it('shows every unit cell by cell: state, sections, deadline, submission, scores, returns, publication, link', async () => {
    const view = await tracking('?sort=unit&limit=50');
    expect(view.total).toBe(9);
    expect(view.today).toBe(today());
    const scored = (index: number) => index >= 3;
    const expected = world.units.map((unit, index) => {
      const state = STATES[index]!;
      const open = ['notice_issued', 'group_formed', 'self_assessment', 'internal_review', 'sealed'].includes(state);
      return {
        caseId: caseOf(index),
        unitId: unit.id,
        unitName: unit.name,
        unitCode: `U${index + 1}-${world.tag}`,
        state,
        sectionsApproved: index >= 3 ? sectionCount : 0,
        sectionsTotal: sectionCount,
        deadline: yesterday(),
        deadlineExtended: false,
        workingDaysLeft: workingDaysUntil(NATIONAL, today(), yesterday()),
        overdue: open,
        submissionStatus: index === 5 ? 'late' : index === 6 || index === 7 ? 'on_time' : 'not_submitted',
        selfScore: scored(index) ? '100' : null,
        grade: scored(index) ? '优' : null,
        recheckScore: null,
        recheckRemarks: null,
        returns: index === 8 ? 1 : 0,
        lastReturnReason: index === 8 ? RETURN_REASON : null,
        publicationStatus: index === 7 ? 'published' : index === 6 ? 'pending' : 'not_due',
        link: `${CONSOLE}/cases/${caseOf(index)}`,
      };
    });
    const byCase = new Map(view.items.map((item) => [item.caseId, item]));
    for (const row of expected) expect(byCase.get(row.caseId)).toMatchObject(row);
    for (const index of [5, 6, 7]) expect(byCase.get(caseOf(index))!.submittedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(byCase.get(caseOf(7))!.publishedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(byCase.get(caseOf(8))!.lastReturnedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(byCase.get(caseOf(8))!.submittedAt).toBeNull();
    // Every step was taken today by the service's clock (TEST_TODAY may pin it), not by the database server's.
    const taken = [5, 6, 7].map((i) => byCase.get(caseOf(i))!.submittedAt).concat(byCase.get(caseOf(7))!.publishedAt, byCase.get(caseOf(8))!.lastReturnedAt);
    expect(taken.map((at) => shanghaiDate(new Date(at as string)))).toEqual(Array(5).fill(today()));
  });

  it('sorts the most urgent first by default: overdue, then awaiting acceptance, accepted, published', async () => {
    const view = await tracking();
    expect(view.items.map((i) => i.state)).toEqual([
      'notice_issued', 'group_formed', 'self_assessment', 'internal_review', 'sealed', 'self_assessment',
      'submitted.awaiting_acceptance', 'submitted.accepted', 'published',
    ]);
    expect(view.items.slice(0, 6).every((i) => i.overdue === true)).toBe(true);
  });

  it('filters by state, overdue, returned, grade and unit name, in the database', async () => {
    expect(unitNames((await tracking('?state=submitted&sort=unit')).items)).toEqual([world.units[5]!.name, world.units[6]!.name]);
    expect((await tracking('?state=self_assessment')).total).toBe(2);
    expect((await tracking('?overdue=true')).total).toBe(6);
    expect((await tracking('?overdue=false')).total).toBe(3);
    expect(unitNames((await tracking('?returned=true')).items)).toEqual([world.units[8]!.name]);
    expect((await tracking('?grade=优')).total).toBe(6);
    expect((await tracking('?grade=差')).total).toBe(0);
    expect(unitNames((await tracking(`?unit=${encodeURIComponent(world.units[3]!.name)}`)).items)).toEqual([world.units[3]!.name]);
    expect((await tracking(`?unit=${encodeURIComponent('%')}`)).total).toBe(0);
  });

  it('sorts by unit, state, score and deadline in either direction, and pages', async () => {
    const names = world.units.map((u) => u.name).sort();
    expect(unitNames((await tracking('?sort=unit')).items)).toEqual(names);
    expect(unitNames((await tracking('?sort=unit&order=desc')).items)).toEqual([...names].reverse());
    const byState = (await tracking('?sort=state')).items.map((i) => i.state);
    expect(byState[0]).toBe('notice_issued');
    expect(byState.at(-1)).toBe('published');
    const byScore = (await tracking('?sort=score&order=desc')).items.map((i) => i.selfScore);
    expect(byScore).toEqual(['100', '100', '100', '100', '100', '100', null, null, null]);
    const all = (await tracking('?sort=unit')).items;
    const page = await tracking('?sort=unit&limit=3&offset=3');
    expect(page.total).toBe(9);
    expect(page.items.map((i) => i.caseId)).toEqual(all.slice(3, 6).map((i) => i.caseId));
    expect((await tracking('?sort=deadline')).total).toBe(9);
  });

  it('pages every sort and filter as slices of the whole view, each page with the count of every matching unit', async () => {
    // Ties on purpose: many units share an urgency, a deadline, a state rank or an empty score.
    for (const filter of ['', 'overdue=true&', 'state=submitted&', `unit=${encodeURIComponent(world.tag)}&`]) {
      for (const sort of ['urgency', 'unit', 'state', 'score', 'deadline']) {
        for (const order of ['asc', 'desc']) {
          const whole = await tracking(`?${filter}sort=${sort}&order=${order}`);
          const paged: unknown[] = [];
          for (let offset = 0; offset < whole.total; offset += 2) {
            const page = await tracking(`?${filter}sort=${sort}&order=${order}&limit=2&offset=${offset}`);
            expect(page.total).toBe(whole.total);
            paged.push(...page.items.map((i) => i.caseId));
          }
          expect(paged).toEqual(whole.items.map((i) => i.caseId));
        }
      }
    }
    expect((await tracking('?limit=2&offset=9')).items).toEqual([]);
  });

  it('refuses bad filters with 400 and the field at fault', async () => {
    for (const query of ['?state=lost', '?overdue=yes', '?sort=colour', '?limit=0', '?order=up']) {
      const response = await t.api.get(world.bureau.officer, `/api/campaigns/${campaignId}/tracking${query}`);
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 400, code: 'VALIDATION.FIELD_INVALID' });
    }
  });

  it('exports the filtered view to .xlsx with Chinese headers, date cells and numbers, row for row', async () => {
    const query = '?overdue=true&sort=unit';
    const view = await tracking(query);
    const response = await (await import('supertest'))
      .default(t.server)
      .get(`/api/campaigns/${campaignId}/tracking/export${query}&format=xlsx`)
      .set('Authorization', `Bearer ${await t.api.token(world.bureau.officer)}`)
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['单位名称', '单位代码', '状态', '已审定章节', '章节总数', '报送截止日期']);
    expect(sheet.rowCount - 1).toBe(view.items.length);
    view.items.forEach((item, index) => {
      const row = sheet.getRow(index + 2);
      const cell = (title: string) => row.getCell(header.indexOf(title) + 1).value;
      expect(cell('单位名称')).toBe(item.unitName);
      expect(cell('单位代码')).toBe(item.unitCode);
      expect(cell('章节总数')).toBe(item.sectionsTotal);
      expect(cell('已审定章节')).toBe(item.sectionsApproved);
      expect((cell('报送截止日期') as Date).toISOString().slice(0, 10)).toBe(item.deadline);
      expect(cell('距截止工作日')).toBe(item.workingDaysLeft);
      expect(cell('是否逾期')).toBe('是');
      expect(cell('自评分')).toBe(item.selfScore === null ? null : Number(item.selfScore));
      expect(cell('案卷链接')).toBe(`${CONSOLE}/cases/${item.caseId}`);
    });
  });

  it('exports to CSV with the same rows, Shanghai times and plain numbers', async () => {
    const view = await tracking('?state=submitted&sort=unit');
    const response = await (await import('supertest'))
      .default(t.server)
      .get(`/api/campaigns/${campaignId}/tracking/export?state=submitted&sort=unit&format=csv`)
      .set('Authorization', `Bearer ${await t.api.token(world.bureau.officer)}`)
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const workbook = new ExcelJS.Workbook();
    const sheet = await workbook.csv.read(Readable.from([text.slice(1)]));
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('报送时间');
    expect(sheet.rowCount - 1).toBe(view.items.length);
    view.items.forEach((item, index) => {
      const row = sheet.getRow(index + 2);
      const cell = (title: string) => row.getCell(header.indexOf(title) + 1).value;
      expect(cell('单位名称')).toBe(item.unitName);
      expect(cell('章节总数')).toBe(item.sectionsTotal);
      expect(cell('自评分')).toBe(Number(item.selfScore));
      const shanghai = new Date(new Date(item.submittedAt as string).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
      expect(cell('报送时间')).toBe(shanghai);
    });
  });

  it('records a re-check with an adjusted score and remarks on submitted cases only, in the history', async () => {
    const officer = world.bureau.officer;
    const recheck = await t.api.post(officer, `/api/cases/${caseOf(6)}/recheck`, { score: '86.5', remarks: '产出指标佐证不足' });
    expect(recheck.status).toBe(200);
    expect(recheck.body).toMatchObject({ recheckScore: '86.5', previousScore: null, selfScore: '100' });
    expect((await t.api.post(officer, `/api/cases/${caseOf(5)}/recheck`, { score: '70', remarks: '逾期且数据不全' })).status).toBe(200);
    const history = await t.api.get(officer, `/api/cases/${caseOf(6)}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'RECHECK', comment: '产出指标佐证不足', details: { score: '86.5', selfScore: '100' } });
    const row = (await tracking('?state=submitted.accepted')).items[0]!;
    expect(row).toMatchObject({ recheckScore: '86.5', recheckRemarks: '产出指标佐证不足' });

    const notSubmitted = await t.api.post(officer, `/api/cases/${caseOf(0)}/recheck`, { score: '80', remarks: '复核' });
    expect({ status: notSubmitted.status, code: notSubmitted.body.code }).toEqual({ status: 409, code: 'RECHECK.NOT_SUBMITTED' });
    for (const score of ['101', '-1', 'abc', '99.999']) {
      const bad = await t.api.post(officer, `/api/cases/${caseOf(6)}/recheck`, { score, remarks: '复核' });
      expect({ score, status: bad.status, code: bad.body.code }).toEqual({ score, status: 422, code: 'RECHECK.SCORE_OUT_OF_RANGE' });
    }
    const noRemarks = await t.api.post(officer, `/api/cases/${caseOf(6)}/recheck`, { score: '90', remarks: '  ' });
    expect({ status: noRemarks.status, code: noRemarks.body.code }).toEqual({ status: 422, code: 'RECHECK.REMARKS_REQUIRED' });
    const unitPerson = await t.api.post(world.units[6]!.leader, `/api/cases/${caseOf(6)}/recheck`, { score: '90', remarks: '复核' });
    expect(unitPerson.status).toBe(403);
    expect((await t.api.get(officer, `/api/cases/${caseOf(6)}/history`)).body.length).toBe(history.body.length);
  });

  it('refuses a return without a reason, writing nothing', async () => {
    const before = await t.api.get(world.bureau.officer, `/api/cases/${caseOf(5)}/history`);
    const response = await t.api.post(world.bureau.officer, `/api/cases/${caseOf(5)}/events`, { type: 'RETURN' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION.FIELD_INVALID');
    const blank = await t.api.post(world.bureau.officer, `/api/cases/${caseOf(5)}/events`, { type: 'RETURN', reason: '   ' });
    expect(blank.status).toBe(400);
    expect((await t.api.get(world.bureau.officer, `/api/cases/${caseOf(5)}/history`)).body.length).toBe(before.body.length);
  });

  it('extends one unit’s deadline with a reason, recorded in its history, and refuses shortening', async () => {
    const officer = world.bureau.officer;
    const path = `/api/campaigns/${campaignId}/deadline-extensions`;
    const extended = await t.api.post(officer, path, { caseId: caseOf(0), deadline: inDays(10), reason: '单位负责人出差' });
    expect(extended.status).toBe(200);
    expect(extended.body.extended).toEqual([{ caseId: caseOf(0), from: yesterday() }]);
    const row = (await tracking(`?unit=${encodeURIComponent(world.units[0]!.name)}`)).items[0]!;
    expect(row).toMatchObject({ deadline: inDays(10), deadlineExtended: true, overdue: false, workingDaysLeft: workingDaysUntil(NATIONAL, today(), inDays(10)) });
    const history = await t.api.get(officer, `/api/cases/${caseOf(0)}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'EXTEND_DEADLINE', comment: '单位负责人出差', details: { from: yesterday(), to: inDays(10) } });
    expect(shanghaiDate(new Date(history.body.at(-1).at))).toBe(today());
    const verified = await t.api.get(officer, `/api/cases/${caseOf(0)}/history/verify`);
    expect(verified.body.valid).toBe(true);
    // The extension reaches the guards too: a section may now be due up to the new deadline.
    const detail = await t.api.get(officer, `/api/cases/${caseOf(0)}`);
    expect(detail.body.submissionDeadline).toBe(inDays(10));

    const shorter = await t.api.post(officer, path, { caseId: caseOf(0), deadline: inDays(5), reason: '提前' });
    expect({ status: shorter.status, code: shorter.body.code }).toEqual({ status: 422, code: 'DEADLINE.SHORTENED' });
    const passedEarlier = await t.api.post(officer, path, { caseId: caseOf(1), deadline: inDays(-3), reason: '更正' });
    expect({ status: passedEarlier.status, code: passedEarlier.body.code }).toEqual({ status: 422, code: 'DEADLINE.SHORTENED' });
    const past = await t.api.post(officer, path, { caseId: caseOf(0), deadline: inDays(-1), reason: '更正' });
    expect({ status: past.status, code: past.body.code }).toEqual({ status: 422, code: 'DEADLINE.SHORTENED' });
    const submitted = await t.api.post(officer, path, { caseId: caseOf(6), deadline: inDays(20), reason: '延期' });
    expect({ status: submitted.status, code: submitted.body.code }).toEqual({ status: 409, code: 'DEADLINE.ALREADY_SUBMITTED' });
    const noReason = await t.api.post(officer, path, { caseId: caseOf(1), deadline: inDays(20) });
    expect(noReason.status).toBe(400);
    const foreignCase = await t.api.post(officer, path, { caseId: '00000000-0000-4000-8000-000000000000', deadline: inDays(20), reason: '延期' });
    expect(foreignCase.status).toBe(404);
    expect((await t.api.get(officer, `/api/cases/${caseOf(0)}/history`)).body.length).toBe(history.body.length);
  });

  it('extends every unit that has not submitted at once, keeping later deadlines and submitted units', async () => {
    const officer = world.bureau.officer;
    const response = await t.api.post(officer, `/api/campaigns/${campaignId}/deadline-extensions`, { deadline: inDays(7), reason: '系统维护，统一延期' });
    expect(response.status).toBe(200);
    // Units 1-4 and the returned unit 8; unit 0 already has a later deadline, units 5-7 submitted.
    expect(response.body.extended.map((e: { caseId: string }) => e.caseId).sort()).toEqual([1, 2, 3, 4, 8].map(caseOf).sort());
    expect((await tracking('?overdue=true')).total).toBe(0);
    const shorter = await t.api.post(officer, `/api/campaigns/${campaignId}/deadline-extensions`, { deadline: inDays(-2), reason: '更正' });
    expect({ status: shorter.status, code: shorter.body.code }).toEqual({ status: 422, code: 'DEADLINE.SHORTENED' });
  });

  it('computes statistics in SQL and sets two campaigns side by side', async () => {
    const officer = world.bureau.officer;
    const previous = await issueCampaign(t.api, officer, [world.units[0]!.id]);
    const response = await t.api.get(officer, `/api/campaigns/${campaignId}/statistics?compareWith=${previous.campaignId}`);
    expect(response.status).toBe(200);
    expect(response.body.campaign).toMatchObject({
      campaignId,
      units: 9,
      submitted: 3,
      onTime: 2,
      late: 1,
      onTimeRate: 0.2222,
      returnedUnits: 1,
      returns: 1,
      returnReasons: [{ reason: RETURN_REASON, returns: 1 }],
      selfScored: 6,
      averageSelfScore: '100',
      rechecked: 2,
      meanGap: '-21.75',
      meanAbsoluteGap: '21.75',
      largestAbsoluteGap: '30',
    });
    expect(response.body.campaign.grades).toEqual([
      { grade: '优', from: '90', to: '100', units: 6 },
      { grade: '良', from: '80', to: '90', units: 0 },
      { grade: '中', from: '60', to: '80', units: 0 },
      { grade: '差', from: '0', to: '60', units: 0 },
      { grade: null, from: null, to: null, units: 3 },
    ]);
    expect(response.body.compareWith).toMatchObject({ campaignId: previous.campaignId, units: 1, submitted: 0, onTimeRate: 0, returns: 0, meanGap: null });
    const foreign = await issueCampaign(t.api, stranger.bureau.officer, [stranger.units[0]!.id]);
    const hidden = await t.api.get(officer, `/api/campaigns/${campaignId}/statistics?compareWith=${foreign.campaignId}`);
    expect(hidden.status).toBe(404);
  });

  it('keeps the self-score on the case as the compiler saves the score sheet, once the sheet is complete', async () => {
    const unit = world.units[2]!;
    const row = async () => (await tracking(`?unit=${encodeURIComponent(unit.name)}`)).items[0]!;
    const sheet = fullScoreSheet();
    const partial = await t.api.put(unit.compiler, `/api/cases/${caseOf(2)}/indicator-scores`, { input: sheet.slice(1) });
    expect(partial.status).toBe(200);
    expect(partial.body.complete).toBe(false);
    expect(await row()).toMatchObject({ selfScore: null, grade: null });
    const lowered = sheet.map((s, index) => (index === 0 ? { ...s, score: String(Number(s.score) - 2), justification: '部分目标未完成' } : s));
    const complete = await t.api.put(unit.compiler, `/api/cases/${caseOf(2)}/indicator-scores`, { input: lowered });
    expect(complete.status).toBe(200);
    expect(await row()).toMatchObject({ selfScore: complete.body.total, grade: complete.body.grade });
    expect(complete.body.total).toBe('98');
    expect((await tracking('?sort=score&order=desc')).items.at(6)).toMatchObject({ unitName: unit.name, selfScore: '98' });
  });

  it('shows nothing to an officer of another bureau or an unbound colleague, and refuses the unit people of a covered unit', async () => {
    const paths = [
      `/api/campaigns/${campaignId}/tracking`,
      `/api/campaigns/${campaignId}/tracking/export?format=csv`,
      `/api/campaigns/${campaignId}/statistics`,
    ];
    for (const path of paths) {
      const outsider = await t.api.get(stranger.bureau.officer, path);
      expect({ path, status: outsider.status, code: outsider.body.code }).toEqual({ path, status: 404, code: 'CAMPAIGN.NOT_FOUND' });
      const unitPerson = await t.api.get(world.units[0]!.admin, path);
      expect({ path, status: unitPerson.status, code: unitPerson.body.code }).toEqual({ path, status: 403, code: 'CAMPAIGN.ROLE_NOT_ALLOWED' });
      const strangerUnit = await t.api.get(stranger.units[0]!.admin, path);
      expect(strangerUnit.status).toBe(404);
    }
    // A colleague in the same bureau sees the campaign only once bound to it.
    const colleague = { id: '', username: `colleague.${world.tag}`, roles: ['finance_officer' as const] };
    const created = await t.api.post(world.bureau.officer, `/api/organisations/${world.bureau.id}/users`, {
      username: colleague.username,
      displayName: '同科室科员',
      password: TEST_PASSWORD,
      roles: ['finance_officer'],
    });
    expect(created.status).toBe(201);
    colleague.id = created.body.id;
    expect((await t.api.get(colleague, `/api/campaigns/${campaignId}/tracking`)).status).toBe(404);
    expect((await t.api.post(world.bureau.officer, `/api/campaigns/${campaignId}/officers`, { userId: colleague.id })).status).toBe(200);
    expect((await t.api.get(colleague, `/api/campaigns/${campaignId}/tracking`)).body.total).toBe(9);

    const recheck = await t.api.post(stranger.bureau.officer, `/api/cases/${caseOf(6)}/recheck`, { score: '10', remarks: '越权' });
    expect(recheck.status).toBe(404);
    const extend = await t.api.post(stranger.bureau.officer, `/api/campaigns/${campaignId}/deadline-extensions`, { deadline: inDays(40), reason: '越权' });
    expect(extend.status).toBe(404);
  });
});

describe('concurrent extensions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  itOnRealServer('lets exactly one of ten identical extensions of a unit through, with one history record', async () => {
    const world = await newWorld(t.app, { unitCount: 1 });
    const officer = world.bureau.officer;
    const { campaignId, caseIds } = await issueCampaign(t.api, officer, [world.units[0]!.id]);
    const caseId = caseIds.get(world.units[0]!.id)!;
    await t.api.token(officer);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.api.post(officer, `/api/campaigns/${campaignId}/deadline-extensions`, { caseId, deadline: inDays(40), reason: '统一延期' })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(['DEADLINE.SHORTENED', 'CASE.VERSION_CONFLICT']).toContain(refused.body.code);
    }
    const history = await t.api.get(officer, `/api/cases/${caseId}/history`);
    expect(history.body.filter((h: { event: string }) => h.event === 'EXTEND_DEADLINE')).toHaveLength(1);
    expect((await t.api.get(officer, `/api/cases/${caseId}/history/verify`)).body.valid).toBe(true);
  });
});
