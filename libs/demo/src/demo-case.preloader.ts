import { Injectable } from '@nestjs/common';
import { CaseEvents, ProjectFormsService, ReportTablesService, SectionAssignmentService, SectionContentService, SectionWorkflowService, type Principal } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { DEFAULT_OUTLINE } from '@jixiao/workflow';
import { DEMO_PROJECTS } from './demo-project-forms';

/** The second unit's people as the preloader acts for them. */
export interface PreloadPeople {
  admin: Principal;
  leader: Principal;
  member: Principal;
}

const paragraph = (text: string) => ({ type: 'paragraph', text });

/**
 * What the member of 档案馆 has written so far, in words of our own: three sections drafted, one of
 * them submitted and approved-to-be, one returned with the leader's reason.
 */
const DRAFTS: ReadonlyArray<{ code: string; text: string; then: 'submit' | 'return' | 'keep' }> = [
  {
    code: '1.1',
    text: '本馆内设办公室、业务科和信息技术科三个科室，承担全区档案的接收、保管、整理和利用工作，年末实有在编人员14人。',
    then: 'submit',
  },
  {
    code: '1.2',
    text: '本年度本馆重点推进馆藏档案数字化，完成纸质档案扫描约12万页，并向社会开放查阅服务。',
    then: 'keep',
  },
  {
    code: '2.1',
    text: '本年度收入412.35万元，支出405.60万元，资金主要用于人员工资和档案数字化项目。',
    then: 'return',
  },
];

const RETURN_REASON = '请按决算报表分列基本支出和项目支出的金额，并说明数字化项目的预算执行率。';

/**
 * Preloads the demo's second unit (档案馆) part-way, so that a new user opens a living case
 * instead of playing every role first: the group formed, the sections assigned, the
 * self-assessment started, three sections drafted (one submitted, one returned with a reason),
 * and a data table whose income total is 0.02 万元 off its parts, a warning waiting for the
 * compiler to acknowledge. Every step goes through the same use cases as the API.
 */
@Injectable()
export class DemoCasePreloader {
  constructor(
    private readonly transactor: Transactor,
    private readonly events: CaseEvents,
    private readonly assignments: SectionAssignmentService,
    private readonly content: SectionContentService,
    private readonly sections: SectionWorkflowService,
    private readonly tables: ReportTablesService,
    private readonly projectForms: ProjectFormsService,
  ) {}

  async preload(campaignId: string, unitId: string, people: PreloadPeople, dueDate: string): Promise<void> {
    const [found] = (await this.transactor.manager.query(`SELECT id FROM evaluation_cases WHERE campaign_id = $1 AND unit_id = $2`, [campaignId, unitId])) as Array<{ id: string }>;
    const caseId = found!.id;
    await this.events.send(
      people.admin,
      caseId,
      {
        type: 'FORM_GROUP',
        group: {
          leaderId: people.leader.userId,
          memberIds: [people.member.userId],
          compilerIds: [people.admin.userId],
          sealKeeperIds: [people.admin.userId],
          publisherIds: [people.admin.userId],
        },
      },
      null,
    );
    for (const section of DEFAULT_OUTLINE) {
      await this.assignments.assignSection(people.leader, caseId, section.code, { assigneeId: people.member.userId, dueDate });
    }
    await this.events.send(people.leader, caseId, { type: 'START_SELF_ASSESSMENT' }, null);
    for (const draft of DRAFTS) {
      await this.content.save(people.member, caseId, draft.code, { blocks: [paragraph(draft.text)], expectedRevision: 0 });
      if (draft.then === 'keep') continue;
      await this.sections.sendSectionEvent(people.member, caseId, draft.code, { type: 'SUBMIT' });
      if (draft.then === 'return') await this.sections.sendSectionEvent(people.leader, caseId, draft.code, { type: 'RETURN', reason: RETURN_REASON });
    }
    await this.tables.saveDataTable(people.admin, caseId, {
      input: {
        unit: '万元',
        // 300.12 + 100.21 + 12.00 = 412.33: the printed total is 0.02 above its parts.
        income: { total: '412.35', components: { generalPublicBudgetAppropriation: '300.12', governmentFundAppropriation: '100.21', other: '12.00' } },
        expenditure: { total: '405.60', basicAndProject: { basic: '230.40', project: '175.20' } },
      },
      expectedRevision: 0,
    });
    // The unit's two key projects (added by the bureau when it issued the notice), their forms filled.
    for (const form of (await this.projectForms.list(people.admin, caseId)).forms) {
      const demo = DEMO_PROJECTS.find((p) => p.code === form.code);
      if (demo) await this.projectForms.save(people.admin, caseId, form.projectId, { input: demo.form, expectedRevision: 0 });
    }
  }
}
