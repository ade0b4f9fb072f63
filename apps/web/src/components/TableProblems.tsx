import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ReportProblem, SectionView } from '../api/views';
import { ProblemList, isUnfilled } from './ProblemList';

/** What stops the request for review in a table as saved: its errors, the warnings nobody acknowledged, and what is still blank. */
export function blockingCounts(problems: readonly ReportProblem[]): { errors: number; warnings: number; unfilled: number } {
  return {
    errors: problems.filter((p) => p.severity === 'error' && !isUnfilled(p)).length,
    warnings: problems.filter((p) => p.severity === 'warning' && !p.acknowledgement).length,
    unfilled: problems.filter((p) => p.severity === 'error' && isUnfilled(p)).length,
  };
}

/**
 * One line above a table: what in the saved table still stops the request for review, and where to look.
 * What is only blank is progress (待填写, neutral); red is kept for what is wrong.
 */
export function ProblemSummary({ problems, dirty, table, elsewhere }: { problems: readonly ReportProblem[]; dirty: boolean; table: string; elsewhere?: string }) {
  const { errors, warnings, unfilled } = blockingCounts(problems);
  const unsaved = dirty ? '页面上有尚未保存的修改，保存后按新的数字重新核对。' : null;
  if (errors === 0 && warnings === 0 && unfilled === 0) {
    return <Alert data-testid="table-problem-summary" type="success" showIcon style={{ marginBottom: 16 }} title={`已保存的${table}没有妨碍提请内部审核的问题。`} description={unsaved} />;
  }
  if (errors === 0 && warnings === 0) {
    return (
      <Alert
        data-testid="table-problem-summary"
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        // A table never saved is one problem (DATA_TABLE.MISSING), not one item: no count then.
        title={problems.some((p) => p.code === 'DATA_TABLE.MISSING') ? `${table}尚未填写，填完并保存后才能提请内部审核。` : `${table}还有 ${unfilled} 项待填写，填完后才能提请内部审核。`}
        description={
          <>
            <div>每个待填写的栏目旁边有灰色提示；没有填错的地方。</div>
            {unsaved && <div>{unsaved}</div>}
          </>
        }
      />
    );
  }
  const counted = [errors > 0 ? `${errors} 个错误` : null, warnings > 0 ? `${warnings} 个警告未确认` : null, unfilled > 0 ? `${unfilled} 项待填写` : null].filter(Boolean).join('，');
  return (
    <Alert
      data-testid="table-problem-summary"
      type={errors > 0 ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      title={`已保存的${table}还有 ${counted}，${errors > 0 && warnings > 0 ? '改正并确认' : errors > 0 ? '改正' : '确认'}后才能提请内部审核。`}
      description={
        <>
          <div>每个问题显示在它所在的栏目旁边{elsewhere ? `；${elsewhere}` : ''}。</div>
          {unsaved && <div>{unsaved}</div>}
        </>
      }
    />
  );
}

/** A problem's section and paragraph, for paths such as `sections.1.4.blocks.0`. */
export function sectionOf(path: string): { code: string; block: number | null } | null {
  const found = /^sections\.(.+?)(?:\.blocks\.(\d+))?$/.exec(path);
  return found ? { code: found[1]!, block: found[2] === undefined ? null : Number(found[2]) } : null;
}

/** Problems found in the sections' text (a figure quoted that the table contradicts), each with a link to fix it there. */
export function SectionProblems({ caseId, problems, sections }: { caseId: string; problems: readonly ReportProblem[]; sections: readonly SectionView[] }) {
  if (problems.length === 0) return null;
  const titles = new Map(sections.map((s) => [s.code, s.title]));
  return (
    <Card type="inner" size="small" title="与章节正文核对（按已保存的数据）" style={{ marginBottom: 16 }} data-testid="section-problems">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        正文引用的数字须与本表一致：改正文或改本表都可以。
      </Typography.Paragraph>
      <ProblemList
        problems={problems}
        after={(problem) => {
          const at = sectionOf(problem.path);
          if (!at) return null;
          const title = titles.get(at.code);
          return (
            <Link to={`/cases/${caseId}/sections/${at.code}`} style={{ display: 'inline-block', margin: '2px 0 8px 8px' }}>
              打开第 {at.code} 节{title ? `「${title}」` : ''}
              {at.block !== null ? `（第 ${at.block + 1} 段）` : ''}修改正文 →
            </Link>
          );
        }}
      />
    </Card>
  );
}

/** A saved warning's acknowledgement: who accepted it and why, or the control to accept it with a comment. */
export function WarningAcknowledgement({
  warning,
  label,
  editable,
  dirty,
  comment,
  onComment,
  onAcknowledge,
}: {
  warning: ReportProblem;
  label: string;
  editable: boolean;
  dirty: boolean;
  comment: string;
  onComment: (comment: string) => void;
  onAcknowledge: () => void;
}) {
  if (warning.acknowledgement) return <Typography.Text type="success">已确认：{warning.acknowledgement.comment}</Typography.Text>;
  if (!editable) return <Typography.Text type="secondary">尚未确认</Typography.Text>;
  if (dirty) return <Typography.Text type="secondary">保存后可确认此警告</Typography.Text>;
  return (
    <Space wrap style={{ marginTop: 4 }}>
      <Input aria-label={`确认说明：${label}`} placeholder="说明为什么接受这个差异" style={{ width: 320, maxWidth: '100%' }} value={comment} onChange={(e) => onComment(e.target.value)} />
      <Button onClick={onAcknowledge}>确认警告</Button>
    </Space>
  );
}
