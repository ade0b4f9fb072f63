/** A form's approval state in words, the same on the case page and on the form. */
export function formStatus(form: { approval: unknown; returned?: unknown; revision: number }): { text: string; color?: string } {
  if (form.approval) return { text: '已审核', color: 'green' };
  if (form.returned) return { text: '已退回', color: 'red' };
  if (form.revision === 0) return { text: '未填写' };
  return { text: '待审核', color: 'orange' };
}
