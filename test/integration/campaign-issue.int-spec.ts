import { CampaignService, DomainError, type Principal } from '@jixiao/evaluation';
import { DEFAULT_INDICATOR_CONFIG, type IndicatorConfig } from '@jixiao/report';
import { DataSource } from 'typeorm';
import { inDays } from '../support/api-client';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

describe('issuing a campaign', () => {
  let t: TestApp;
  let world: World;
  let campaigns: CampaignService;
  let officer: Principal;

  const count = async (sql: string, params: unknown[]): Promise<number> => {
    const rows: Array<{ n: number }> = await t.app.get(DataSource).query(sql, params);
    return rows[0]!.n;
  };

  const draft = (overrides: Partial<Parameters<CampaignService['create']>[1]> = {}) =>
    campaigns.create(officer, {
      documentNumber: `集成财〔2024〕${Math.floor(Math.random() * 1e9)}号`,
      title: '关于开展部门整体支出绩效自评工作的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(20),
      publicationDeadline: inDays(30),
      unitIds: world.units.map((u) => u.id),
      ...overrides,
    });

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 3 });
    campaigns = t.app.get(CampaignService);
    officer = {
      sessionId: 'test',
      userId: world.bureau.officer.id,
      username: world.bureau.officer.username,
      displayName: 'officer',
      organisationId: world.bureau.id,
      organisationKind: 'finance_bureau',
      organisationName: 'bureau',
      roles: ['finance_officer'],
    };
  });
  afterAll(() => t.close());

  it('opens one case per unit, each with the outline as sections and one history record', async () => {
    const campaign = await draft();
    const issued = await campaigns.issue(officer, campaign.id, null);

    expect(issued.body).toMatchObject({ status: 'issued', unitCount: 3 });
    expect(await count('SELECT count(*)::int AS n FROM evaluation_cases WHERE campaign_id = $1 AND state = $2', [campaign.id, 'notice_issued'])).toBe(3);
    expect(
      await count('SELECT count(*)::int AS n FROM case_sections s JOIN evaluation_cases c ON c.id = s.case_id WHERE c.campaign_id = $1', [campaign.id]),
    ).toBe(3 * 13);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM case_history h JOIN evaluation_cases c ON c.id = h.case_id WHERE c.campaign_id = $1 AND h.event = 'ISSUE' AND h.seq = 1`,
        [campaign.id],
      ),
    ).toBe(3);
  });

  it('uses the outline the campaign carries', async () => {
    const campaign = await draft({ outline: [{ code: 'A', title: '概况' }, { code: 'B', title: '结论' }], unitIds: [world.units[0]!.id] });
    await campaigns.issue(officer, campaign.id, null);
    const rows: Array<{ code: string; position: number }> = await t.app
      .get(DataSource)
      .query('SELECT s.code, s.position FROM case_sections s JOIN evaluation_cases c ON c.id = s.case_id WHERE c.campaign_id = $1 ORDER BY s.position', [campaign.id]);
    expect(rows).toEqual([
      { code: 'A', position: 1 },
      { code: 'B', position: 2 },
    ]);
  });

  it('refuses to issue twice and opens no second set of cases', async () => {
    const campaign = await draft();
    await campaigns.issue(officer, campaign.id, null);
    await expect(campaigns.issue(officer, campaign.id, null)).rejects.toMatchObject({ code: 'CAMPAIGN.ALREADY_ISSUED', status: 409 });
    expect(await count('SELECT count(*)::int AS n FROM evaluation_cases WHERE campaign_id = $1', [campaign.id])).toBe(3);
  });

  it('refuses to issue when the submission deadline has passed, writing nothing', async () => {
    const campaign = await draft({ submissionDeadline: inDays(-1), publicationDeadline: inDays(5) });
    const error = await campaigns.issue(officer, campaign.id, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CAMPAIGN.DEADLINE_PASSED' });
    expect(await count('SELECT count(*)::int AS n FROM evaluation_cases WHERE campaign_id = $1', [campaign.id])).toBe(0);
    expect((await campaigns.get(officer, campaign.id)).status).toBe('draft');
  });

  it('refuses a second campaign with the same document number', async () => {
    const campaign = await draft();
    await expect(draft({ documentNumber: campaign.documentNumber })).rejects.toMatchObject({ code: 'CAMPAIGN.DUPLICATE_DOCUMENT_NUMBER' });
  });

  itOnRealServer('lets only one of two simultaneous issues through', async () => {
    const campaign = await draft();
    const results = await Promise.allSettled([campaigns.issue(officer, campaign.id, null), campaigns.issue(officer, campaign.id, null)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'CAMPAIGN.ALREADY_ISSUED' });
    expect(await count('SELECT count(*)::int AS n FROM evaluation_cases WHERE campaign_id = $1', [campaign.id])).toBe(3);
  });

  it('keeps a valid indicator tree and tolerance of the campaign, and refuses weights that do not add up to 100', async () => {
    const custom = await draft({ indicatorConfig: DEFAULT_INDICATOR_CONFIG, roundingTolerance: '0.02' });
    expect(custom).toMatchObject({ roundingTolerance: '0.02', indicatorConfig: DEFAULT_INDICATOR_CONFIG });
    expect(await campaigns.get(officer, custom.id)).toMatchObject({ roundingTolerance: '0.02', indicatorConfig: DEFAULT_INDICATOR_CONFIG });

    const broken: IndicatorConfig = JSON.parse(JSON.stringify(DEFAULT_INDICATOR_CONFIG));
    const firstLeaf = (node: IndicatorConfig['indicators'][number]): IndicatorConfig['indicators'][number] => (node.children?.length ? firstLeaf(node.children[0]!) : node);
    const leaf = firstLeaf(broken.indicators[0]!);
    leaf.maximum = String(Number(leaf.maximum) - 0.5);
    const documentNumber = `集成财〔2024〕w${Math.floor(Math.random() * 1e9)}号`;
    const error = await draft({ documentNumber, indicatorConfig: broken }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CAMPAIGN.INDICATORS_INVALID' });
    expect(((error as DomainError).details.problems as Array<{ code: string }>).map((p) => p.code)).toContain('INDICATORS.WEIGHTS_NOT_100');
    expect(await count('SELECT count(*)::int AS n FROM campaigns WHERE document_number = $1', [documentNumber])).toBe(0);
  });
});
