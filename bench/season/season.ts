import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { scratchDatabase } from '../support/scratch-database';
import { DEMO_PROJECTS, SEED_REPORT_DATA_TABLE, SEED_REPORT_INCOME_ACKNOWLEDGEMENT, SEED_REPORT_SCORES, SEED_REPORT_SECTIONS } from '@jixiao/demo';
import { createDataSource, HistoryJournal, HistoryKeyring } from '@jixiao/persistence';
import { ROLE_NAMES, type Role } from '@jixiao/workflow';
import { directoryCsv, directoryRows } from '../../test/support/directory-file';
import { CapturingSmtpServer } from '../../test/support/mail';
import { BENCH_HISTORY_KEY } from '../history-key';
import { percentile, SeasonHttp, UnexpectedAnswer, type Answer } from './http';
import { freePort, startProcess, type SeasonProcess } from './service';

/**
 * A whole spring season through the real service: the directory imported, everyone invited and
 * signed in, a notice to every unit, each unit's group drafting, returning, fixing, sealing,
 * submitting and publishing, the bureau accepting, returning, re-checking, urging and extending,
 * on a clock that moves working day by working day; then the checks of what it all left behind.
 * `bench/season/run.ts` runs it at scale (npm run season); the integration test at 20 units.
 */
export interface SeasonOptions {
  /** The PostgreSQL server (any database on it): the season creates a database of its own there and drops it at the end. */
  serverUrl: string;
  /** The build: `<build>/apps/api/src/main.js` and `<build>/apps/worker/src/main.js`. */
  build: string;
  units: number;
  apiProcesses: number;
  workers: number;
  seed: number;
  /** Units acting at once. */
  concurrency: number;
  keepDatabase?: boolean;
  log?: (line: string) => void;
}

export interface SeasonCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SeasonReport {
  seconds: number;
  /** How many units went through each kind of event, as the season counted them. */
  facts: { published: number; sectionReturns: number; leaderReturns: number; bureauReturns: number; defectsCaught: number; rechecked: number; urgedByLeader: number; lateSubmissions: number; mails: number };
  units: number;
  errors: number;
  checks: SeasonCheck[];
  /** The report as printed, ending with the RESULT line. */
  lines: string[];
}

const PASSWORD = 'Season#Spring2026';
const DOMAIN = 'season.example';
/** The season's calendar: onboarding the week before, the notice on Monday 30 March 2026 (清明 and 劳动节 fall inside). */
const ONBOARDING_DAY = '2026-03-23';
const NOTICE_DAY = '2026-03-30';
const SECTION_DUE = '2026-04-17';
const SUBMISSION_DEADLINE = '2026-04-24';
const PUBLICATION_DEADLINE = '2026-05-15';
const LAST_DAY = '2026-06-30';
/**
 * The planted defects, each of a kind the checks refuse at the request for review: P01's total
 * budget one 万元 off the sum of its sources (PROJECT_FORM.FUNDING_SUM_MISMATCH, so
 * PROJECT_FORM.HAS_ERRORS), or the data table's total expenditure 18 万元 off basic plus project
 * spending (DATA_TABLE.HAS_ERRORS). Both figures are printed nowhere else, so a sealed version that
 * holds one holds the defect; the right ones (120.00, 2702.04) must be found in the sealed versions.
 */
const PLANTED_TOTAL = '121.00';
const RIGHT_TOTAL = '120.00';
const PLANTED_EXPENDITURE = '2720.04';
const RIGHT_EXPENDITURE = '2702.04';
const MEMBERS = 7;

type Person = { username: string; id: string; token: string | null };

interface UnitPlan {
  startDay: number;
  draftDays: number;
  planted: 'form' | 'table' | null;
  returnSection: boolean;
  leaderReturn: boolean;
  bureauReturn: boolean;
  recheck: boolean;
  /** Never gets past drafting: named at the end as not submitted. */
  stalls: boolean;
}

interface SimUnit {
  index: number;
  code: string;
  id: string;
  caseId: string;
  admin: Person;
  leader: Person;
  deputies: Person[];
  members: Person[];
  compiler: Person;
  sealKeeper: Person;
  publisher: Person;
  projectIds: string[];
  plan: UnitPlan;
  /** Working-day index from which the next step may run; null when the unit is done or stopped. */
  nextDay: number | null;
  step: Step;
  sectionCodes: string[];
  /** What happened to the unit, counted for the tracking check. */
  done: { defectCaught: boolean; sectionReturned: boolean; leaderReturned: boolean; bureauReturned: boolean; published: boolean; rechecked: boolean; urgedByLeader: boolean };
  extended: boolean;
  /** The working day of its latest submission. */
  submittedOn: number | null;
  failure: string | null;
}

type Step = 'form' | 'draft' | 'approve' | 'review' | 'decide' | 'waitBureau' | 'publish' | 'done';

/** mulberry32: a small seeded generator, so that a season can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shanghai = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

export async function runSeason(options: SeasonOptions): Promise<SeasonReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const rand = random(options.seed);
  const chance = (p: number) => rand() < p;
  const scratch = await scratchDatabase(options.serverUrl, 'season');
  const databaseUrl = scratch.url;
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-season-'));
  const clockFile = join(dir, 'clock');
  const setClock = (instant: Date) => {
    writeFileSync(`${clockFile}.next`, instant.toISOString());
    renameSync(`${clockFile}.next`, clockFile);
  };
  setClock(shanghai(ONBOARDING_DAY, '09:30'));
  const smtp = await new CapturingSmtpServer().start();
  const processes: SeasonProcess[] = [];
  const db = new Pool({ connectionString: databaseUrl, max: 2 });
  const phaseTimes: Array<{ phase: string; seconds: number; mails: number }> = [];
  const checks: SeasonCheck[] = [];
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    log(line);
  };
  let phaseStarted = performance.now();
  let phaseMails = 0;
  let http: SeasonHttp | null = null;
  const enterPhase = (phase: string) => {
    if (http) {
      phaseTimes.push({ phase: http.phase, seconds: (performance.now() - phaseStarted) / 1000, mails: smtp.messages.length - phaseMails });
      http.phase = phase;
    }
    phaseStarted = performance.now();
    phaseMails = smtp.messages.length;
  };
  print(`season: ${options.units} units, ${options.apiProcesses} api process(es), ${options.workers} worker(s), ${options.concurrency} units at once, seed ${options.seed} (replay: SEASON_SEED=${options.seed})`);
  try {
    const env = {
      PATH: process.env.PATH ?? '',
      // A build outside the checkout (the integration test's) finds the packages here.
      NODE_PATH: process.env.NODE_PATH ?? join(process.cwd(), 'node_modules'),
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      HISTORY_KEY: BENCH_HISTORY_KEY,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'http://season.example',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      JIXIAO_TEST_CLOCK_FILE: clockFile,
      // Everyone signs in from one address here, as an office behind one gateway would. Sessions
      // keep their production lengths: the clock moves a working day at a time, so a person who
      // comes back another day finds the session ended and signs in again.
      AUTH_SIGNIN_MAX_PER_ADDRESS: '100000',
      // A day's work is one moment of the product's clock: the officer's session sends hundreds of
      // requests within one of its minutes.
      API_MAX_REQUESTS_PER_MINUTE: '1000000',
      WORKER_POLL_INTERVAL_MS: '200',
      MAIL_BATCH_SIZE: '200',
    };
    const port = await freePort();
    const api = startProcess('api', join(options.build, 'apps/api/src/main.js'), { ...env, PORT: String(port), API_PROCESSES: String(options.apiProcesses), DATABASE_POOL_MAX: '10' });
    processes.push(api);
    await api.waitFor(/Jixiao is ready/, 120_000);
    const firstUser = (await api.waitFor(/user name:\s+(\S+)/, 10_000))[1]!;
    const firstPassword = (await api.waitFor(/one-time password:\s+(\S+)/, 10_000))[1]!;
    for (let w = 0; w < options.workers; w++) {
      const worker = startProcess(`worker ${w + 1}`, join(options.build, 'apps/worker/src/main.js'), { ...env, DATABASE_POOL_MAX: '5' });
      processes.push(worker);
      await worker.waitFor(/Jixiao worker \d+ is running/, 60_000);
    }
    http = new SeasonHttp(`http://127.0.0.1:${port}`);
    const web = http;
    enterPhase('onboarding');

    // ---- who signs in -------------------------------------------------------------------------
    const signIn = async (person: Person) => {
      person.token = (await web.send('POST', '/api/auth/login', { json: { username: person.username, password: PASSWORD } })).body.accessToken;
    };
    /** A request as `person`, signing in first when the person has no session or it ended (a new day). */
    const as = async (person: Person, method: string, path: string, json?: unknown, expect?: readonly number[]): Promise<Answer> => {
      if (person.token === null) await signIn(person);
      try {
        return await web.send(method, path, { token: person.token!, json, expect });
      } catch (error) {
        if (!(error instanceof UnexpectedAnswer) || error.status !== 401) throw error;
        await signIn(person);
        return web.send(method, path, { token: person.token!, json, expect });
      }
    };
    const mailsTo = async (count: number, what: string) => {
      const deadline = Date.now() + 60_000 + count * 200;
      while (smtp.messages.length < count) {
        if (Date.now() > deadline) throw new Error(`${what}: ${smtp.messages.length} of ${count} mails arrived`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const invitationOf = (email: string) => {
      const mail = [...smtp.messages].reverse().find((m) => m.to.includes(email) && /\/invite\//.test(m.text));
      if (!mail) throw new Error(`no invitation mail to ${email}`);
      return /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    };
    const accept = async (email: string) => web.send('POST', `/api/invitations/${invitationOf(email)}/accept`, { json: { password: PASSWORD } });
    const pool = async <T>(items: readonly T[], fn: (item: T) => Promise<void>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(options.concurrency, items.length) }, async () => {
          while (next < items.length) await fn(items[next++]!);
        }),
      );
    };

    // ---- the bureau and its directory ----------------------------------------------------------
    const first = (await web.send('POST', '/api/auth/login', { json: { username: firstUser, password: firstPassword } })).body.accessToken as string;
    await web.send('POST', '/api/auth/password', { token: first, json: { currentPassword: firstPassword, newPassword: PASSWORD }, expect: [204] });
    const system: Person = { username: firstUser, id: '', token: null };
    const bureau = (await as(system, 'POST', '/api/bureaus', { name: '霞山区财政局', code: 'XSCZJ' })).body;
    await as(system, 'POST', `/api/bureaus/${bureau.id}/officers`, { username: 'season.officer', displayName: '绩效科 陈科长', email: `officer@${DOMAIN}` });
    await mailsTo(1, 'the officer’s invitation');
    await accept(`officer@${DOMAIN}`);
    const officer: Person = { username: 'season.officer', id: '', token: null };
    const rows = directoryRows(options.units, DOMAIN);
    const file = directoryCsv(rows);
    await signIn(officer);
    const preview = await web.send('POST', '/api/directory/import?mode=preview', { token: officer.token!, raw: file, contentType: 'text/csv' });
    if (preview.body.problems.length > 0) throw new Error(`the directory file has problems: ${JSON.stringify(preview.body.problems.slice(0, 3))}`);
    await web.send('POST', `/api/directory/import?mode=apply&digest=${encodeURIComponent(preview.body.digest)}`, { token: officer.token!, raw: file, contentType: 'text/csv' });
    await mailsTo(1 + options.units, 'the administrators’ invitations');
    const directory = new Map<string, string>();
    for (let offset = 0; ; offset += 1000) {
      const page = (await as(officer, 'GET', `/api/directory/units?limit=1000&offset=${offset}`)).body;
      for (const unit of page.items as Array<{ id: string; code: string }>) directory.set(unit.code, unit.id);
      if (offset + 1000 >= page.total) break;
    }

    // ---- each unit's people -------------------------------------------------------------------
    const units: SimUnit[] = [];
    const roles: Array<[string, Role]> = [
      ['leader', 'group_leader'],
      ['deputy1', 'deputy_leader'],
      ['deputy2', 'deputy_leader'],
      ...Array.from({ length: MEMBERS }, (_, m) => [`member${m + 1}`, 'member'] as [string, Role]),
      ['compiler', 'compiler'],
      ['seal', 'seal_keeper'],
      ['publisher', 'publisher'],
    ];
    let invitedPeople = 1 + options.units;
    await pool(rows, async (row) => {
      const person = (suffix: string): Person => ({ username: `u${row.code}.${suffix}`, id: '', token: null });
      const unitAdmin = person('admin');
      await accept(row.email);
      const unitId = directory.get(row.code)!;
      const csv = [
        '姓名,账号,邮箱,手机,角色,组室',
        ...roles.map(([suffix, role], i) => `${row.contact}${i + 1},u${row.code}.${suffix},${suffix}.${row.code}@${DOMAIN},,${ROLE_NAMES[role]},${role === 'member' ? '业务科' : '办公室'}`),
      ].join('\r\n');
      if (unitAdmin.token === null) await signIn(unitAdmin);
      const bytes = Buffer.from(`${csv}\r\n`, 'utf8');
      const previewed = await web.send('POST', `/api/organisations/${unitId}/users/import?mode=preview`, { token: unitAdmin.token!, raw: bytes, contentType: 'text/csv' });
      if (previewed.body.problems?.length > 0) throw new Error(`people of ${row.code}: ${JSON.stringify(previewed.body.problems.slice(0, 3))}`);
      await web.send('POST', `/api/organisations/${unitId}/users/import?mode=apply`, { token: unitAdmin.token!, raw: bytes, contentType: 'text/csv' });
      const listed = (await as(unitAdmin, 'GET', `/api/organisations/${unitId}/users?limit=100`)).body;
      const ids = new Map<string, string>((listed.items ?? listed).map((u: { username: string; id: string }) => [u.username, u.id]));
      const named = (suffix: string): Person => ({ ...person(suffix), id: ids.get(`u${row.code}.${suffix}`)! });
      const index = units.length;
      units.push({
        index,
        code: row.code,
        id: unitId,
        caseId: '',
        admin: unitAdmin,
        leader: named('leader'),
        deputies: [named('deputy1'), named('deputy2')],
        members: Array.from({ length: MEMBERS }, (_, m) => named(`member${m + 1}`)),
        compiler: named('compiler'),
        sealKeeper: named('seal'),
        publisher: named('publisher'),
        projectIds: [],
        plan: { startDay: 0, draftDays: 0, planted: null, returnSection: false, leaderReturn: false, bureauReturn: false, recheck: false, stalls: false },
        nextDay: null,
        step: 'form',
        sectionCodes: [],
        done: { defectCaught: false, sectionReturned: false, leaderReturned: false, bureauReturned: false, published: false, rechecked: false, urgedByLeader: false },
        extended: false,
        submittedOn: null,
        failure: null,
      });
    });
    invitedPeople += units.length * roles.length;
    await mailsTo(invitedPeople, 'the people’s invitations');
    const everyone = (unit: SimUnit) => [unit.leader, ...unit.deputies, ...unit.members, unit.compiler, unit.sealKeeper, unit.publisher];
    await pool(units, async (unit) => {
      for (const person of everyone(unit)) await accept(person.username.replace(/^u(\d+)\.(.*)$/, `$2.$1@${DOMAIN}`));
    });
    units.sort((a, b) => a.code.localeCompare(b.code));
    // The plans are drawn in the units' code order, so that a seed gives the same season.
    for (const unit of units) {
      const late = chance(0.08);
      unit.plan = {
        startDay: late ? 10 + Math.floor(rand() * 4) : Math.floor(rand() * 3),
        draftDays: 2 + Math.floor(rand() * 5),
        planted: chance(0.25) ? (chance(0.6) ? 'form' : 'table') : null,
        returnSection: chance(0.2),
        leaderReturn: chance(0.15),
        bureauReturn: chance(0.15),
        recheck: chance(0.2),
        stalls: false,
      };
    }
    // One unit in fifty (at least one) never gets its report past drafting.
    for (let i = 0; i < Math.max(1, Math.floor(units.length / 50)); i++) units[Math.floor(rand() * units.length)]!.plan.stalls = true;

    // ---- the notice -----------------------------------------------------------------------------
    enterPhase('notice');
    const calendar = (await as(officer, 'GET', `/api/calendar?from=${NOTICE_DAY}&to=${LAST_DAY}`)).body;
    const workingDays: string[] = (calendar.days as Array<{ date: string; working: boolean }>).filter((d) => d.working).map((d) => d.date);
    const dayIndex = (date: string) => workingDays.findIndex((d) => d >= date);
    setClock(shanghai(NOTICE_DAY, '09:30'));
    const campaign = (
      await as(officer, 'POST', '/api/campaigns', {
        documentNumber: '霞财〔2026〕12号',
        title: '关于开展2025年度部门整体支出绩效自评工作的通知',
        fiscalYear: 2025,
        submissionDeadline: SUBMISSION_DEADLINE,
        publicationDeadline: PUBLICATION_DEADLINE,
        // The seed bureau's: its income total is printed 0.02 万元 off the sum of its parts.
        roundingTolerance: '0.02',
        unitIds: units.map((u) => u.id),
      })
    ).body;
    await pool(units, async (unit) => {
      for (const project of DEMO_PROJECTS) {
        const added = await as(officer, 'POST', `/api/campaigns/${campaign.id}/projects`, {
          unitId: unit.id,
          code: project.code,
          name: project.name,
          competentDepartment: project.competentDepartment,
          implementingUnit: project.implementingUnit,
        });
        unit.projectIds.push(added.body.projectId);
      }
    });
    await as(officer, 'POST', `/api/campaigns/${campaign.id}/issue`);
    const caseOf = new Map<string, string>();
    for (let offset = 0; ; offset += 200) {
      const page = (await as(officer, 'GET', `/api/cases?campaignId=${campaign.id}&limit=200&offset=${offset}`)).body;
      for (const c of page.items as Array<{ id: string; unitId: string }>) caseOf.set(c.unitId, c.id);
      if (page.items.length < 200) break;
    }
    for (const unit of units) {
      unit.caseId = caseOf.get(unit.id)!;
      unit.nextDay = unit.plan.startDay;
    }

    // ---- the season, working day by working day -------------------------------------------------
    const deadlineIndex = dayIndex(SUBMISSION_DEADLINE);
    /** Units not yet submitted the day after the deadline get five working days more. */
    const extendedIndex = deadlineIndex + 5;
    const sectionDueIndex = dayIndex(SECTION_DUE);
    const dayWindows: Array<{ date: string; instant: Date; realStart: number; realEnd: number }> = [];
    const acked = async (instant: Date) => {
      const want = instant.toISOString();
      const until = Date.now() + 120_000;
      for (;;) {
        const acks = processes.filter((p) => p.name.startsWith('worker')).map((p) => {
          try {
            return readFileSync(`${clockFile}.ack-${p.child.pid}`, 'utf8');
          } catch {
            return '';
          }
        });
        if (acks.every((a) => a === want)) return;
        if (Date.now() > until) throw new Error(`the workers did not finish the sweep of ${want} within 120 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    /**
     * Moves the product's clock once no mail is being sent and none is due: a delivery in flight
     * when the clock jumps half an hour or a day would see its lease (MAIL_LEASE_SECONDS, on the
     * same clock) run out, and another worker would take the mail over and send it again. Time
     * never jumps in production; a lease ends there only when a worker stalls or dies.
     */
    let now = shanghai(NOTICE_DAY, '09:30');
    const moveClock = async (instant: Date) => {
      const until = Date.now() + 120_000;
      for (;;) {
        const busy = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM mail_outbox WHERE status = 'sending' OR (status = 'pending' AND send_after <= $1 AND next_attempt_at <= $1)`,
          [now],
        );
        if (Number(busy.rows[0]!.n) === 0) break;
        if (Date.now() > until) throw new Error(`mail still due or being sent at ${now.toISOString()} after 120 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      setClock(instant);
      now = instant;
      await acked(instant);
    };
    const sections = (unit: SimUnit) => unit.sectionCodes;
    const contentOf = (code: string) =>
      SEED_REPORT_SECTIONS.find((s) => s.code === code)?.blocks ?? [{ type: 'paragraph', text: `本部分（${code}）按通知要求如实填写，数据与决算报表一致。` }];
    const projectForm = (unit: SimUnit, p: number, planted: boolean) => {
      const form = structuredClone(DEMO_PROJECTS[p]!.form) as { funding: { total: { initialBudget: string } } };
      if (planted) form.funding.total.initialBudget = PLANTED_TOTAL;
      return form;
    };
    const saveTable = async (unit: SimUnit, planted: boolean) => {
      const input = planted ? { ...SEED_REPORT_DATA_TABLE, expenditure: { ...SEED_REPORT_DATA_TABLE.expenditure, total: PLANTED_EXPENDITURE } } : SEED_REPORT_DATA_TABLE;
      const saved = (await as(unit.compiler, 'PUT', `/api/cases/${unit.caseId}/data-table`, { input })).body;
      await acknowledgeWarnings(unit, saved.problems);
    };
    const acknowledgeWarnings = async (unit: SimUnit, problems: Array<{ severity: string; key: string; acknowledgement?: unknown }>) => {
      for (const warning of problems.filter((p) => p.severity === 'warning' && !p.acknowledgement)) {
        await as(unit.compiler, 'POST', `/api/cases/${unit.caseId}/acknowledgements`, { problemKey: warning.key, comment: SEED_REPORT_INCOME_ACKNOWLEDGEMENT });
      }
    };
    const saveForms = async (unit: SimUnit, planted: boolean) => {
      for (let p = 0; p < unit.projectIds.length; p++) {
        const path = `/api/cases/${unit.caseId}/project-forms/${unit.projectIds[p]}`;
        const current = (await as(unit.compiler, 'GET', path)).body;
        await as(unit.compiler, 'PUT', path, { input: projectForm(unit, p, planted && p === 0), expectedRevision: current.revision ?? 0 });
      }
    };
    const approveForms = async (unit: SimUnit) => {
      for (const projectId of unit.projectIds) {
        await as(unit.leader, 'POST', `/api/cases/${unit.caseId}/project-forms/${projectId}/approve`, {}, [200, 409, 422]);
      }
    };

    /** One step of a unit on working day `day`; answers the working days until its next step, or null when done. */
    const act = async (unit: SimUnit, day: number): Promise<number | null> => {
      const caseId = unit.caseId;
      switch (unit.step) {
        case 'form': {
          await as(unit.admin, 'POST', `/api/cases/${caseId}/events`, {
            type: 'FORM_GROUP',
            group: {
              leaderId: unit.leader.id,
              deputyLeaderIds: unit.deputies.map((d) => d.id),
              memberIds: unit.members.map((m) => m.id),
              compilerIds: [unit.compiler.id],
              sealKeeperIds: [unit.sealKeeper.id],
              publisherIds: [unit.publisher.id],
            },
          });
          unit.sectionCodes = (await as(unit.leader, 'GET', `/api/cases/${caseId}`)).body.sections.map((s: { code: string }) => s.code);
          for (const [i, code] of sections(unit).entries()) {
            await as(unit.leader, 'PUT', `/api/cases/${caseId}/sections/${code}/assignment`, { assigneeId: unit.members[i % MEMBERS]!.id, dueDate: SECTION_DUE });
          }
          await as(unit.leader, 'POST', `/api/cases/${caseId}/events`, { type: 'START_SELF_ASSESSMENT' });
          unit.step = 'draft';
          return unit.plan.draftDays;
        }
        case 'draft': {
          for (const [i, code] of sections(unit).entries()) {
            await as(unit.members[i % MEMBERS]!, 'PUT', `/api/cases/${caseId}/sections/${code}/content`, { expectedRevision: 0, blocks: contentOf(code) });
            await as(unit.members[i % MEMBERS]!, 'POST', `/api/cases/${caseId}/sections/${code}/events`, { type: 'SUBMIT' });
          }
          // The seed report's tables as printed: the income total 0.02 万元 off its parts is a
          // warning the compiler acknowledges, as the seed unit did in its report.
          await saveTable(unit, unit.plan.planted === 'table');
          await as(unit.compiler, 'PUT', `/api/cases/${caseId}/indicator-scores`, { input: SEED_REPORT_SCORES });
          await saveForms(unit, unit.plan.planted === 'form');
          if (unit.plan.stalls) return null;
          unit.step = 'approve';
          return 1;
        }
        case 'approve': {
          for (const [i, code] of sections(unit).entries()) {
            const detail = (await as(unit.leader, 'GET', `/api/cases/${caseId}`)).body;
            const state = detail.sections.find((s: { code: string }) => s.code === code)?.state;
            if (state === 'approved') continue;
            if (state !== 'submitted') await as(unit.members[i % MEMBERS]!, 'POST', `/api/cases/${caseId}/sections/${code}/events`, { type: 'SUBMIT' });
            if (unit.plan.returnSection && !unit.done.sectionReturned && i === 3) {
              await as(unit.deputies[i % 2]!, 'POST', `/api/cases/${caseId}/sections/${code}/events`, { type: 'RETURN', reason: '请补充本年度重点工作的量化完成情况。' });
              unit.done.sectionReturned = true;
              continue;
            }
            await as(unit.deputies[i % 2]!, 'POST', `/api/cases/${caseId}/sections/${code}/events`, { type: 'APPROVE' });
          }
          if (unit.plan.returnSection && unit.done.sectionReturned) {
            const detail = (await as(unit.leader, 'GET', `/api/cases/${caseId}`)).body;
            if (detail.sections.some((s: { state: string }) => s.state !== 'approved')) return 1; // the writer fixes it tomorrow
          }
          await approveForms(unit);
          unit.step = 'review';
          return 0;
        }
        case 'review': {
          // A report the bureau returned asks for review again as it is: the table did not change, and
          // its acknowledged warning stays acknowledged in the new version.
          const asked = await as(unit.compiler, 'POST', `/api/cases/${caseId}/events`, { type: 'REQUEST_REVIEW' }, [200, 409, 422]);
          if (asked.status !== 200) {
            const text = JSON.stringify(asked.body);
            const expected = unit.plan.planted === 'form' ? 'PROJECT_FORM.HAS_ERRORS' : 'DATA_TABLE.HAS_ERRORS';
            if (unit.plan.planted === null || unit.done.defectCaught || !text.includes(expected)) throw new UnexpectedAnswer('REQUEST_REVIEW', asked.status, asked.body);
            // The planted defect is caught: the compiler corrects it (the leader approves a corrected form again).
            unit.done.defectCaught = true;
            if (unit.plan.planted === 'form') {
              await saveForms(unit, false);
              await approveForms(unit);
            } else {
              await saveTable(unit, false);
            }
            return 1;
          }
          unit.step = 'decide';
          return 1;
        }
        case 'decide': {
          if (unit.plan.leaderReturn && !unit.done.leaderReturned) {
            const code = sections(unit)[5]!;
            await as(unit.leader, 'POST', `/api/cases/${caseId}/events`, { type: 'RETURN', reason: '绩效目标完成情况与基础数据表不一致，请核实后重新报审。', sectionCodes: [code] });
            unit.done.leaderReturned = true;
            unit.step = 'approve';
            return 1;
          }
          await as(unit.leader, 'POST', `/api/cases/${caseId}/events`, { type: 'APPROVE' });
          await as(unit.sealKeeper, 'POST', `/api/cases/${caseId}/events`, { type: 'SEAL' });
          await as(unit.compiler, 'POST', `/api/cases/${caseId}/events`, { type: 'SUBMIT' });
          // Judged by the latest submission: one the bureau returned no longer counts (docs/tracking.md).
          unit.submittedOn = day;
          unit.step = 'waitBureau';
          return null; // the bureau decides
        }
        case 'publish': {
          const detail = (await as(unit.publisher, 'GET', `/api/cases/${caseId}`)).body;
          await as(unit.publisher, 'POST', `/api/cases/${caseId}/events`, {
            type: 'PUBLISH',
            publishedSha256: detail.sealedDigest,
            publishedUrl: `http://www.xiashan.gov.cn/zwgk/jxzp/2026/${unit.code}.html`,
          });
          unit.done.published = true;
          unit.step = 'done';
          return null;
        }
        default:
          return null;
      }
    };

    /** The finance officer's day: a decision on every submission in, 催办 and extensions after the deadline. */
    let urged = false;
    const bureauDay = async (day: number) => {
      const waiting = units.filter((u) => u.step === 'waitBureau' && u.failure === null);
      for (const unit of waiting) {
        try {
          if (unit.plan.bureauReturn && !unit.done.bureauReturned) {
            await as(officer, 'POST', `/api/cases/${unit.caseId}/events`, { type: 'RETURN', reason: '部分产出指标缺少佐证材料，请补充后重新报送。' });
            unit.done.bureauReturned = true;
            unit.step = 'review';
            unit.nextDay = day + 1;
            continue;
          }
          await as(officer, 'POST', `/api/cases/${unit.caseId}/events`, { type: 'ACCEPT' });
          if (unit.plan.recheck) {
            await as(officer, 'POST', `/api/cases/${unit.caseId}/recheck`, { score: '86.5', remarks: '产出指标佐证材料不足，扣减3.5分。' });
            unit.done.rechecked = true;
          }
          unit.step = 'publish';
          unit.nextDay = day + 1 + Math.floor(rand() * 3);
        } catch (error) {
          unit.failure = `bureau: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      if (day === deadlineIndex + 1 && !urged) {
        urged = true;
        await as(officer, 'POST', `/api/campaigns/${campaign.id}/urge-late`, { message: '请抓紧完成自评并报送。' });
        const extendedTo = workingDays[extendedIndex]!;
        for (const unit of units.filter((u) => !['waitBureau', 'publish', 'done'].includes(u.step) && !u.plan.stalls)) {
          await as(officer, 'POST', `/api/campaigns/${campaign.id}/deadline-extensions`, { deadline: extendedTo, reason: '单位申请延期，经审核同意。', caseId: unit.caseId });
          unit.extended = true;
        }
      }
    };

    enterPhase('season');
    let lastDay = 0;
    for (let day = 0; day < workingDays.length; day++) {
      const date = workingDays[day]!;
      const instant = shanghai(date, '09:30');
      // 09:30: the worker's sweeps and deliveries of the morning; 10:00: the day's work, at one
      // moment, so that every task closed today closed after this morning's reminders went out.
      const tickStart = Date.now();
      await moveClock(instant);
      const workInstant = shanghai(date, '10:00');
      await moveClock(workInstant);
      const realStart = Date.now();
      const today = units.filter((u) => u.nextDay !== null && u.nextDay <= day && u.failure === null);
      await pool(today, async (unit) => {
        try {
          let wait: number | null = 0;
          while (wait === 0) wait = await act(unit, day);
          unit.nextDay = wait === null ? null : day + wait;
        } catch (error) {
          unit.failure = `${unit.step}: ${error instanceof Error ? error.message : String(error)}`;
          unit.nextDay = null;
        }
      });
      if (day === sectionDueIndex + 1) {
        // The morning after the sections fell due, each leader whose members have not drafted yet
        // urges every one of them (催办) on their first section.
        await pool(
          units.filter((u) => u.step === 'draft' && u.nextDay !== null && u.failure === null),
          async (unit) => {
            try {
              for (let m = 0; m < MEMBERS && m < unit.sectionCodes.length; m++) {
                await as(unit.leader, 'POST', `/api/cases/${unit.caseId}/urges`, { recipientId: unit.members[m]!.id, task: { kind: 'draft_section', sectionCode: unit.sectionCodes[m] }, message: '请尽快完成所负责部分的撰写。' });
              }
              unit.done.urgedByLeader = true;
            } catch (error) {
              unit.failure = `urge: ${error instanceof Error ? error.message : String(error)}`;
            }
          },
        );
      }
      await bureauDay(day);
      dayWindows.push({ date, instant: workInstant, realStart, realEnd: Date.now() });
      if (process.env.SEASON_VERBOSE === '1') log(`  ${date}: ${today.length} units acted, sweep ${((realStart - tickStart) / 1000).toFixed(1)} s, work ${((Date.now() - realStart) / 1000).toFixed(1)} s, ${smtp.messages.length} mails so far`);
      lastDay = day;
      const open = units.some((u) => u.failure === null && (u.nextDay !== null || u.step === 'waitBureau'));
      if (!open && date >= PUBLICATION_DEADLINE) break;
      if (!open && day > dayIndex(PUBLICATION_DEADLINE)) break;
    }
    // The morning after: the last sweep and deliveries.
    const closing = shanghai(workingDays[lastDay + 1] ?? LAST_DAY, '09:30');
    await moveClock(closing);

    // ---- the checks -----------------------------------------------------------------------------
    enterPhase('checks');
    const record = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
    const listed: Array<{ id: string; unitId: string; state: string }> = [];
    for (let offset = 0; ; offset += 200) {
      const page = (await as(officer, 'GET', `/api/cases?campaignId=${campaign.id}&limit=200&offset=${offset}`)).body;
      listed.push(...page.items);
      if (page.items.length < 200) break;
    }
    const stateOf = new Map(listed.map((c) => [c.id, c.state]));
    const published = units.filter((u) => stateOf.get(u.caseId) === 'published');
    const unaccounted = units.filter((u) => stateOf.get(u.caseId) !== 'published' && !u.plan.stalls);
    record(
      'every unit published or accounted for',
      unaccounted.length === 0 && published.every((u) => u.done.published),
      `${published.length} published; not submitted by plan: ${units.filter((u) => u.plan.stalls).map((u) => u.code).join(', ') || 'none'}; ` +
        `unaccounted: ${unaccounted.map((u) => `${u.code} (${stateOf.get(u.caseId)}${u.failure ? `, ${u.failure.slice(0, 300)}` : ''})`).join('; ') || 'none'}`,
    );
    const late = units.filter((u) => u.submittedOn !== null && u.submittedOn > deadlineIndex);
    record('late units named', true, `submitted after ${SUBMISSION_DEADLINE}: ${late.map((u) => `${u.code}${u.extended ? ' (extended)' : ''}`).join(', ') || 'none'}`);

    const dataSource = createDataSource({ url: databaseUrl, poolMax: 1, applicationName: 'jixiao-season-check' });
    await dataSource.initialize();
    try {
      const results = await new HistoryJournal(new HistoryKeyring(Buffer.from(BENCH_HISTORY_KEY, 'hex'), [])).check(dataSource.manager, null);
      const broken = results.filter((r) => r.firstBroken !== null);
      const records = results.reduce((sum, r) => sum + r.records, 0);
      record('every history chain verified', broken.length === 0 && results.length >= units.length, `${results.length} cases, ${records} records, ${broken.length} broken`);
    } finally {
      await dataSource.destroy();
    }

    const ids = smtp.messages.map((m) => m.messageId);
    const keys = smtp.messages.map((m) => m.outboxKey).filter((k): k is string => k !== null);
    const duplicateIds = ids.length - new Set(ids).size;
    const duplicateKeys = keys.length - new Set(keys).size;
    const outbox = await db.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM mail_outbox GROUP BY status`);
    const pendingDue = await db.query<{ n: string }>(`SELECT count(*) AS n FROM mail_outbox WHERE status IN ('pending', 'sending') AND send_after <= $1`, [closing]);
    record(
      'every due mail sent exactly once per Message-ID',
      duplicateIds === 0 && duplicateKeys === 0 && Number(pendingDue.rows[0]!.n) === 0,
      `${ids.length} mails, ${duplicateIds} repeated Message-IDs, ${duplicateKeys} repeated outbox keys, ${pendingDue.rows[0]!.n} due but unsent; outbox ${outbox.rows.map((r) => `${r.status} ${r.n}`).join(', ')}`,
    );
    // A reminder or 催办 went out wrongly if it was queued while its task was not open, or sent at a
    // later moment than the one its task closed at. Queueing and the task's opening and closing are
    // in database time (created_at, opened_at, closed_at); sending is on the product's clock
    // (sent_at), so a task's closing is mapped to the season's moment whose work was going on then.
    // The day's work all happens at one moment (10:00), and the worker's own schedule may sweep and
    // deliver during it: a mail sent at the very moment its task closed is right if it was queued
    // before the closing.
    const simAt = (real: Date): number => {
      const t = real.getTime();
      const window = dayWindows.find((w) => t <= w.realEnd + 1);
      return window ? window.instant.getTime() : closing.getTime();
    };
    const reminders = await db.query<{ item_key: string; recipient_id: string; created_at: Date; sent_at: Date }>(
      `SELECT item_key, recipient_id, created_at, sent_at FROM mail_outbox WHERE status = 'sent' AND kind IN ('reminder', 'overdue', 'escalation', 'urge') AND item_key IS NOT NULL`,
    );
    const items = await db.query<{ item_key: string; recipient_id: string; opened_at: Date; closed_at: Date | null }>(`SELECT item_key, recipient_id, opened_at, closed_at FROM due_items`);
    const intervals = new Map<string, Array<{ opened: number; closed: number; closedAt: number }>>();
    for (const item of items.rows) {
      const key = `${item.item_key}|${item.recipient_id}`;
      const list = intervals.get(key) ?? [];
      list.push({ opened: item.opened_at.getTime(), closed: item.closed_at ? item.closed_at.getTime() : Infinity, closedAt: item.closed_at ? simAt(item.closed_at) : Infinity });
      intervals.set(key, list);
    }
    // The outbox names the task as `<item key>@<whose task>`: an escalation goes to someone else.
    const afterClose = reminders.rows.filter((r) => {
      const queued = r.created_at.getTime();
      const split = r.item_key.lastIndexOf('@');
      const key = split < 0 ? `${r.item_key}|${r.recipient_id}` : `${r.item_key.slice(0, split)}|${r.item_key.slice(split + 1)}`;
      const open = (intervals.get(key) ?? []).find((i) => i.opened <= queued && queued < i.closed);
      return open === undefined || r.sent_at.getTime() > open.closedAt;
    });
    const workingSet = new Set(workingDays);
    const offDay = (await db.query<{ sent_at: Date }>(`SELECT sent_at FROM mail_outbox WHERE status = 'sent' AND kind IN ('reminder', 'overdue', 'escalation', 'urge')`)).rows.filter(
      (r) => !workingSet.has(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(r.sent_at)),
    );
    record(
      'no reminder or 催办 after its task closed, none on a day off',
      afterClose.length === 0 && offDay.length === 0,
      `${reminders.rows.length} reminders and 催办 sent; ${afterClose.length} while their task was closed; ${offDay.length} on a day off`,
    );
    const sealedHolding = async (pattern: string) =>
      Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM sealed_versions WHERE snapshot::text LIKE $1`, [`%${pattern}%`])).rows[0]!.n);
    const sealedCount = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM sealed_versions`)).rows[0]!.n);
    const held = {
      plantedForm: await sealedHolding(`"initialBudget": "${PLANTED_TOTAL}"`),
      plantedTable: await sealedHolding(`"${PLANTED_EXPENDITURE}"`),
      rightForm: await sealedHolding(`"initialBudget": "${RIGHT_TOTAL}"`),
      rightTable: await sealedHolding(`"${RIGHT_EXPENDITURE}"`),
    };
    const planted = units.filter((u) => u.plan.planted !== null);
    record(
      'no planted defect sealed',
      held.plantedForm === 0 && held.plantedTable === 0 && held.rightForm === sealedCount && held.rightTable === sealedCount && planted.every((u) => u.done.defectCaught || u.plan.stalls || u.failure !== null),
      `${planted.length} units planted a defect (${planted.filter((u) => u.plan.planted === 'form').length} in a form, the rest in the data table); ` +
        `${planted.filter((u) => u.done.defectCaught).length} caught at the request for review; of ${sealedCount} sealed versions ${held.plantedForm + held.plantedTable} hold a planted figure, ` +
        `${held.rightForm} the right form total and ${held.rightTable} the right expenditure`,
    );
    const statistics = (await as(officer, 'GET', `/api/campaigns/${campaign.id}/statistics`)).body.campaign;
    const tracked: Array<{ unitCode: string; state: string; returns: number; submissionStatus: string; recheckScore: string | null; publicationStatus: string }> = [];
    for (let offset = 0; ; offset += 200) {
      const page = (await as(officer, 'GET', `/api/campaigns/${campaign.id}/tracking?limit=200&offset=${offset}`)).body;
      tracked.push(...page.items);
      if (page.items.length < 200) break;
    }
    const trackedOf = new Map(tracked.map((t) => [t.unitCode, t]));
    const mismatches: string[] = [];
    for (const unit of units) {
      const t = trackedOf.get(unit.code);
      const expected = {
        returns: unit.done.bureauReturned ? 1 : 0,
        submissionStatus: unit.submittedOn === null ? 'not_submitted' : unit.submittedOn > (unit.extended ? extendedIndex : deadlineIndex) ? 'late' : 'on_time',
        rechecked: unit.done.rechecked,
        published: unit.done.published,
      };
      const seen = t && { returns: t.returns, submissionStatus: t.submissionStatus, rechecked: t.recheckScore !== null, published: t.publicationStatus === 'published' };
      if (JSON.stringify(seen) !== JSON.stringify(expected)) mismatches.push(`${unit.code}: season ${JSON.stringify(expected)}, tracking ${JSON.stringify(seen)}`);
    }
    const totals = {
      submitted: units.filter((u) => u.submittedOn !== null).length,
      returns: units.filter((u) => u.done.bureauReturned).length,
      rechecked: units.filter((u) => u.done.rechecked).length,
    };
    const counted = { submitted: statistics.submitted, returns: statistics.returns, rechecked: statistics.rechecked };
    if (JSON.stringify(counted) !== JSON.stringify(totals)) mismatches.push(`statistics ${JSON.stringify(counted)}, season ${JSON.stringify(totals)}`);
    record(
      'tracking figures equal what the season did',
      mismatches.length === 0,
      `${JSON.stringify(totals)}, ${units.filter((u) => u.done.published).length} published; ${mismatches.length} differences${mismatches.length ? `: ${mismatches.slice(0, 5).join(' | ')}` : ''}`,
    );
    const serverErrors = http.records.filter((r) => r.status >= 500 || r.status === 0);
    record('no 5xx', serverErrors.length === 0, `${serverErrors.length} answers of 5xx or no answer`);
    const logged = processes.flatMap((p) => p.errors.map((line) => `${p.name}: ${line.slice(0, 300)}`));
    record('no error in the logs', logged.length === 0, logged.slice(0, 5).join(' | ') || 'none');
    const failed = units.filter((u) => u.failure !== null);
    record('no unit stopped by an unexpected answer', failed.length === 0, failed.slice(0, 5).map((u) => `${u.code} ${u.failure!.slice(0, 300)}`).join(' | ') || 'none');
    enterPhase('end');

    // ---- the report -----------------------------------------------------------------------------
    const seconds = (performance.now() - started) / 1000;
    const size = (await db.query<{ bytes: string }>(`SELECT pg_database_size(current_database()) AS bytes`)).rows[0]!.bytes;
    const errors = serverErrors.length + failed.length + logged.length;
    const ms = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(1));
    for (const phase of phaseTimes) {
      const records = http.records.filter((r) => r.phase === phase.phase);
      print(`phase ${phase.phase}: ${phase.seconds.toFixed(1)} s, ${records.length} requests, ${records.filter((r) => r.status >= 500 || r.status === 0).length} errors, ${phase.mails} mails`);
      const kinds = new Map<string, number[]>();
      for (const r of records) kinds.set(r.kind, [...(kinds.get(r.kind) ?? []), r.ms]);
      for (const [kind, times] of [...kinds].sort((a, b) => b[1].length - a[1].length)) {
        const sorted = [...times].sort((a, b) => a - b);
        print(`  ${kind.padEnd(62)} ${String(sorted.length).padStart(6)}  p50 ${ms(percentile(sorted, 0.5)).padStart(7)} ms  p95 ${ms(percentile(sorted, 0.95)).padStart(7)} ms  p99 ${ms(percentile(sorted, 0.99)).padStart(7)} ms`);
      }
    }
    const all = http.records.map((r) => r.ms).sort((a, b) => a - b);
    print(`requests: ${all.length}, p50 ${ms(percentile(all, 0.5))} ms, p95 ${ms(percentile(all, 0.95))} ms, p99 ${ms(percentile(all, 0.99))} ms; mails sent ${smtp.messages.length}; database ${(Number(size) / 1048576).toFixed(1)} MiB`);
    print(`season days: ${dayWindows.length} working days from ${NOTICE_DAY} to ${dayWindows.at(-1)?.date}`);
    for (const p of processes) {
      const peaks = p.peakMemory();
      print(`peak memory ${p.name}: ${peaks.map((m) => `${(m.bytes / 1048576).toFixed(0)} MiB (pid ${m.pid})`).join(', ')}`);
    }
    for (const check of checks) print(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
    const failing = checks.filter((c) => !c.ok).length;
    print(`RESULT season: ${seconds.toFixed(1)} s for ${options.units} units, ${errors + failing} errors (target 300 units in under 120 s, 0 errors)`);
    const count = (flag: keyof SimUnit['done']) => units.filter((u) => u.done[flag]).length;
    const facts = {
      published: count('published'),
      sectionReturns: count('sectionReturned'),
      leaderReturns: count('leaderReturned'),
      bureauReturns: count('bureauReturned'),
      defectsCaught: count('defectCaught'),
      rechecked: count('rechecked'),
      urgedByLeader: count('urgedByLeader'),
      lateSubmissions: late.length,
      mails: smtp.messages.length,
    };
    print(`season facts: ${JSON.stringify(facts)}`);
    return { seconds, units: options.units, errors: errors + failing, checks, facts, lines };
  } finally {
    for (const p of processes.reverse()) await p.stop();
    await smtp.stop();
    await db.end();
    await scratch.drop({ keep: options.keepDatabase });
    rmSync(dir, { recursive: true, force: true });
  }
}
