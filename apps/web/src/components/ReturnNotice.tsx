import { useEffect, useState } from 'react';
import { Alert, Collapse, Typography } from 'antd';
import { api, call } from '../api/client';
import type { HistoryEntry } from '../api/views';

const beijing = (at: string) => new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** What sends a section back to its writer with a reason: a return (退回), or a reopen (重新打开) of an approved section. */
const BACK_TO_WRITER = ['SECTION_RETURN', 'SECTION_REOPEN'];

/** A section's returns (退回) and reopens (重新打开), newest first, read from the case history. */
export function sectionReturns(history: readonly HistoryEntry[], code: string): HistoryEntry[] {
  return history.filter((h) => BACK_TO_WRITER.includes(h.event) && h.details.section === code).sort((a, b) => b.seq - a.seq);
}

/** Whether the section's last event sent it back: it came back and has not been submitted again. */
function stillReturned(history: readonly HistoryEntry[], code: string): boolean {
  const last = history.filter((h) => h.event.startsWith('SECTION_') && h.details.section === code).sort((a, b) => b.seq - a.seq)[0];
  return last !== undefined && BACK_TO_WRITER.includes(last.event);
}

function Round({ entry }: { entry: HistoryEntry }) {
  return (
    <>
      <Typography.Text strong>{entry.comment ?? '（未写原因）'}</Typography.Text>
      <div>
        <Typography.Text type="secondary">
          {entry.actorName ?? '系统'}
          {entry.onBehalfOfName ? `（代${entry.onBehalfOfName}）` : ''} 于 {beijing(entry.at)}（北京时间）{entry.event === 'SECTION_REOPEN' ? '重新打开' : '退回'}
        </Typography.Text>
      </div>
    </>
  );
}

function EarlierRounds({ rounds }: { rounds: HistoryEntry[] }) {
  if (rounds.length === 0) return null;
  return (
    <Collapse
      size="small"
      style={{ marginTop: 8 }}
      items={[
        {
          key: 'earlier',
          label: `此前还${rounds.some((r) => r.event === 'SECTION_REOPEN') ? '退回或重新打开' : '退回'}过 ${rounds.length} 次`,
          children: (
            <ol style={{ margin: 0, paddingLeft: 20 }}>
              {rounds.map((r) => (
                <li key={r.seq}>
                  <Round entry={r} />
                </li>
              ))}
            </ol>
          ),
        },
      ]}
    />
  );
}

/**
 * Why a section came back: the reason, who returned it and when, at the top of its page while it
 * waits to be submitted again; the earlier rounds folded beneath. After a resubmission, the
 * rounds stay listed as history, without the warning.
 */
export function SectionReturnNotice({ caseId, code, state }: { caseId: string; code: string; state: string }) {
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  useEffect(() => {
    call<HistoryEntry[]>(() => api.GET('/api/cases/{id}/history', { params: { path: { id: caseId } } }))
      .then(setHistory)
      .catch(() => setHistory([]));
  }, [caseId, code, state]);
  const rounds = sectionReturns(history, code);
  if (rounds.length === 0) return null;
  const [latest, ...earlier] = rounds;
  if (!stillReturned(history, code)) {
    return <EarlierRounds rounds={rounds} />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="section-return"
      style={{ marginBottom: 16 }}
      title={latest!.event === 'SECTION_REOPEN' ? '本章节审核通过后被重新打开，请按下面的意见修改后重新提交' : '本章节被退回修改，请按下面的意见修改后重新提交'}
      description={
        <>
          <Round entry={latest!} />
          <EarlierRounds rounds={earlier} />
        </>
      }
    />
  );
}

/**
 * The last return of the whole report (by the finance bureau after submission, or by the leaders in
 * internal review), on the case header until the unit sends the report on again.
 */
export function CaseReturnNotice({ history }: { history: readonly HistoryEntry[] }) {
  const moves = history.filter((h) => h.event === 'RETURN' || h.event === 'SUBMIT' || h.event === 'REQUEST_REVIEW').sort((a, b) => b.seq - a.seq);
  const last = moves[0];
  if (!last || last.event !== 'RETURN') return null;
  const byBureau = last.fromState?.startsWith('submitted') ?? false;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="case-return"
      style={{ marginTop: 16 }}
      title={byBureau ? '财政局退回了报送的报告，请修改后重新报送' : '报告在内部审核中被退回，请修改后重新提请审核'}
      description={<Round entry={last} />}
    />
  );
}
