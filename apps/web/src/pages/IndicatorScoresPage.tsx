import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Input, Space, Statistic, Table, Typography } from 'antd';
import { DEFAULT_INDICATOR_CONFIG, checkScores, indicatorLeaves, parseScores, problemKey, totalAndGrade, type IndicatorConfig, type IndicatorLeaf, type Problem } from '@jixiao/report';
import { Link, useParams } from 'react-router-dom';
import { actionOf } from '../actions';
import { api, call } from '../api/client';
import type { CampaignView, CaseDetail, IndicatorScoresView } from '../api/views';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList, fieldStatus } from '../components/ProblemList';
import { ProblemSummary, SectionProblems, sectionOf } from '../components/TableProblems';
import { useLoad } from '../use-load';

interface Entry {
  score: string;
  justification: string;
}

/** The indicator score sheet (指标评分表): a score per leaf, a justification for every deduction; total and grade are computed as typed. */
export function IndicatorScoresPage() {
  const { caseId = '' } = useParams();
  const { message } = App.useApp();
  const [entries, setEntries] = useState<Record<string, Entry>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { data, error: loadError, reload } = useLoad(async () => {
    const detail = await call<CaseDetail>(() => api.GET('/api/cases/{id}', { params: { path: { id: caseId } } }));
    const [scores, campaign] = await Promise.all([
      call<IndicatorScoresView>(() => api.GET('/api/cases/{id}/indicator-scores', { params: { path: { id: caseId } } })),
      call<CampaignView>(() => api.GET('/api/campaigns/{id}', { params: { path: { id: detail.campaignId } } })),
    ]);
    return { detail, scores, config: (campaign.indicatorConfig as IndicatorConfig | null) ?? DEFAULT_INDICATOR_CONFIG };
  }, [caseId]);
  useEffect(() => {
    if (!data) return;
    const next: Record<string, Entry> = {};
    const saved = Array.isArray(data.scores.input) ? (data.scores.input as Array<{ code: string; score: string | null; justification?: string }>) : [];
    for (const s of saved) next[s.code] = { score: s.score ?? '', justification: s.justification ?? '' };
    setEntries(next);
  }, [data]);

  const sheet = useMemo(
    () =>
      data
        ? indicatorLeaves(data.config).map((leaf) => ({
            code: leaf.code,
            score: entries[leaf.code]?.score.trim() ? entries[leaf.code]!.score.trim() : null,
            ...(entries[leaf.code]?.justification.trim() ? { justification: entries[leaf.code]!.justification.trim() } : {}),
          }))
        : [],
    [data, entries],
  );
  // The API's own parse, checks and sums, run in the browser as the compiler types.
  const { problems, result } = useMemo(() => {
    if (!data) return { problems: [] as Problem[], result: null };
    const parsed = parseScores(sheet);
    if (parsed.problems.length > 0) return { problems: parsed.problems, result: null };
    return { problems: checkScores(data.config, parsed.scores), result: totalAndGrade(data.config, parsed.scores) };
  }, [data, sheet]);

  const scored = sheet.filter((s) => s.score !== null).length;
  if (!data) return <Card loading={!loadError}>{loadError ? <ErrorNotice error={loadError} onReload={reload} /> : null}</Card>;
  // Editable exactly when the table's view says the caller may edit it now (the rulebook's answer).
  const editable = actionOf(data.scores.actions, 'EDIT')?.available === true;
  const leaves = indicatorLeaves(data.config);
  // The API also checks what the browser cannot know (the execution score against the saved table's
  // rate): shown on its leaf while the sheet is as saved.
  const scoreAt = (code: string) => {
    const live = problems.filter((p) => p.path === `indicators.${code}.score`);
    if (dirty) return live;
    const seen = new Set(live.map(problemKey));
    return [...live, ...saved.filter((p) => p.path === `indicators.${code}.score` && !seen.has(p.key))];
  };
  const justificationAt = (code: string) => problems.filter((p) => p.path === `indicators.${code}.justification`);
  const saved = data.scores.problems;
  const savedSheet = Array.isArray(data.scores.input) ? (data.scores.input as Array<{ code: string; score: string | null; justification?: string }>) : [];
  const savedEntries = new Map(savedSheet.map((s) => [s.code, { score: s.score ?? '', justification: s.justification ?? '' }]));
  const dirty = leaves.some((leaf) => {
    const now = entries[leaf.code] ?? { score: '', justification: '' };
    const then = savedEntries.get(leaf.code) ?? { score: '', justification: '' };
    return now.score.trim() !== then.score.trim() || now.justification.trim() !== then.justification.trim();
  });
  const leafPaths = new Set(leaves.flatMap((leaf) => [`indicators.${leaf.code}.score`, `indicators.${leaf.code}.justification`]));
  const onLeaf = (path: string) => leafPaths.has(path);
  const liveKeys = new Set(problems.map(problemKey));
  const inSections = saved.filter((p) => sectionOf(p.path) !== null);
  // Problems of the sheet as a whole (its total, its grade), found live or, for the sheet as saved, by the API only.
  const elsewhere = [...problems.filter((p) => !onLeaf(p.path)), ...(dirty ? [] : saved.filter((p) => !onLeaf(p.path) && sectionOf(p.path) === null && !liveKeys.has(p.key)))];
  const set = (code: string, change: Partial<Entry>) => setEntries({ ...entries, [code]: { ...(entries[code] ?? { score: '', justification: '' }), ...change } });
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(() => api.PUT('/api/cases/{id}/indicator-scores', { params: { path: { id: caseId } }, body: { input: sheet, expectedRevision: data.scores.revision } }));
      message.success('指标评分已保存。');
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{data.config.title}</h1>} extra={<Typography.Text type="secondary">第 {data.scores.revision} 次保存</Typography.Text>}>
      <Typography.Paragraph>
        <Link to={`/cases/${caseId}`}>← 返回 {data.detail.unitName} 的评价任务</Link>
      </Typography.Paragraph>
      <Space size="large" wrap style={{ marginBottom: 16 }}>
        {/* Nothing scored yet reads as a dash, not as a total of 0; part-scored shows how far it got. */}
        <Statistic
          title="自评得分"
          value={scored === 0 ? '—' : (result?.total ?? '—')}
          suffix={scored > 0 && scored < sheet.length ? <Typography.Text type="secondary" style={{ fontSize: 14 }}>（已评 {scored}/{sheet.length} 项）</Typography.Text> : undefined}
        />
        <Statistic title="自评等级" value={result?.grade ?? '未评完'} />
      </Space>
      <ErrorNotice error={error} onReload={() => { setError(null); reload(); }} />
      <ProblemSummary problems={saved} dirty={dirty} table="指标评分表" elsewhere={inSections.length > 0 ? '与章节正文有关的问题列在下面，附有打开该章节的链接' : undefined} />
      <SectionProblems caseId={caseId} problems={inSections} sections={data.detail.sections} />
      <Table<IndicatorLeaf>
        rowKey="code"
        size="small"
        pagination={false}
        // Wide enough for a justification to be written at phone width: the table scrolls sideways there.
        scroll={{ x: 640 }}
        dataSource={leaves}
        columns={[
          { title: '指标', key: 'name', render: (_, leaf) => `${leaf.code} ${leaf.name}` },
          { title: '分值', key: 'maximum', render: (_, leaf) => leaf.maximum.toString() },
          {
            title: '得分',
            key: 'score',
            render: (_, leaf) => (
              <>
                <Input
                  aria-label={`${leaf.code} ${leaf.name} 得分`}
                  inputMode="decimal"
                  style={{ width: 100 }}
                  readOnly={!editable}
                  value={entries[leaf.code]?.score ?? ''}
                  status={fieldStatus(scoreAt(leaf.code))}
                  onChange={(e) => set(leaf.code, { score: e.target.value })}
                />
                {/* Narrow, so that a long message wraps under the score instead of squeezing the justification. */}
                <div style={{ maxWidth: 240 }}>
                  <ProblemList problems={scoreAt(leaf.code)} live />
                </div>
              </>
            ),
          },
          {
            title: '扣分理由',
            key: 'justification',
            render: (_, leaf) => (
              <>
                <Input.TextArea
                  aria-label={`${leaf.code} ${leaf.name} 扣分理由`}
                  autoSize
                  readOnly={!editable}
                  value={entries[leaf.code]?.justification ?? ''}
                  status={fieldStatus(justificationAt(leaf.code))}
                  onChange={(e) => set(leaf.code, { justification: e.target.value })}
                />
                <ProblemList problems={justificationAt(leaf.code)} live />
              </>
            ),
          },
        ]}
      />
      <ProblemList problems={elsewhere} live />
      {editable && (
        <Button type="primary" style={{ marginTop: 16 }} loading={busy} onClick={() => void save()}>
          保存评分
        </Button>
      )}
    </Card>
  );
}
