import { renderInvitationMail, shanghaiDateTime } from './invitation-mail';

describe('the invitation mail', () => {
  const payload = { token: 'T'.repeat(43), username: 'zzb.zhangsan', organisationName: '中共某某区委组织部', invitedByName: '王管理', expiresAt: '2026-03-04T15:10:00.000Z' };

  it('names the account, the organisation, who invited and the expiry in Beijing time, with the link', () => {
    const mail = renderInvitationMail(payload, '张三', 'https://jixiao.example.gov.cn/');
    expect(mail.subject).toBe('【绩效自评】请设置您的账号密码（中共某某区委组织部）');
    for (const part of ['张三，您好', '账号：zzb.zhangsan', '单位：中共某某区委组织部', '邀请人：王管理', '有效期至：2026年3月4日 23:10（北京时间）', `设置密码：https://jixiao.example.gov.cn/invite/${'T'.repeat(43)}`]) {
      expect(mail.text).toContain(part);
    }
    expect(mail.html).toContain(`href="https://jixiao.example.gov.cn/invite/${'T'.repeat(43)}"`);
    expect(mail.text).toContain('请联系管理员重新发送邀请');
  });

  it('refuses to render a row whose token was dropped', () => {
    expect(() => renderInvitationMail({ ...payload, token: undefined as unknown as string }, '张三', 'https://x')).toThrow();
  });

  it('writes midnight as 00:00 in Beijing time', () => {
    expect(shanghaiDateTime('2026-03-03T16:00:00Z')).toBe('2026年3月4日 00:00（北京时间）');
  });
});
