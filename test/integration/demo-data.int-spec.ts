import request from 'supertest';
import { loadConfig } from '@jixiao/config';
import { DemoSeeder, DEMO_BUREAU, DEMO_CAMPAIGN, DEMO_PROJECTS, DEMO_SYSTEM, DEMO_UNITS } from '@jixiao/demo';
import { migrate, startEmbeddedDatabase, type EmbeddedDatabase } from '@jixiao/persistence';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/create-app';
import { TEST_HISTORY_KEY, TEST_SEAL_KEY } from '../support/history-key';
import { inDays } from '../support/api-client';
import { TestClock } from '../support/clock';

describe('demo data on an empty database', () => {
  let db: EmbeddedDatabase;
  let app: INestApplication;
  const password = 'Demo@Passw0rd';

  beforeAll(async () => {
    db = await startEmbeddedDatabase(null);
    await migrate({ url: db.url, poolMax: 1 });
    app = await createApp(loadConfig({ LOG_LEVEL: 'silent', HISTORY_KEY: TEST_HISTORY_KEY, SEAL_KEY_ENCRYPTION_KEY: TEST_SEAL_KEY }), { url: db.url, poolMax: 1 }, { clock: new TestClock() });
    await app.init();
    // Fastify loads its routes when it is ready (listen() would wait for it); supertest starts the bare server.
    await app.getHttpAdapter().getInstance().ready();
    // A fresh embedded database runs initdb: seconds alone, minutes on a machine busy with other runs.
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await db?.stop();
  });

  it('loads the seed unit with its 13 sub-offices and 4 institutions, a second unit, and the issued notice', async () => {
    const seeded = await app.get(DemoSeeder).seedIfEmpty(password);
    expect(seeded.created).toBe(true);
    const data = app.get(DataSource);
    const offices: Array<{ name: string; kind: string; n: number }> = await data.query(
      `SELECT o.name, s.kind, count(*)::int AS n FROM sub_offices s JOIN organisations o ON o.id = s.unit_id GROUP BY o.name, s.kind ORDER BY o.name, s.kind`,
    );
    expect(offices).toEqual(
      expect.arrayContaining([
        { name: '中共湛江市霞山区委组织部', kind: 'office', n: 13 },
        { name: '中共湛江市霞山区委组织部', kind: 'institution', n: 4 },
      ]),
    );
    const campaigns: Array<{ document_number: string; fiscal_year: number; status: string; cases: number }> = await data.query(
      `SELECT c.document_number, c.fiscal_year, c.status, (SELECT count(*)::int FROM evaluation_cases e WHERE e.campaign_id = c.id) AS cases FROM campaigns c`,
    );
    const placed: Array<{ username: string; office: string }> = await data.query(
      `SELECT u.username, s.name AS office FROM users u JOIN sub_offices s ON s.id = u.sub_office_id ORDER BY u.username`,
    );
    expect(placed).toEqual([
      { username: 'daj.member', office: '业务科' },
      { username: 'zzb.member', office: '组织一组' },
      { username: 'zzb.member2', office: '人才组' },
    ]);
    expect(campaigns).toEqual([{ document_number: DEMO_CAMPAIGN.documentNumber, fiscal_year: 2023, status: 'issued', cases: DEMO_UNITS.length }]);
    const [tolerance] = await data.query(`SELECT rounding_tolerance::text AS value FROM campaigns`);
    expect(Number(tolerance.value)).toBe(0.02);
    // The notice's deadlines count from today, by the clock the application is given (TEST_TODAY may pin it).
    const deadlines: Array<{ submission: string; publication: string }> = await data.query(`SELECT submission_deadline::text AS submission, publication_deadline::text AS publication FROM campaigns`);
    expect(deadlines).toEqual([{ submission: inDays(DEMO_CAMPAIGN.submissionInDays), publication: inDays(DEMO_CAMPAIGN.publicationInDays) }]);
    // Each unit's admin has set up its electronic seal, valid two years from today.
    const seals: Array<{ name: string; holder_name: string; valid_until: string; status: string }> = await data.query(
      `SELECT o.name, s.holder_name, s.valid_until::text, s.status FROM unit_seals s JOIN organisations o ON o.id = s.unit_id ORDER BY o.name`,
    );
    expect(seals).toEqual(
      DEMO_UNITS.map((u) => ({ name: u.name, holder_name: u.name, valid_until: inDays(730), status: 'active' })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  });

  it("preloads the second unit's case part-way: group formed, sections drafted, one returned with its reason, a warning waiting", async () => {
    const signIn = async (username: string) => (await request(app.getHttpServer()).post('/api/auth/login').send({ username, password })).body.accessToken as string;
    const leader = await signIn('daj.leader');
    const cases = await request(app.getHttpServer()).get('/api/cases').set('Authorization', `Bearer ${leader}`);
    expect(cases.body.items).toEqual([expect.objectContaining({ state: 'self_assessment' })]);
    const caseId = cases.body.items[0].id as string;
    const detail = await request(app.getHttpServer()).get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${leader}`);
    const states = Object.fromEntries(detail.body.sections.map((s: { code: string; state: string }) => [s.code, s.state]));
    expect(states).toMatchObject({ '1.1': 'submitted', '1.2': 'drafting', '2.1': 'drafting', '3.1': 'assigned' });
    const history = await request(app.getHttpServer()).get(`/api/cases/${caseId}/history`).set('Authorization', `Bearer ${leader}`);
    expect(JSON.stringify(history.body)).toContain('请按决算报表分列基本支出和项目支出的金额');
    const compiler = await signIn('daj.admin');
    const table = await request(app.getHttpServer()).get(`/api/cases/${caseId}/data-table`).set('Authorization', `Bearer ${compiler}`);
    const warnings = table.body.problems.filter((p: { severity: string }) => p.severity === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ acknowledgement: null });
    expect(table.body.problems.filter((p: { severity: string; code: string }) => p.severity === 'error' && !/REQUIRED|MISSING/.test(p.code))).toEqual([]);
    // Its two key projects' forms are filled, clean and waiting for the leader's approval.
    const forms = await request(app.getHttpServer()).get(`/api/cases/${caseId}/project-forms`).set('Authorization', `Bearer ${leader}`);
    expect(forms.body.forms).toEqual(
      DEMO_PROJECTS.map((p) => expect.objectContaining({ code: p.code, name: p.name, revision: 1, errors: 0, approval: null, complete: true, grade: '优' })),
    );
  });

  it('lets every demo account sign in with the printed password, and loads nothing twice', async () => {
    for (const user of [...DEMO_SYSTEM.users, ...DEMO_BUREAU.users, ...DEMO_UNITS.flatMap((u) => u.users)]) {
      const login = await request(app.getHttpServer()).post('/api/auth/login').send({ username: user.username, password });
      expect({ user: user.username, status: login.status }).toEqual({ user: user.username, status: 200 });
    }
    expect((await app.get(DemoSeeder).seedIfEmpty(password)).created).toBe(false);
  });
});
