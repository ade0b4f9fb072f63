import { chineseDate, renderDigestMail, renderSingleMail, timeLeft } from './mail-templates';
import type { ReminderPayload } from './reminder-payload';

function payload(overrides: Partial<ReminderPayload> = {}): ReminderPayload {
  return {
    taskKind: 'draft_section',
    caseId: '5b2d3c1e-0000-4000-8000-000000000001',
    unitName: '中共湛江市霞山区委组织部',
    documentNumber: '湛霞财〔2024〕68号',
    campaignTitle: '关于开展2023年度部门整体支出绩效自评的通知',
    sectionCode: '2.1',
    sectionTitle: '项目绩效情况',
    dueDate: '2024-03-15',
    workingDaysLeft: 3,
    assigneeName: null,
    urgedByName: null,
    message: null,
    link: '/cases/5b2d3c1e-0000-4000-8000-000000000001/sections/2.1',
    window: { start: '08:30', end: '17:30' },
    ...overrides,
  };
}

describe('mail templates', () => {
  it('says what is due and by when in the subject of a reminder', () => {
    const mail = renderSingleMail('reminder', payload(), '李明', 'https://jixiao.example.gov.cn/');
    expect(mail.subject).toBe('【绩效自评】请于2024年3月15日前完成“项目绩效情况”初稿');
    expect(mail.text).toContain('李明，您好：');
    expect(mail.text).toContain('截止日期为2024年3月15日（星期五），还有3个工作日');
    expect(mail.text).toContain('单位：中共湛江市霞山区委组织部');
    expect(mail.text).toContain('湛霞财〔2024〕68号');
    expect(mail.text).toContain('章节：2.1 项目绩效情况');
    expect(mail.text).toContain('办理地址：https://jixiao.example.gov.cn/cases/5b2d3c1e-0000-4000-8000-000000000001/sections/2.1');
    expect(mail.html).toContain('<a href="https://jixiao.example.gov.cn/cases/5b2d3c1e-0000-4000-8000-000000000001/sections/2.1">');
  });

  it('counts overdue working days for an overdue notice and names the late person in an escalation', () => {
    const overdue = renderSingleMail('overdue', payload({ workingDaysLeft: -2 }), '李明', 'http://localhost:3000');
    expect(overdue.subject).toBe('【绩效自评】已逾期：请尽快完成“项目绩效情况”初稿（截止2024年3月15日）');
    expect(overdue.text).toContain('已逾期2个工作日');
    const escalation = renderSingleMail('escalation', payload({ workingDaysLeft: -2, assigneeName: '王芳' }), '张伟', 'http://localhost:3000');
    expect(escalation.subject).toContain('逾期督办：王芳未按期完成“项目绩效情况”初稿');
    expect(escalation.text).toContain('王芳负责的');
  });

  it('carries who urged and their words in a 催办', () => {
    const mail = renderSingleMail('urge', payload({ taskKind: 'submit', sectionCode: null, sectionTitle: null, urgedByName: '赵科长', message: '请今天下班前报送' }), '李明', 'http://localhost:3000');
    expect(mail.subject).toBe('【绩效自评】催办：请尽快向财政局报送自评报告（截止2024年3月15日）');
    expect(mail.text).toContain('赵科长催办');
    expect(mail.text).toContain('留言：请今天下班前报送');
    expect(mail.text).not.toContain('章节：');
  });

  it('escapes what people typed in the HTML part', () => {
    const mail = renderSingleMail('urge', payload({ urgedByName: '赵<b>', message: '<script>alert(1)</script>' }), 'A & B', 'http://localhost:3000');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('A &amp; B');
  });

  it('groups all of a person’s items in one digest, overdue first', () => {
    const mail = renderDigestMail(
      '2024-03-12',
      [
        { kind: 'reminder', payload: payload({ workingDaysLeft: 3 }) },
        { kind: 'overdue', payload: payload({ taskKind: 'submit', sectionCode: null, sectionTitle: null, dueDate: '2024-03-08', workingDaysLeft: -2 }) },
      ],
      '李明',
      'http://localhost:3000',
    );
    expect(mail.subject).toBe('【绩效自评】2024年3月12日待办汇总：2项（其中1项已逾期）');
    expect(mail.text.indexOf('【已逾期】向财政局报送自评报告')).toBeLessThan(mail.text.indexOf('【提醒】完成“项目绩效情况”初稿'));
    expect(mail.html.match(/<li>/g)).toHaveLength(2);
  });

  it('writes dates and time left the Chinese way', () => {
    expect(chineseDate('2025-01-05')).toBe('2025年1月5日');
    expect([timeLeft(1), timeLeft(0), timeLeft(-1)]).toEqual(['还有1个工作日', '今天到期', '已逾期1个工作日']);
  });
});
