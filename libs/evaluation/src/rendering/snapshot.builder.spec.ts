import type { IndicatorConfig } from '@jixiao/report';
import { clinicFormInput, clinicFormResult, CLINIC_PROJECT, nationalPack, printedForms, provincialPack, roadFormInput, roadFormResult, ROAD_PROJECT } from './project-form.factory';
import { canonicalJson } from './snapshot';
import { buildSnapshot, projectFormSnapshot, type SnapshotSources } from './snapshot.builder';

const config: IndicatorConfig = {
  kind: 'overall_spending',
  title: '部门整体支出绩效评价指标表',
  indicators: [{ code: '1', name: '预算执行率', maximum: '100' }],
  bands: [
    { grade: '优', from: '90', to: '100' },
    { grade: '差', from: '0', to: '90' },
  ],
};

const sources = (overrides: Partial<SnapshotSources> = {}): SnapshotSources => ({
  caseId: '00000000-0000-0000-0000-000000000001',
  contentVersion: 3,
  unitName: '湛江市霞山区交通运输局',
  fiscalYear: 2023,
  documentNumber: '湛霞财〔2024〕68号',
  date: '2024-05-20',
  sections: [{ code: '1', title: '单位基本情况', revision: 2, blocks: [{ type: 'paragraph', text: '负责全区交通运输管理。' }] }],
  dataTableInput: null,
  indicatorConfig: config,
  scoresInput: [{ code: '1', score: '95' }],
  ...overrides,
});

/** The canonical text of this case's snapshot as sealed before project forms existed. */
const SEALED_BEFORE_FORMS =
  '{"caseId":"00000000-0000-0000-0000-000000000001","contentVersion":3,"dataTable":null,"date":"2024-05-20","documentNumber":"湛霞财〔2024〕68号",' +
  '"fiscalYear":2023,"indicators":{"grade":"优","rows":[{"code":"1","level":1,"maximum":"100","name":"预算执行率","score":"95"}],"title":"部门整体支出绩效评价指标表","total":"95"},' +
  '"sections":[{"blocks":[{"text":"负责全区交通运输管理。","type":"paragraph"}],"code":"1","revision":2,"title":"单位基本情况"}],"unitName":"湛江市霞山区交通运输局"}';

describe('the project form as the snapshot prints it', () => {
  it('prints the four funding rows with only the total carrying points, the rate at two decimals rounded half up, and the score', () => {
    const form = projectFormSnapshot(ROAD_PROJECT, roadFormInput(), nationalPack(), roadFormResult());
    expect(form.funding).toEqual([
      { label: '年度资金总额', initialBudget: '180.00', budget: '200.00', spent: '173.21', points: '10', rate: '86.61%', score: '8.66' },
      { label: '其中：当年财政拨款', initialBudget: '180.00', budget: '180.00', spent: '153.21', points: '', rate: '', score: '' },
      { label: '上年结转资金', initialBudget: '0.00', budget: '20.00', spent: '20.00', points: '', rate: '', score: '' },
      { label: '其他资金', initialBudget: '0.00', budget: '0.00', spent: '0.00', points: '', rate: '', score: '' },
    ]);
    expect(form.fundingReason).toBe('两段路面修复工程未到结算期，尾款结转下年支付。');
  });

  it('leaves the rate and score blank while the checks cannot derive them, and the missing rows blank', () => {
    const form = projectFormSnapshot(
      ROAD_PROJECT,
      roadFormInput((input) => delete input.funding!.other),
      nationalPack(),
      roadFormResult((result) => Object.assign(result, { executionRatePercent: null, executionScore: null, grade: null, complete: false })),
    );
    expect(form.funding[0]).toMatchObject({ points: '10', rate: '', score: '' });
    expect(form.funding[3]).toEqual({ label: '其他资金', initialBudget: '', budget: '', spent: '', points: '', rate: '', score: '' });
    expect(form.grade).toBeNull();
  });

  it("falls back to the project's configured name, department and unit where the form leaves them blank, and keeps what it types", () => {
    const blank = projectFormSnapshot(ROAD_PROJECT, roadFormInput(), nationalPack(), roadFormResult());
    expect(blank).toMatchObject({ code: 'P01', projectName: '农村公路养护项目', competentDepartment: '湛江市霞山区交通运输局', implementingUnit: '霞山区公路事务中心', projectLeader: '陈立新' });
    const typed = projectFormSnapshot(CLINIC_PROJECT, clinicFormInput(), provincialPack(), clinicFormResult());
    expect(typed.projectName).toBe('社区卫生服务中心医疗设备购置');
    const none = projectFormSnapshot(ROAD_PROJECT, roadFormInput((input) => delete input.header), nationalPack(), roadFormResult());
    expect(none).toMatchObject({ projectName: '农村公路养护项目', projectLeader: '', phone: '' });
  });

  it("carries the pack's labels and columns, the derived total, cap and grade, never a typed one", () => {
    const form = projectFormSnapshot(CLINIC_PROJECT, clinicFormInput((input) => (input.stated = { total: '95.17', grade: '优' })), provincialPack(), clinicFormResult());
    expect(form).toMatchObject({
      rulePackName: '四川省（川财绩〔2021〕）',
      columns: { budget: '调整后预算数', spent: '执行数' },
      indicatorColumns: { nature: true, unit: true },
      fundingReasonColumn: true,
      total: '89',
      cap: '89',
      grade: '良',
    });
    expect(form.funding[0]).toMatchObject({ rate: '72.50%', score: '7.25' });
    expect(form.indicators[0]).toEqual({
      level1: '产出指标',
      level2: '数量指标',
      level3: '设备购置数量',
      nature: '≥',
      unit: '台（套）',
      target: '12',
      actual: '11',
      points: '25',
      score: '22.92',
      deviationReason: '彩超流标后重新招标，已于次年一月到货安装。',
    });
  });
});

describe('the snapshot of a case with project forms', () => {
  it('canonicalises a case without forms to the text it had before forms existed', () => {
    expect(canonicalJson(buildSnapshot(sources()))).toBe(SEALED_BEFORE_FORMS);
    expect(canonicalJson(buildSnapshot(sources({ projectForms: [], departmentReport: true })))).toBe(SEALED_BEFORE_FORMS);
  });

  it('carries the forms in order, and says so only when the unit files no department-wide report', () => {
    const withForms = buildSnapshot(sources({ projectForms: printedForms() }));
    expect(withForms.projectForms?.map((f) => f.code)).toEqual(['P01', 'P02']);
    expect('departmentReport' in withForms).toBe(false);
    const formsOnly = buildSnapshot(sources({ projectForms: printedForms(), departmentReport: false }));
    expect(formsOnly.departmentReport).toBe(false);
    expect(canonicalJson(formsOnly)).toContain('"departmentReport":false');
  });

  it('copies the forms, so that changing the sources afterwards does not change the snapshot', () => {
    const forms = printedForms();
    const snapshot = buildSnapshot(sources({ projectForms: forms }));
    forms[0]!.funding[0]!.spent = '200.00';
    forms[0]!.indicators[0]!.score = '0';
    expect(snapshot.projectForms![0]!.funding[0]!.spent).toBe('173.21');
    expect(snapshot.projectForms![0]!.indicators[0]!.score).toBe('20');
  });
});
