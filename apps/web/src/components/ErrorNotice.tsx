import { Alert, Button, type FormInstance } from 'antd';
import { ApiProblem } from '../api/client';
import { describe, fieldErrors, isConflict, reasons } from '../api/errors';

/** A refusal explained in words; a conflict (someone else acted first) comes with a reload button. */
export function ErrorNotice({ error, onReload }: { error: unknown; onReload?: () => void }) {
  if (!error) return null;
  // A fault of the page itself carries a programmer's English: the person is told what to do instead.
  const own = error instanceof Error && /[\u4e00-\u9fff]/.test(error.message) ? error.message : '页面出现意外错误，请刷新后重试；仍有问题请联系管理员。';
  const problem = error instanceof ApiProblem ? error : new ApiProblem(0, 'UNEXPECTED', own);
  const conflict = isConflict(problem);
  const listed = reasons(problem);
  return (
    <Alert
      role="alert"
      type={conflict ? 'warning' : 'error'}
      showIcon
      style={{ marginBottom: 16 }}
      title={conflict ? '其他人已先一步操作' : describe(problem)}
      description={
        <>
          {conflict && <div>{describe(problem)}请重新加载，看到最新的内容后再操作。</div>}
          {listed.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {listed.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </>
      }
      action={
        conflict && onReload ? (
          <Button size="small" type="primary" onClick={onReload}>
            重新加载
          </Button>
        ) : undefined
      }
    />
  );
}

/** A field problem from the API (class-validator's English) in a sentence a person can act on. */
export function fieldMessage(problem: string): string {
  if (/UUID/.test(problem)) return '请从列表中选择，或填写正确的编号（ID）。';
  if (/must be one of|should not be empty|must be an array/.test(problem)) return '请选择或填写此项。';
  if (/blank|must be a string|longer than or equal/.test(problem)) return '此项不能为空。';
  if (/shorter than or equal|too long/i.test(problem)) return '内容太长，请精简。';
  if (/date/i.test(problem)) return '请填写正确的日期（年-月-日）。';
  if (/URL|url/.test(problem)) return '请填写以 http:// 或 https:// 开头的网址。';
  if (/number|integer|must not be/.test(problem)) return '请填写正确的数字。';
  // The API's own words are shown when they are Chinese, never class-validator's English.
  return /[\u4e00-\u9fff]/.test(problem) ? problem : '此项填写不正确，请按要求修改。';
}

/**
 * Puts the API's field problems next to the form's fields. `names` maps an API field path to the
 * form's field name where they differ; answers whether any field was marked.
 */
export function markFields(form: FormInstance, error: unknown, names: Record<string, string> = {}): boolean {
  if (!(error instanceof ApiProblem)) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const marks: Array<{ name: string; errors: string[] }> = [];
  const byName = new Map<string, string[]>();
  // A refusal of the use case names its fields with its own message: say it in the code's words.
  const own = !error.code.startsWith('VALIDATION.');
  for (const [field, problems] of fieldErrors(error)) {
    // `group.leaderId` is the form's `leaderId`; `unitIds.2` is the form's `unitIds`.
    const segments = field.split('.');
    const name = names[field] ?? [segments.at(-1), segments[0], field].find((candidate) => candidate !== undefined && known.has(candidate));
    if (name) byName.set(name, [...new Set([...(byName.get(name) ?? []), ...(own ? [describe(error)] : problems.map(fieldMessage))])]);
  }
  for (const [name, errors] of byName) marks.push({ name, errors });
  form.setFields(marks);
  return marks.length > 0;
}
